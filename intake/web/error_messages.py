"""The texts of error pages, in both languages (shown together: a lost user may not have found
the language switch yet)."""
from __future__ import annotations

MESSAGES = {
    400: ("The request could not be understood.", "Yêu cầu không hợp lệ."),
    401: ("Please log in.", "Vui lòng đăng nhập."),
    403: ("You do not have access to this page.", "Bạn không có quyền truy cập trang này."),
    404: ("This page does not exist or you cannot see it.",
          "Trang này không tồn tại hoặc bạn không có quyền xem."),
    405: ("This action is not allowed here.", "Thao tác này không được phép tại đây."),
    412: ("The report changed since you read it; fetch it again and retry.",
          "Báo cáo đã thay đổi từ khi bạn đọc; vui lòng tải lại rồi thử lại."),
    415: ("Send the request body as JSON (Content-Type: application/json).",
          "Nội dung yêu cầu phải ở dạng JSON (Content-Type: application/json)."),
    422: ("The request has invalid values.", "Yêu cầu có giá trị không hợp lệ."),
    428: ("Send the If-Match header.", "Cần gửi tiêu đề If-Match."),
    409: ("The data changed in the meantime; reload and try again.",
          "Dữ liệu đã thay đổi trong lúc đó; vui lòng tải lại và thử lại."),
    413: ("The upload is too large.", "Tệp tải lên quá lớn."),
    429: ("Too many requests; wait a little and try again.",
          "Quá nhiều yêu cầu; vui lòng chờ một lúc rồi thử lại."),
    500: ("Something went wrong on our side. Nothing was saved half-way; please try again.",
          "Đã có lỗi phía hệ thống. Không có dữ liệu nào bị lưu dở dang; vui lòng thử lại."),
}

CSRF = ("The form expired or was not sent from this site. Reload the page and send it again.",
        "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này. Vui lòng tải lại trang và gửi lại.")

FORM_ONLY = ("This page takes a form, not JSON (the API is at /api/v1).",
             "Trang này chỉ nhận dữ liệu biểu mẫu, không nhận JSON (API ở /api/v1).")


INVALID_CHARACTER = ("A value sent holds the character U+0000, which cannot be stored; remove it "
                     "and send again.",
                     "Một giá trị đã gửi chứa ký tự U+0000, không thể lưu; vui lòng bỏ ký tự đó "
                     "rồi gửi lại.")


def error_messages(status: int, kind: str = "http") -> tuple[str, str]:
    if kind == "csrf":
        return CSRF
    if kind == "form_only":
        return FORM_ONLY
    if kind == "invalid_character":
        return INVALID_CHARACTER
    return MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
