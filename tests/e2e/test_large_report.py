"""A long table in a real browser: its rows are collapsed behind summary lines, a row opens
with every field of its category (taken from the table's template), and changing a row's
category swaps its fields without losing what was typed."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from intake.services.seeding import DEMO_PASSWORD
from tests.e2e.test_exact_numbers import FILER, api, stored_sources
from tests.e2e.test_filing import log_in

pytestmark = pytest.mark.e2e


def test_a_collapsed_row_opens_and_changes_category_in_place(portal, page):
    token = api(portal, "POST", "/api/v1/tokens", {"email": FILER, "password": DEMO_PASSWORD})["token"]
    facility = api(portal, "POST", "/api/v1/facilities",
                   {"name": "Nhà máy thép nhiều nguồn", "address": "KCN Phú Nghĩa", "commune_code": "00493"},
                   token)
    sources = [{"id": f"S{i}", "category": "mobile_combustion", "fuel": "motor_gasoline",
                "quantity": f"{100 + i}", "unit": "L", "density_kg_per_l": "0.74"} for i in range(1, 9)]
    report = api(portal, "POST", "/api/v1/reports", {
        "form": "ghg-inventory", "facility_id": facility["id"],
        "document": {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
                     "years": [{"year": 2025, "sources": sources}]}}, token)
    log_in(page, portal)
    page.goto(f"{portal}/reports/{report['id']}")
    page.get_by_role("link", name="III. Nguồn phát thải và số liệu hoạt động").click()
    row = page.locator("#f-years-0-sources-6")
    summary = row.locator("summary")
    expect(summary).to_contain_text("S7 · Đốt nhiên liệu di động · 107 L")
    expect(page.locator("#f-years-0-sources-6-density_kg_per_l")).to_have_count(0)  # collapsed

    summary.click()
    expect(page.locator("#f-years-0-sources-6-density_kg_per_l")).to_have_value("0,74")
    expect(page.locator("#f-years-0-sources-6-vehicle")).to_be_visible()  # optional, empty

    page.select_option("#f-years-0-sources-6-category", "refrigerant")
    page.select_option("#f-years-0-sources-6-gas", "R-410A")
    page.select_option("#f-years-0-sources-6-unit", "kg")
    expect(page.locator("#f-years-0-sources-6-quantity")).to_have_value("107")
    expect(page.locator("#f-years-0-sources-6-fuel")).to_have_count(1)  # typed: kept, not dropped
    expect(summary).to_contain_text("S7 · Môi chất lạnh · 107 kg")
    with page.expect_response(lambda r: r.url.endswith("/autosave") and r.ok):
        page.fill("#f-years-0-sources-6-equipment", "Chiller 500 RT")
    stored = stored_sources(portal, report["id"], token)
    assert stored[6]["category"] == "refrigerant" and stored[6]["gas"] == "R-410A"
    assert stored[6]["quantity"] == 107 and stored[6]["equipment"] == "Chiller 500 RT"
    # The rows left collapsed were posted back as they were.
    assert stored[5] == {**sources[5], "quantity": 106, "density_kg_per_l": Decimal("0.74")}
