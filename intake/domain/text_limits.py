"""The longest text each free-text input of the portal takes (OWASP ASVS 5.1.4).

The documents' own fields are bounded by their form definition (`forms.definition`,
`Field.length_limit`); these are the bounds of the records people name or annotate: a facility,
a reporting period, a register entry, a review comment. Each is the width of its column in
`intake.models` where the column has one (PostgreSQL refuses a longer VARCHAR with an error,
SQLite stores it), otherwise a bound a person never needs to pass. The services refuse a longer
text with a message naming the limit (rule `too_long` of the catalogue); the web forms state the
same bounds so the page and the service agree. Nothing is ever cut short silently.
"""
from __future__ import annotations

from dataclasses import dataclass

from forms.rules import problem


@dataclass(frozen=True, slots=True)
class TextLimit:
    """The bound of one input: `length` characters at most, named for the person."""

    length: int
    label_en: str
    label_vi: str

    def refusal(self, text: str | None, field: str) -> tuple[str, str] | None:
        """(message, message_vi) when `text` is longer than the bound, else None."""
        if text is None or len(text) <= self.length:
            return None
        found = problem("too_long", field, label_en=self.label_en, label_vi=self.label_vi,
                        max_length=self.length)
        return found.message, found.message_vi


FACILITY_NAME = TextLimit(300, "Facility name", "Tên cơ sở")  # facilities.name VARCHAR(300)
FACILITY_ADDRESS = TextLimit(500, "Address", "Địa chỉ")  # as the forms' facility address
FACILITY_VSIC = TextLimit(10, "Industry code (VSIC)", "Mã ngành kinh tế (VSIC)")  # VARCHAR(10)
PERIOD_NAME = TextLimit(200, "Name", "Tên")  # reporting_periods.name VARCHAR(200)
LEGAL_BASIS = TextLimit(200, "Legal basis", "Căn cứ pháp lý")  # obligations VARCHAR(200)
REGISTER_SECTOR = TextLimit(300, "Sector or activity", "Ngành nghề, hoạt động")
REGISTER_REASON = TextLimit(2000, "Reason", "Lý do")
COMMENT_PATH = TextLimit(300, "Where", "Vị trí")  # review_comments.path VARCHAR(300)
COMMENT_MESSAGE = TextLimit(4000, "Comment", "Nhận xét")
REVIEW_NOTE = TextLimit(2000, "Note", "Ghi chú")
