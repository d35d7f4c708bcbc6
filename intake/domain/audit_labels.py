"""What each audit-log action is called when a person reads the log (Vietnamese, English).

The log stores stable keys (`report.submit`); the audit viewer shows these words instead. A key
without a label here is shown as "Thao tác khác / Other action", never as the key itself."""
from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, tuple[str, str]] = {
    "account_request.approve": ("Duyệt đề nghị cấp tài khoản", "Account request approved"),
    "account_request.create": ("Gửi đề nghị cấp tài khoản", "Account requested"),
    "account_request.reject": ("Từ chối đề nghị cấp tài khoản", "Account request refused"),
    "api.token_issued": ("Cấp mã truy cập API", "API token issued"),
    "api.token_revoked": ("Thu hồi mã truy cập API", "API token revoked"),
    "api.tokens_revoked": ("Thu hồi mọi mã truy cập API", "Every API token revoked"),
    "attachment.add": ("Đính kèm tài liệu minh chứng", "Evidence attached"),
    "attachment.remove": ("Gỡ tài liệu minh chứng", "Evidence removed"),
    "comment.reopen": ("Mở lại ý kiến thẩm định", "Review comment reopened"),
    "comment.resolve": ("Đóng ý kiến thẩm định", "Review comment resolved"),
    "export.queued": ("Yêu cầu xuất dữ liệu", "Export asked for"),
    "extension.grant": ("Chấp thuận gia hạn", "Extension granted"),
    "extension.refuse": ("Từ chối gia hạn", "Extension refused"),
    "extension.request": ("Đề nghị gia hạn", "Extension requested"),
    "facility.create": ("Thêm cơ sở", "Facility added"),
    "reference.hazardous_waste_codes": ("Nạp danh mục mã chất thải nguy hại", "Hazardous-waste list loaded"),
    "factors.activate": ("Chọn phiên bản thư viện hệ số", "Factor library activated"),
    "factors.publish_grid": ("Công bố hệ số lưới điện", "Grid factor published"),
    "login": ("Đăng nhập", "Signed in"),
    "login.failed": ("Đăng nhập không thành công", "Sign-in failed"),
    "logout": ("Đăng xuất", "Signed out"),
    "period.create": ("Tạo kỳ báo cáo", "Reporting period created"),
    "period.update": ("Sửa kỳ báo cáo", "Reporting period changed"),
    "preparer_grant.create": ("Ủy quyền lập báo cáo", "Preparer granted"),
    "preparer_grant.revoke": ("Thu hồi ủy quyền lập báo cáo", "Preparer grant revoked"),
    "register.add": ("Thêm vào danh sách cơ sở có nghĩa vụ", "Added to the register"),
    "register.export": ("Xuất danh sách cơ sở", "Register exported"),
    "register.remove": ("Đưa khỏi danh sách cơ sở có nghĩa vụ", "Removed from the register"),
    "report.accept": ("Chấp nhận báo cáo", "Report accepted"),
    "report.amend": ("Mở đính chính báo cáo", "Correction opened"),
    "report.assign": ("Phân công thẩm định", "Review assigned"),
    "report.certification_requested": ("Đề nghị ký xác nhận", "Certification asked for"),
    "report.import": ("Nhập báo cáo từ tệp Excel", "Report imported from a workbook"),
    "report.recalculated": ("Tính lại báo cáo theo hệ số mới công bố", "Report recalculated with a published factor"),
    "report.return": ("Trả lại báo cáo", "Report returned"),
    "report.sign": ("Tải lên bản ký số", "Signed copy uploaded"),
    "report.start_review": ("Bắt đầu thẩm định", "Review started"),
    "report.submit": ("Nộp báo cáo", "Report submitted"),
    "statistics.annual_report": ("Lập báo cáo năm", "Annual report made"),
    "statistics.export": ("Xuất bảng thống kê", "Statistics workbook exported"),
    "statistics.report": ("Xuất báo cáo thống kê (PDF)", "Sector report exported"),
    "user.capability_change": ("Đổi quyền người dùng", "User's rights changed"),
    "user.create": ("Tạo người dùng", "User created"),
    "user.disable": ("Khóa tài khoản", "Account disabled"),
    "user.enable": ("Mở khóa tài khoản", "Account enabled"),
    "user.invitation_resent": ("Gửi lại thư mời", "Invitation sent again"),
    "user.password_change": ("Đổi mật khẩu", "Password changed"),
    "user.password_reset_requested": ("Yêu cầu đặt lại mật khẩu", "Password reset asked for"),
    "user.password_set": ("Đặt mật khẩu", "Password set"),
    "user.role_change": ("Đổi vai trò người dùng", "User's role changed"),
}

