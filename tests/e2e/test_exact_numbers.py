"""Issue 11's sequence in a real browser: type `0,845` in the Vietnamese form, let autosave
save it, reload, edit another field, let autosave save again: the stored density is still
0.845 (it used to come back as 845), and a refrigerant top-up typed `12,345` kg stays 12.345 kg."""
import json
import urllib.request
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from intake.domain import jsonio
from intake.services.seeding import DEMO_PASSWORD
from tests.e2e.test_filing import log_in

pytestmark = pytest.mark.e2e

FILER = "doanhnghiep@demo.intake.vn"


def api(portal, method, path, body=None, token=None):
    request = urllib.request.Request(
        portal + path, method=method, data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request) as response:
        return jsonio.loads(response.read())


def draft_for_a_new_facility(portal):
    token = api(portal, "POST", "/api/v1/tokens", {"email": FILER, "password": DEMO_PASSWORD})["token"]
    facility = api(portal, "POST", "/api/v1/facilities",
                   {"name": "Xưởng thử số thập phân", "address": "KCN Thăng Long", "commune_code": "00493"},
                   token)
    report = api(portal, "POST", "/api/v1/reports", {
        "form": "ghg-inventory", "facility_id": facility["id"],
        "document": {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
                     "years": [{"year": 2025, "sources": []}]}}, token)
    return report["id"], token


def stored_sources(portal, report_id, token):
    return api(portal, "GET", f"/api/v1/reports/{report_id}", token=token)["document"]["years"][0]["sources"]


def test_a_decimal_comma_survives_reload_and_the_next_autosave(portal, page):
    report_id, token = draft_for_a_new_facility(portal)
    log_in(page, portal)
    page.goto(f"{portal}/reports/{report_id}")
    page.get_by_role("link", name="III. Nguồn phát thải và số liệu hoạt động").click()
    status = page.locator("[data-autosave-status]")
    for index, (category, choices, quantity, unit) in enumerate((
            ("stationary_combustion", {"sector": "manufacturing", "fuel": "diesel_oil"}, "1.000", "L"),
            ("refrigerant", {"gas": "R-410A"}, "12,345", "kg"))):
        page.locator("[data-add-row][value='years[0].sources']").click()
        prefix = f"#f-years-0-sources-{index}-"
        page.fill(prefix + "id", f"S{index + 1}")
        page.select_option(prefix + "category", category)
        for key, value in choices.items():
            page.select_option(prefix + key, value)
        page.fill(prefix + "quantity", quantity)
        page.select_option(prefix + "unit", unit)
    with page.expect_response(lambda r: r.url.endswith("/autosave") and r.ok):
        page.fill("#f-years-0-sources-0-density_kg_per_l", "0,845")
    expect(status).to_contain_text("Đã lưu")
    assert stored_sources(portal, report_id, token)[0]["density_kg_per_l"] == Decimal("0.845")

    page.reload()
    page.get_by_role("link", name="III. Nguồn phát thải và số liệu hoạt động").click()
    assert page.locator("#f-years-0-sources-0-density_kg_per_l").input_value() == "0,845"
    assert page.locator("#f-years-0-sources-1-quantity").input_value() == "12,345"
    assert page.locator("#f-years-0-sources-0-quantity").input_value() == "1.000"

    # Edit another field: autosave posts the whole form as rendered.
    with page.expect_response(lambda r: r.url.endswith("/autosave") and r.ok):
        page.fill("#f-years-0-sources-0-description", "Máy phát điện dự phòng")
    expect(status).to_contain_text("Đã lưu")
    sources = stored_sources(portal, report_id, token)
    assert sources[0]["description"] == "Máy phát điện dự phòng"
    assert sources[0]["density_kg_per_l"] == Decimal("0.845")
    assert sources[0]["quantity"] == 1000
    assert sources[1]["quantity"] == Decimal("12.345")

    page.reload()
    assert page.locator("#f-years-0-sources-0-density_kg_per_l").input_value() == "0,845"
