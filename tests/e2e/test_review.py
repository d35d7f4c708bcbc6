"""A reviewer works a report in a real browser: queue → workspace → comment on a field picked by
its label → return; the filer finds the comment beside the field, corrects, answers and resolves
it, resubmits; the reviewer sees it resolved, starts the review, ticks the checklist and
accepts on the confirmation page, which restates the SHA-256."""
import json
import re

import pytest
from playwright.sync_api import expect

from intake.services.seeding import DEMO_PASSWORD
from tests.e2e.conftest import WORKED_EXAMPLE, api

pytestmark = pytest.mark.e2e

DOCUMENT = WORKED_EXAMPLE




def log_in(page, portal, email):
    page.goto(portal + "/login")
    page.get_by_label("Thư điện tử").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(portal + "/home")


def test_review_cycle_in_the_browser(portal, browser):
    token = api(portal, "POST", "/api/v1/tokens", {"email": "doanhnghiep@demo.intake.vn", "password": DEMO_PASSWORD})[0]["token"]
    # A facility of its own: the demo facilities already have their reports for the open period.
    facility = api(portal, "POST", "/api/v1/facilities", {"name": "Nhà máy thẩm định thử",
                                                         "address": "KCN Thăng Long", "commune_code": "00493"},
                   token)[0]
    document = json.loads(json.dumps(DOCUMENT))
    document["facility"].update(tax_code="0100112437", name=facility["name"], commune_code=facility["commune_code"])
    report, _ = api(portal, "POST", "/api/v1/reports", {"form": "ghg-inventory", "facility_id": facility["id"],
                                                        "document": document}, token)
    api(portal, "POST", f"/api/v1/reports/{report['id']}/submit", {"certify": True, "password": DEMO_PASSWORD}, token)

    reviewer = browser.new_context(locale="vi-VN").new_page()
    log_in(reviewer, portal, "thamdinh@demo.intake.vn")
    reviewer.get_by_role("link", name="Danh sách chờ thẩm định").click()
    reviewer.locator(f"a[href$='/review/{report['id']}']").click()
    reviewer.wait_for_url(re.compile(rf".*/review/{report['id']}$"))
    reviewer.get_by_role("button", name="Bắt đầu thẩm định").click()
    expect(reviewer.locator("[data-status]")).to_have_text("Đang thẩm định")
    reviewer.get_by_label("Trường thông tin").select_option(label="Năm 2022 › Nguồn S3 › Số liệu hoạt động")
    reviewer.get_by_label("Nhận xét", exact=True).fill("Đề nghị đối chiếu lượng than với hóa đơn")
    reviewer.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(reviewer.locator("[data-status]")).to_have_text("Trả lại để bổ sung, chỉnh sửa")

    filer = browser.new_context(locale="vi-VN").new_page()
    log_in(filer, portal, "doanhnghiep@demo.intake.vn")
    filer.goto(portal + f"/reports/{report['id']}")
    comments = filer.locator(".reviewer-comments")
    expect(comments).to_contain_text("Đề nghị đối chiếu lượng than với hóa đơn")
    # The list names the field as the form does and leads to it; the comment is beside it.
    filer.get_by_role("link", name="Năm 2022 › Nguồn S3 › Số liệu hoạt động").click()
    quantity = filer.locator("#f-years-0-sources-2-quantity")
    expect(quantity).to_be_focused()
    beside = filer.locator(".field", has=quantity).locator(".reviewer-comment")
    expect(beside).to_contain_text("Đề nghị đối chiếu lượng than với hóa đơn")
    quantity.fill("9.500")
    expect(filer.locator("[data-autosave-status]")).to_contain_text("Đã lưu")
    beside.get_by_label("Trả lời của doanh nghiệp gửi Sở").fill("Đã sửa theo hóa đơn tháng 12")
    beside.get_by_role("button", name="Đánh dấu đã giải quyết").click()
    beside = filer.locator(".field", has=filer.locator("#f-years-0-sources-2-quantity")).locator(".reviewer-comment")
    expect(beside).to_contain_text("Đã giải quyết")
    expect(beside).to_contain_text("Đã sửa theo hóa đơn tháng 12")
    expect(filer.locator("#f-years-0-sources-2-quantity")).to_have_value("9.500")  # the edit was kept
    filer.goto(portal + f"/reports/{report['id']}/submit")
    filer.get_by_label("Tôi xác nhận cam kết trên").check()
    filer.get_by_label("Mật khẩu của bạn (để xác nhận danh tính)").fill(DEMO_PASSWORD)
    filer.get_by_role("button", name="Nộp báo cáo").click()
    filer.wait_for_url(re.compile(r".*/history$"))

    reviewer.reload()
    expect(reviewer.locator("#diff-title + table")).to_contain_text("9.500")  # Vietnamese notation
    expect(reviewer.locator("[data-thread]")).to_contain_text("Đã giải quyết")
    # No one-click acceptance: the review starts, the checklist is ticked, then a confirmation.
    expect(reviewer.locator("[data-accept-link]")).to_have_count(0)
    reviewer.get_by_role("button", name="Bắt đầu thẩm định").click()
    for box in reviewer.locator("#checklist-title ~ form input[type=checkbox]").all():
        box.check()
    reviewer.get_by_role("button", name="Lưu danh mục kiểm tra").click()
    reviewer.get_by_role("link", name="Kiểm tra và chấp nhận…").click()
    sha = api(portal, "GET", f"/api/v1/reports/{report['id']}", token=token)[0]["versions"][-1]["sha256"]
    expect(reviewer.locator("[data-sha256]")).to_have_text(sha)
    expect(reviewer.locator("[data-check=threads]")).to_contain_text("Không còn nhận xét nào đang mở")
    reviewer.get_by_role("button", name="Chấp nhận phiên bản 2").click()
    expect(reviewer.locator("[data-status]")).to_have_text("Đã chấp nhận")
    filer.reload()
    expect(filer.locator("[data-status]")).to_have_text("Đã chấp nhận")
