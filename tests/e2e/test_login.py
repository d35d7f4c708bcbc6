"""A person logs in and sees their home page, in a real browser against the real server."""
import pytest

from intake.services.seeding import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_the_demo_reviewer_logs_in_and_sees_the_review_desk(portal, page, tmp_path):
    page.goto(portal + "/")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.get_by_label("Thư điện tử").fill("thamdinh@demo.intake.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")
    assert page.locator("h1").inner_text() == "Bàn thẩm định báo cáo"
    assert "thamdinh@demo.intake.vn" in page.locator("header").inner_text()
    overview = page.locator("#overview-title + dl").inner_text()
    assert "71" in overview and "126" in overview
    page.screenshot(path=str(tmp_path / "reviewer-home.png"), full_page=True)


def test_a_wrong_password_shows_the_error_summary(portal, page):
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill("thamdinh@demo.intake.vn")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert")
    assert "Thư điện tử hoặc mật khẩu không đúng." in summary.inner_text()


def test_switching_to_english(portal, page):
    page.goto(portal + "/login")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Log in"
    assert page.locator("html").get_attribute("lang") == "en"
