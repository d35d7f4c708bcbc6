"""Text in exported workbooks is never taken for a formula (OWASP "CSV injection").

A facility named `=HYPERLINK("http://…")` or `+cmd|' /C calc'!A0` is data, not an instruction
to Excel. openpyxl turns any string starting with "=" into a formula, so such text is always
written as a plain string cell. That alone holds only while the file stays a workbook: "Save as
CSV" writes the bare text, and the CSV opened again evaluates it. So the stored text itself
carries OWASP's guard, a leading apostrophe (`'=HYPERLINK(…)`), which every spreadsheet shows
as text and which survives any conversion. The reader of this project's templates
(`forms.types.cell_text`) takes the guard off again, so a filled template reads back exactly
as it was written. Numbers stay numbers, and a number kept as its exact decimal text
(`-1.2345678901234567`) is not guarded: a spreadsheet reads it as a number, not a formula.
"""
from __future__ import annotations

import re
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

from forms.types import FORMULA_GUARD, FORMULA_TRIGGERS

# A plain decimal number written as text: harmless whatever its sign.
_DECIMAL_TEXT = re.compile(r"^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$")


def is_risky_text(value: Any) -> bool:
    """True for text a spreadsheet would evaluate (a formula or DDE trigger first)."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) \
        and not _DECIMAL_TEXT.match(value)


def guarded(value: Any) -> Any:
    """The value to store: risky text behind the guard, anything else unchanged."""
    return FORMULA_GUARD + value if is_risky_text(value) else value


def safe_cell(sheet: Worksheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A write-only cell holding `value`; risky text is guarded and forced to a string cell."""
    cell = WriteOnlyCell(sheet, value=guarded(value))
    if is_risky_text(value):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def set_safe_value(cell: Any, value: Any) -> None:
    """The same for an ordinary (not write-only) cell."""
    cell.value = guarded(value)
    if is_risky_text(value):
        cell.data_type = "s"
