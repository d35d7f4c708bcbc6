"""The longest text each free-text input of the portal takes (OWASP ASVS 5.1.4).

The documents' own fields are bounded by their form definition (`forms.definition`,
`Field.length_limit`), and so are a facility record's name, address and industry code, read
from the forms' facility block. The others bound the records people name or annotate: a
reporting period, a register entry, a review comment. Each is the width of its column in
`intake.models` where the column has one (PostgreSQL refuses a longer VARCHAR with an error,
SQLite stores it; tests/unit/forms/test_text_limits.py holds the two alike), otherwise a bound
a person never needs to pass. The services refuse a longer text with a message naming the
limit (rule `too_long` of the catalogue); the web forms state the same bounds so the page and
the service agree. Nothing is ever cut short silently.
"""
from __future__ import annotations

from dataclasses import dataclass

from forms.declaration import DECLARATION_FORM
from forms.definition import Field
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


def _facility(key: str) -> TextLimit:
    """A facility record's text holds what the forms' facility block holds, so the forms
    define its bound and labels (both forms alike: tests/unit/forms/test_text_limits.py)."""
    node = DECLARATION_FORM.node_at(f"facility.{key}")
    if not isinstance(node, Field) or node.length_limit is None:
        raise LookupError(f"the form defines no bounded facility.{key}")
    return TextLimit(node.length_limit, node.label_en, node.label_vi)


FACILITY_NAME = _facility("name")  # facilities.name VARCHAR(300)
FACILITY_ADDRESS = _facility("address")
FACILITY_VSIC = _facility("vsic")  # facilities.vsic VARCHAR(10)
PERIOD_NAME = TextLimit(200, "Name", "Tên")  # reporting_periods.name VARCHAR(200)
LEGAL_BASIS = TextLimit(200, "Legal basis", "Căn cứ pháp lý")  # obligations VARCHAR(200)
REGISTER_SECTOR = TextLimit(300, "Sector or activity", "Ngành nghề, hoạt động")
REGISTER_REASON = TextLimit(2000, "Reason", "Lý do")
COMMENT_PATH = TextLimit(300, "Where", "Vị trí")  # review_comments.path VARCHAR(300)
COMMENT_MESSAGE = TextLimit(4000, "Comment", "Nhận xét")
REVIEW_NOTE = TextLimit(2000, "Note", "Ghi chú")
CORRECTION_REASON = TextLimit(2000, "Reason for the correction", "Lý do đính chính")
EXTENSION_REASON = TextLimit(2000, "Reason", "Lý do")
DECISION_NOTE = TextLimit(2000, "Note", "Ghi chú")  # an extension granted or refused
CERTIFICATION_NOTE = TextLimit(2000, "Message to the certifiers", "Lời nhắn cho người ký xác nhận")
