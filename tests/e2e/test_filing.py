"""An environmental officer files a GHG report in a real browser: three sources, the live
total, a reload that finds the draft, certified submission, and the receipt PDF."""
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from intake.services.seeding import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

SOURCES = (
    # id, category, select values, quantity as typed (Vietnamese notation), unit
    ("S1", "stationary_combustion", {"sector": "manufacturing", "fuel": "diesel_oil"}, "1.000", "t"),
    ("S2", "stationary_combustion", {"sector": "manufacturing", "fuel": "natural_gas"}, "1.000", "t"),
    ("S3", "refrigerant", {"gas": "R-410A"}, "25", "kg"),
)


def log_in(page, portal, email="doanhnghiep@demo.intake.vn"):
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")


def test_file_a_ghg_report_end_to_end(portal, page, tmp_path):
    log_in(page, portal)
    start_button = page.get_by_role("button", name="Bắt đầu lập báo cáo")
    row = page.locator("tr", has_text="Kiểm kê KNK").filter(has=start_button).first
    facility = row.locator("td").first.inner_text()
    row.get_by_role("button", name="Bắt đầu lập báo cáo").click()
    page.wait_for_url(re.compile(r".*/reports/\d+$"))
    report_url = page.url
    page.get_by_role("link", name="III. Nguồn phát thải và số liệu hoạt động").click()
    for index, (source_id, category, choices, quantity, unit) in enumerate(SOURCES):
        page.locator("[data-add-row][value='years[0].sources']").click()
        prefix = f"#f-years-0-sources-{index}-"
        page.fill(prefix + "id", source_id)
        page.select_option(prefix + "category", category)
        for key, value in choices.items():
            page.select_option(prefix + key, value)
        page.fill(prefix + "quantity", quantity)
        page.select_option(prefix + "unit", unit)
    # 3196.749 + 2695.416 + 25 kg R-410A (0.0125 t × 677 + 0.0125 t × 3170 = 48.0875)
    expect(page.locator("[data-autosave-status]")).to_contain_text("Đã lưu")
    expect(page.locator("[data-result-panel] tr[data-year]").first.locator("[data-total]")).to_have_text("5.940,253")
    page.screenshot(path=str(tmp_path / "filing.png"), full_page=True)

    page.reload()
    assert page.locator("#f-years-0-sources-2-gas").input_value() == "R-410A"
    assert page.locator("#f-years-0-sources-0-quantity").input_value() == "1.000"

    # Explain the warnings (the second data year has no source line yet, and grid factors of
    # recent years are provisional), then submit with certification and password.
    page.get_by_role("link", name="Giải trình cảnh báo").click()
    boxes = page.locator("#section-acknowledgements textarea").all()
    for box in boxes:
        box.fill("Số liệu theo sổ theo dõi nhiên liệu của cơ sở")
    if boxes:
        expect(page.locator("[data-autosave-status]")).to_contain_text("Đã lưu")
    page.goto(report_url + "/submit")
    page.get_by_label("Tôi xác nhận cam kết trên").check()
    page.get_by_label("Mật khẩu của bạn (để xác nhận danh tính)").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.wait_for_url(re.compile(r".*/history$"))
    assert "Đã nộp" in page.locator("[data-status]").inner_text()
    sha256 = page.locator("code.hash").first.inner_text().strip()
    assert re.fullmatch(r"[0-9a-f]{64}", sha256)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Biên nhận (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert facility in text and sha256 in text
