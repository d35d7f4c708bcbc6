"""A copy of an uploaded workbook with every problem cell highlighted and commented.

    data = annotate_workbook(original_bytes, errors)   # errors as from read / check

Errors without a cell (document-level) are listed on an added "Lỗi" sheet, so nothing is
dropped. The original goes through the same package checks as the reader first (size, zip
bomb, macros) and every sheet through the reader's limits (`limits.py`), since openpyxl loads the
whole file; openpyxl parses XML with defusedxml when it is installed, as it is here.
"""
from __future__ import annotations

import io
import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from exporters.spreadsheet_safety import set_safe_value
from exporters.xlsx.package import WorkbookRefused, open_package
from exporters.xlsx.sheet_scan import scan_workbook

ERROR_FILL = PatternFill("solid", fgColor="F8B4B4")
WARNING_FILL = PatternFill("solid", fgColor="FCE8A6")
PROBLEMS_SHEET = "Lỗi"


def annotate_workbook(original: bytes, errors: Iterable[Mapping[str, Any]]) -> bytes:
    """The workbook with problem cells filled (red: error, amber: warning) and commented in
    Vietnamese and English. Raises `WorkbookRefused` for a file the reader would refuse."""
    package = open_package(original)
    scan_workbook(package)
    damaged = WorkbookRefused("xlsx_unreadable", "the file is damaged", "tệp bị hỏng")
    with warnings.catch_warnings():
        # openpyxl drops Excel's extension lists (x14 data validations, conditional formats) it
        # does not implement and warns for each; the annotated copy keeps the cells, which is
        # what it is for, so these warnings are expected here and nowhere else.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.",
                                message=r".*extension is not supported.*")
        try:
            book = load_workbook(io.BytesIO(original))
        except Exception as error:  # openpyxl raises several unrelated types on damaged input
            raise damaged from error
    # openpyxl looks parts up by their exact names and skips a sheet it does not find, which
    # calamine (ASCII case ignored) reads: the copy would lack it, or fail to save.
    if set(book.sheetnames) != set(package.sheet_parts()):
        raise damaged
    by_cell: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    loose: list[Mapping[str, Any]] = []
    for error in errors:
        sheet, _, coordinate = (error.get("cell") or "").rpartition("!")
        if sheet in book.sheetnames and coordinate:
            by_cell[(sheet, coordinate)].append(error)
        else:
            loose.append(error)
    for (sheet, coordinate), found in by_cell.items():
        try:
            cell = book[sheet][coordinate]
        except (ValueError, KeyError, AttributeError):  # not a cell reference
            loose.extend(found)
            continue
        is_error = any(e.get("severity", "error") == "error" for e in found)
        cell.fill = ERROR_FILL if is_error else WARNING_FILL
        text = "\n\n".join(f"{e.get('message_vi', '')}\n{e.get('message', '')}" for e in found)
        cell.comment = Comment(text[:30000], "intake", width=360, height=160)
    if loose:
        sheet = book.create_sheet(PROBLEMS_SHEET, 0)
        for col, title in enumerate(("Vị trí / Where", "Mức / Severity", "Lỗi", "Problem"), 1):
            sheet.cell(row=1, column=col, value=title).font = Font(bold=True)
        for row, error in enumerate(loose, start=2):
            # The place in the form's words (forms.labels), never the document path.
            where = (f"{error.get('label_vi') or 'Toàn bộ tài liệu'} / "
                     f"{error.get('label') or 'Whole document'}")
            severity = "Lỗi / Error" if error.get("severity", "error") == "error" \
                else "Cảnh báo / Warning"
            for col, value in enumerate((where, severity, error.get("message_vi", ""),
                                         error.get("message", "")), 1):
                set_safe_value(sheet.cell(row=row, column=col), str(value))
        book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
