"""The analysts' dashboard in a real browser, with the demo's accepted inventory."""
import shutil

import pytest
from playwright.sync_api import expect

from intake.services.seeding import DEMO_PASSWORD

pytestmark = pytest.mark.e2e


def test_the_dashboard_renders_its_charts(portal, page, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill("phantich@demo.intake.vn")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")
    page.get_by_role("link", name="Thống kê").click()
    expect(page.locator("h1")).to_have_text("Cơ sở dữ liệu môi trường ngành Công Thương")
    charts = page.locator("figure.chart svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 4
    assert page.locator("figure.chart svg rect").count() >= 3
    assert page.locator("[data-total]").inner_text() not in ("", "0")
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if (target := __import__("os").environ.get("INTAKE_KEEP_SCREENSHOTS")):
        shutil.copy(shot, target)
