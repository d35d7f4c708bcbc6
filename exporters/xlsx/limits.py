"""How much of an uploaded workbook is read at most (docs/xlsx.md, "Limits"), defined once.

The package limits (file size, unpacked size, zip bomb) are in `package.py`; these bound what a
legal-looking package may make the reader do. A hostile file that stays within every size limit
(200,000 rows of 5 MB compress to nothing remarkable) is refused by these, early, while the sheet
XML is streamed (`sheet_scan.py`), before python-calamine turns any row into values: calamine
materialises a whole sheet at once, so a sheet it is given must already be known to be small.

The row limit of a table sheet comes from the form definition (`Table.max_rows`, multiplied by
that of every enclosing table: "Nguồn thải" holds up to 500 source lines for each of at most two
data years); a table without one is held to `DEFAULT_TABLE_ROWS`.
"""
from __future__ import annotations

from exporters.xlsx.package import WorkbookRefused
from forms.definition import TableEntry

MAX_SHEETS = 30
# Values are read from the first 100 columns and rows up to 10,000 (the templates use 29
# columns; blank rows are tolerated, thousands of them are not): calamine holds a sheet as a
# dense grid, so these two bound its size whatever else the file does.
MAX_COLUMNS = 100
MAX_ROW_NUMBER = 10_000
# Excel's own limit on the text of a cell: a longer one was not typed in Excel.
MAX_CELL_CHARS = 32_767
# All the text the reader takes in, over every sheet it reads: one long shared string referenced
# by thousands of cells becomes thousands of copies once read.
MAX_TEXT_CHARS = 20_000_000
MAX_SHARED_STRINGS = 200_000
# XML elements parsed over all sheets read, blank cells included: parsing time is bounded too
# (a full template of 1,000 rows holds under 100,000).
MAX_ELEMENTS = 600_000
# Merged areas are filled with their value (docs/xlsx.md, "Reading"); their count and the cells
# they cover are bounded, or overlapping areas would multiply the work.
MAX_MERGED_RANGES = 1_000
MAX_MERGED_CELLS = 200_000
DEFAULT_TABLE_ROWS = 1_000
# Rows above the data (title, headings, key row) that a sheet may hold besides its data rows;
# the reader looks for the headings within this many rows.
HEADER_ROWS = 20


def table_row_limit(entry: TableEntry) -> int:
    """Data rows a table's sheet may hold: its `max_rows` times its enclosing tables'."""
    limit = entry.table.max_rows or DEFAULT_TABLE_ROWS
    for parent in entry.parents:
        limit *= parent.max_rows or DEFAULT_TABLE_ROWS
    return limit


def _number(n: int) -> tuple[str, str]:
    return f"{n:,}", f"{n:,}".replace(",", ".")


def too_many_rows(sheet: str, limit: int, cell: str | None = None) -> WorkbookRefused:
    en, vi = _number(limit)
    return WorkbookRefused("xlsx_too_large",
                           f"the sheet “{sheet}” has more than {en} rows; the limit is {en}",
                           f"trang tính “{sheet}” có hơn {vi} dòng; giới hạn là {vi}", cell)


def too_many_sheets(count: int) -> WorkbookRefused:
    return WorkbookRefused("xlsx_too_large",
                           f"it has {count} sheets; the limit is {MAX_SHEETS}",
                           f"tệp có {count} trang tính; giới hạn là {MAX_SHEETS}")


def beyond_grid(sheet: str, cell: str) -> WorkbookRefused:
    rows_en, rows_vi = _number(MAX_ROW_NUMBER)
    return WorkbookRefused(
        "xlsx_too_large",
        f"the sheet “{sheet}” has a value in {cell}; values are read from the first "
        f"{MAX_COLUMNS} columns and {rows_en} rows only",
        f"trang tính “{sheet}” có giá trị ở ô {cell}; chỉ đọc giá trị trong {MAX_COLUMNS} cột "
        f"và {rows_vi} dòng đầu", f"{sheet}!{cell}")


def cell_too_long(sheet: str, cell: str) -> WorkbookRefused:
    en, vi = _number(MAX_CELL_CHARS)
    return WorkbookRefused("xlsx_too_large",
                           f"the cell {sheet}!{cell} holds more than {en} characters; the limit "
                           f"is {en}",
                           f"ô {sheet}!{cell} có hơn {vi} ký tự; giới hạn là {vi}",
                           f"{sheet}!{cell}")


def too_much_text(sheet: str) -> WorkbookRefused:
    en, vi = _number(MAX_TEXT_CHARS)
    return WorkbookRefused("xlsx_too_large",
                           f"its cells hold more than {en} characters in all (reached on the "
                           f"sheet “{sheet}”); the limit is {en}",
                           f"các ô có tổng cộng hơn {vi} ký tự (vượt ở trang tính “{sheet}”); "
                           f"giới hạn là {vi}")


def too_many_elements(sheet: str) -> WorkbookRefused:
    en, vi = _number(MAX_ELEMENTS)
    return WorkbookRefused("xlsx_too_large",
                           f"its sheets hold more than {en} cells and other entries (reached on "
                           f"“{sheet}”); the limit is {en}",
                           f"các trang tính có hơn {vi} ô và thành phần khác (vượt ở “{sheet}”); "
                           f"giới hạn là {vi}")


def too_many_shared_strings() -> WorkbookRefused:
    en, vi = _number(MAX_SHARED_STRINGS)
    return WorkbookRefused("xlsx_too_large",
                           f"it holds more than {en} distinct texts; the limit is {en}",
                           f"tệp có hơn {vi} chuỗi văn bản khác nhau; giới hạn là {vi}")


def too_many_merged(sheet: str) -> WorkbookRefused:
    ranges_en, ranges_vi = _number(MAX_MERGED_RANGES)
    cells_en, cells_vi = _number(MAX_MERGED_CELLS)
    return WorkbookRefused(
        "xlsx_too_large",
        f"the sheet “{sheet}” has more merged cells than are read: at most {ranges_en} merged "
        f"areas covering {cells_en} cells",
        f"trang tính “{sheet}” có quá nhiều ô gộp: tối đa {ranges_vi} vùng gộp với {cells_vi} ô",
    )