OBJECT_LABELS: dict[str, tuple[str, str]] = {
    "report": ("Báo cáo", "Report"), "user": ("Người dùng", "User"), "facility": ("Cơ sở", "Facility"),
    "obligation": ("Danh sách cơ sở", "Register entry"), "period": ("Kỳ báo cáo", "Reporting period"),
    "reporting_period": ("Kỳ báo cáo", "Reporting period"),
    "statistics": ("Thống kê", "Statistics"), "job": ("Việc chạy nền", "Background job"),
    "grid_factor": ("Hệ số lưới điện", "Grid factor"),
    "factor_library": ("Thư viện hệ số", "Factor library"),
    "reference": ("Dữ liệu tham chiếu", "Reference data"), "extension": ("Gia hạn", "Extension"),
    "attachment": ("Tài liệu minh chứng", "Evidence"), "comment": ("Ý kiến thẩm định", "Review comment"),
    "account_request": ("Đề nghị cấp tài khoản", "Account request"), "token": ("Mã truy cập API", "API token"),
    "preparer_grant": ("Ủy quyền lập báo cáo", "Preparer grant"),
}

OTHER = ("Thao tác khác", "Other action")


def action_label(action: str, language: str = "vi") -> str:
    vi, en = AUDIT_ACTION_LABELS.get(action, OTHER)
    return en if language == "en" else vi


def object_label(object_type: str, language: str = "vi") -> str:
    vi, en = OBJECT_LABELS.get(object_type, ("", ""))
    return en if language == "en" else vi


# The details an entry carries, as a reader calls them; others are shown as "Khác / Other".
DETAIL_LABELS: dict[str, tuple[str, str]] = {
    "accepted_version": ("Phiên bản được chấp nhận", "Accepted version"), "after": ("Sau", "After"),
    "assignee_id": ("Người thẩm định (mã)", "Reviewer (id)"), "attachments": ("Tài liệu kèm theo", "Evidence"),
    "before": ("Trước", "Before"), "bytes": ("Dung lượng (byte)", "Size (bytes)"),
    "certifiers": ("Người ký xác nhận", "Certifiers"), "comment": ("Ý kiến", "Comment"),
    "comments": ("Số ý kiến", "Comments"), "commune_code": ("Mã phường, xã", "Ward or commune code"),
    "count": ("Số lượng", "Count"), "email": ("Thư điện tử", "E-mail"), "enterprise": ("Doanh nghiệp", "Enterprise"),
    "facility_id": ("Mã cơ sở", "Facility id"), "form": ("Biểu mẫu", "Form"), "format": ("Định dạng", "Format"),
    "grantee": ("Người được ủy quyền", "Grantee"), "gwp_set": ("Bộ GWP", "GWP set"), "ip": ("Địa chỉ IP", "IP address"),
    "kind": ("Loại", "Kind"), "name": ("Tên", "Name"), "note": ("Ghi chú", "Note"),
    "period_id": ("Mã kỳ báo cáo", "Period id"), "purpose": ("Mục đích", "Purpose"), "reason": ("Lý do", "Reason"),
    "rows": ("Số dòng", "Rows"), "tax_code": ("Mã số thuế", "Tax code"), "version": ("Phiên bản", "Version"),
    "year": ("Năm", "Year"), "sha256": ("SHA-256", "SHA-256"), "legal_basis": ("Căn cứ pháp lý", "Legal basis"),
    "tco2_per_mwh": ("Hệ số (tCO2/MWh)", "Factor (tCO2/MWh)"), "source": ("Nguồn", "Source"),
    "library_version": ("Thư viện hệ số", "Factor library"), "job": ("Việc chạy nền", "Background job"),
    "total_before": ("Tổng trước (tCO2e)", "Total before (tCO2e)"),
    "total_after": ("Tổng sau (tCO2e)", "Total after (tCO2e)"), "role": ("Vai trò", "Role"),
    "years": ("Năm số liệu", "Data years"), "opens_on": ("Ngày mở", "Opens on"), "due_on": ("Hạn nộp", "Due on"),
}
OTHER_DETAIL = ("Khác", "Other")


def detail_label(key: str, language: str = "vi") -> str:
    vi, en = DETAIL_LABELS.get(key, OTHER_DETAIL)
    return en if language == "en" else vi
