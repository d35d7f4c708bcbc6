"""A plain, well-formed workbook of one or more tables: bold frozen header, filters, column
widths, number formats, text neutralised against formula injection, streamed (write-only)."""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from exporters.spreadsheet_safety import safe_cell

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A3141B")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 18
    number_format: str | None = None


@dataclass
class SheetTable:
    title: str  # at most 31 characters (Excel)
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)


def write_tables(tables: Sequence[SheetTable]) -> bytes:
    """An .xlsx file with one sheet per table."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.title[:31])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        header_row = len(table.notes) + 1
        sheet.freeze_panes = f"A{header_row + 1}"
        for note in table.notes:
            sheet.append([safe_cell(sheet, note, font=Font(italic=True))])
        sheet.append([safe_cell(sheet, c.header, font=HEADER_FONT, fill=HEADER_FILL,
                                alignment=Alignment(wrap_text=True, vertical="top"))
                      for c in table.columns])
        count = 0
        for row in table.rows:
            count += 1
            sheet.append([safe_cell(sheet, value, **({"number_format": column.number_format}
                                                      if column.number_format else {}))
                          for value, column in zip(row, table.columns)])
        last = get_column_letter(max(len(table.columns), 1))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(count, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
