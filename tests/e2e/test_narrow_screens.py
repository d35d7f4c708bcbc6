"""On a 375-px phone the lists fit the width: the register, the review queue and the filer's
"what is due" become stacked rows, nothing scrolls sideways, every row's action stays in view."""
import pytest

from intake.services.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}
REVIEWER = next(email for email, role, *_ in DEMO_ACCOUNTS if role.value == "reviewer")
FILER = next(email for email, role, *_ in DEMO_ACCOUNTS if role.value == "enterprise")


def phone_page(browser, portal, email):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")
    return context, page


def assert_fits(page, what):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: {width} px wide at {PHONE['width']} px"


def assert_in_view(locator, what):
    locator.scroll_into_view_if_needed()
    assert locator.is_visible(), f"{what} is not visible"
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{what} is cut off: {box}"


def test_the_lists_fit_a_phone(portal, browser):
    context, page = phone_page(browser, portal, REVIEWER)
    try:
        page.goto(portal + "/register/ghg-inventory")
        assert_fits(page, "the register")
        first_row = page.locator("table.stacked tbody tr").first
        assert_in_view(first_row.get_by_role("link", name="Đưa ra khỏi danh sách"), "the register's action")
        # A cell is a line of the phone, not a column one word wide.
        assert first_row.locator("td").first.bounding_box()["width"] > 250

        page.goto(portal + "/review?status=all")
        assert_fits(page, "the review queue")
        assert_in_view(page.locator("table.stacked tbody tr td a").first, "the queue's report link")
        assert page.locator("table.stacked tbody tr td").first.bounding_box()["width"] > 250
        assert_in_view(page.get_by_label("Cơ sở, doanh nghiệp hoặc mã số thuế"), "the search box")
    finally:
        context.close()

    context, page = phone_page(browser, portal, FILER)
    try:
        assert_fits(page, "the filer's home")
        actions = page.locator("table.due td.due-actions")
        assert actions.count() > 0
        for index in range(actions.count()):
            for control in actions.nth(index).locator("a, button").all():
                assert_in_view(control, f"the action {control.inner_text()!r} of row {index + 1}")
        assert_fits(page, "the filer's home")
    finally:
        context.close()
