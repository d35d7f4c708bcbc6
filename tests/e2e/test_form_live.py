"""The form never loses or misleads, in a real browser (issue 14): a failed login lands on its
error summary; the step buttons say where they lead and a step change lands on its heading;
the explanation step gains a box as soon as an edit makes a warning, keeping what was typed;
after a save refused because another tab saved, the reload compares the kept copy with the saved
version field by field and takes the kept value."""
import re

import pytest
from playwright.sync_api import expect

from intake.services.seeding import DEMO_PASSWORD
from tests.e2e.test_exact_numbers import FILER, api
from tests.e2e.test_filing import log_in

pytestmark = pytest.mark.e2e

SOURCES_STEP = "III. Nguồn phát thải và số liệu hoạt động"


def draft(portal, name, sources):
    token = api(portal, "POST", "/api/v1/tokens", {"email": FILER, "password": DEMO_PASSWORD})["token"]
    facility = api(portal, "POST", "/api/v1/facilities",
                   {"name": name, "address": "KCN Thăng Long", "commune_code": "00493"}, token)
    report = api(portal, "POST", "/api/v1/reports", {
        "form": "ghg-inventory", "facility_id": facility["id"],
        "document": {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
                     "years": [{"year": 2025, "sources": sources}]}}, token)
    return report["id"], token


def focused(page):
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, cls: e.className, text: e.textContent.trim()}; }""")


def saved(page, action):
    with page.expect_response(lambda r: r.url.endswith("/autosave") and r.ok):
        action()
    expect(page.locator("[data-autosave-status]")).to_contain_text("Đã lưu")


def test_focus_step_names_and_the_explanation_step_follow_the_warnings(portal, page, tmp_path):
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill(FILER)
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert page.locator(".error-summary a[href='#email']").count() == 1

    report_id, _token = draft(portal, "Xưởng giải trình trực tiếp", [
        {"id": "S1", "category": "purchased_electricity", "supply": "grid", "quantity": "12000", "unit": "MWh"}])
    log_in(page, portal)
    page.goto(f"{portal}/reports/{report_id}")
    page.get_by_role("link", name=SOURCES_STEP).click()
    expect(page.get_by_role("heading", name=SOURCES_STEP)).to_be_focused()
    following = page.get_by_role("button", name=re.compile(r"^Bước tiếp theo: "))
    name = following.get_attribute("aria-label").split(": ", 1)[1]
    following.click()
    assert focused(page) == {"tag": "H2", "cls": "", "text": name}
    expect(page.get_by_role("button", name="Bước trước: " + SOURCES_STEP)).to_be_visible()

    page.get_by_role("link", name="Giải trình cảnh báo").click()
    step = page.locator("#section-acknowledgements [data-ack]")
    panel = page.locator("[data-result-panel] .problem-list.warnings li")
    count = step.count()
    assert count == panel.count() >= 1
    first = step.filter(has_text="Nguồn S1")
    saved(page, lambda: first.locator("textarea").fill("Hệ số lưới điện tạm thời theo Bộ Công Thương"))

    # A second grid line: one more warning. The step gains its box without a reload, named by
    # its place, and the reason typed for S1 stays with S1.
    page.get_by_role("link", name=SOURCES_STEP).click()
    page.locator("[data-add-row][value='years[0].sources']").click()
    page.fill("#f-years-0-sources-1-id", "S2")
    page.select_option("#f-years-0-sources-1-category", "purchased_electricity")
    page.select_option("#f-years-0-sources-1-supply", "grid")
    page.select_option("#f-years-0-sources-1-unit", "MWh")
    saved(page, lambda: page.fill("#f-years-0-sources-1-quantity", "800"))
    expect(panel).to_have_count(count + 1)
    expect(step).to_have_count(count + 1)
    # The new warning is also shown in S2's row, and named by the row's aria-describedby.
    assert page.evaluate("""() => {
        const message = document.querySelector('#f-years-0-sources-1 > .warning-message');
        const fields = document.querySelector('#f-years-0-sources-1 > [data-row-fields]');
        return Boolean(message && message.id && message.textContent.includes('chưa được công bố')
                       && fields.getAttribute('aria-describedby').split(' ').includes(message.id)); }""")
    page.get_by_role("link", name="Giải trình cảnh báo").click()
    expect(step.filter(has_text="Năm 2025 › Nguồn S2")).to_have_count(1)
    expect(first.locator("textarea")).to_have_value("Hệ số lưới điện tạm thời theo Bộ Công Thương")
    assert not re.search(r"\b[a-z_]+\[\d+\]", page.locator("#section-acknowledgements").inner_text())
    page.screenshot(path=str(tmp_path / "explanations.png"), full_page=True)


def test_after_a_conflict_the_reload_compares_and_takes_the_kept_value(portal, browser, tmp_path):
    report_id, token = draft(portal, "Xưởng hai tab", [])
    context = browser.new_context(locale="vi-VN")
    try:
        one = context.new_page()
        log_in(one, portal)
        two = context.new_page()
        url = f"{portal}/reports/{report_id}"
        one.goto(url)
        two.goto(url)
        saved(one, lambda: one.fill("#f-facility-contact_name", "Chị Hà"))
        with two.expect_response(lambda r: r.url.endswith("/autosave") and r.status == 412):
            two.fill("#f-facility-contact_name", "Anh Minh")
        expect(two.locator("[data-autosave-status]")).to_contain_text("tab khác")
        # The first tab goes on saving: the second tab's kept copy is not forgotten for that.
        saved(one, lambda: one.fill("#f-facility-contact_phone", "024 3825 1234"))

        two.reload()
        kept = two.locator("[data-kept-copy]")
        expect(kept).to_be_visible()
        row = kept.locator("tbody tr")
        expect(row).to_have_count(1)
        expect(row.locator("th")).to_contain_text("Người liên hệ")
        assert row.locator("th").inner_text().startswith("I. ")  # its step, as the page shows it
        expect(row.locator("td.kept-saved")).to_have_text("Chị Hà")
        expect(row.locator("td.kept-kept")).to_have_text("Anh Minh")
        kept.screenshot(path=str(tmp_path / "kept-copy.png"))
        saved(two, lambda: row.get_by_role("button", name="Dùng giá trị đã giữ: Người liên hệ").click())
        expect(two.locator("#f-facility-contact_name")).to_have_value("Anh Minh")

        two.reload()
        expect(two.locator("#f-facility-contact_name")).to_have_value("Anh Minh")
        expect(two.locator("#f-facility-contact_phone")).to_have_value("024 3825 1234")
        expect(two.locator("[data-kept-copy]")).to_have_count(0)
        stored = api(portal, "GET", f"/api/v1/reports/{report_id}", token=token)["document"]["facility"]
        assert stored["contact_name"] == "Anh Minh"
    finally:
        context.close()
