"""Text in exported workbooks is never taken for a formula (OWASP "CSV injection").

A facility named `=HYPERLINK("http://…")` or `+cmd|' /C calc'!A0` is data, not an instruction
to Excel. openpyxl turns any string starting with "=" into a formula; these helpers store such
text as a plain string cell instead, so it reads back exactly as it was typed and is never
evaluated. Numbers stay numbers.
"""
from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.worksheet import Worksheet

# Characters that make Excel, LibreOffice or Google Sheets evaluate a cell (formula or DDE),
# with their full-width forms.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_risky_text(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(sheet: Worksheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A write-only cell holding `value`; risky text is forced to a string cell."""
    cell = WriteOnlyCell(sheet, value=value)
    if is_risky_text(value):
        cell.data_type = "s"
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def set_safe_value(cell: Any, value: Any) -> None:
    """The same for an ordinary (not write-only) cell."""
    cell.value = value
    if is_risky_text(value):
        cell.data_type = "s"
