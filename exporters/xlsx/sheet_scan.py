"""A streaming pass over a sheet's XML before python-calamine reads it (limits in `limits.py`).

    budget = ReadBudget()
    lengths = shared_string_lengths(package, budget)
    scan = scan_sheet(package, part, "Nguồn thải", max_rows=1020, shown_limit=1000,
                      lengths=lengths, budget=budget)
    scan.formulas          # {(row, col): "=A1*2"}: formula cells without a saved value

The sheet is parsed as it is unpacked (defusedxml, each row dropped once counted), so memory
stays that of one row, and the pass stops at the first limit exceeded: on a 200,000-row sheet it
reads a thousand rows and raises. A cell counts as holding a value when it has a saved value,
inline text or a formula (the reader reports a formula without value as a problem of its row).
Raises WorkbookRefused: `xlsx_too_large` naming the limit and the sheet or cell, or
`xlsx_unreadable` for XML that does not parse.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from array import array
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

from exporters.xlsx import limits
from exporters.xlsx.layout import column_letter
from exporters.xlsx.package import SHARED_STRINGS, Package, WorkbookRefused

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _MERGE = f"{_MAIN}c", f"{_MAIN}row", f"{_MAIN}mergeCell"
_VALUE, _FORMULA, _INLINE = f"{_MAIN}v", f"{_MAIN}f", f"{_MAIN}is"
_SHARED_ITEM, _TEXT = f"{_MAIN}si", f"{_MAIN}t"
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
_PARSE_ERRORS = (SafeET.ParseError, ValueError, zipfile.BadZipFile, zlib.error, EOFError,
                 OSError, NotImplementedError, RuntimeError)


@dataclass
class ReadBudget:
    """What the reader may still take in, over every sheet it reads: characters of text, and
    XML elements (cells, blank or not, and everything else: parsing time)."""

    remaining: int = field(default_factory=lambda: limits.MAX_TEXT_CHARS)
    elements: int = field(default_factory=lambda: limits.MAX_ELEMENTS)

    def spend_element(self, sheet: str) -> None:
        self.elements -= 1
        if self.elements < 0:
            raise limits.too_many_elements(sheet)


@dataclass
class SheetScan:
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    rows_with_values: int = 0
    last_row: int = -1  # 0-based, of the last cell with a value
    last_col: int = -1


def _damaged() -> WorkbookRefused:
    return WorkbookRefused("xlsx_unreadable", "a sheet is damaged", "một trang tính bị hỏng")


def _ends(stream):
    """(tag, element, is_start) of a part; every element is detached from its parent once its
    end is seen, so that nothing read accumulates, however the XML nests."""
    stack: list = []
    for event, element in SafeET.iterparse(stream, events=("start", "end")):
        if event == "start":
            stack.append(element)
            yield element.tag, element, True
            continue
        stack.pop()
        yield element.tag, element, False
        if stack:
            stack[-1].remove(element)


def shared_string_lengths(package: Package, budget: ReadBudget) -> array:
    """The length of each shared string, by index. Raises WorkbookRefused."""
    lengths = array("L")
    # Where calamine reads them, whatever the workbook's relationships say.
    part = SHARED_STRINGS
    stream = package.open(part)
    if stream is None:
        return lengths
    current = 0
    try:
        with stream:
            for tag, element, start in _ends(stream):
                if start:
                    continue
                budget.spend_element(part)
                if tag == _TEXT:
                    current += len(element.text or "")
                elif tag == _SHARED_ITEM:
                    if len(lengths) >= limits.MAX_SHARED_STRINGS:
                        raise limits.too_many_shared_strings()
                    lengths.append(current)
                    current = 0
    except _PARSE_ERRORS as error:
        raise _damaged() from error
    return lengths


class _Scanner:
    """The state of the pass: the cell being read, the counts so far."""

    def __init__(self, sheet: str, max_rows: int, shown_limit: int, lengths: array,
                 budget: ReadBudget):
        self.sheet, self.max_rows, self.shown_limit = sheet, max_rows, shown_limit
        self.lengths, self.budget = lengths, budget
        self.scan = SheetScan()
        self.row, self.col = -1, -1  # position of the cell last seen (attributes are optional)
        self.row_has_value = False
        self.merged, self.merged_cells = 0, 0
        self.in_cell = False
        self.shared = False
        self.saved: str | None = None  # the cell's <v> text
        self.inline_chars: int | None = None
        self.formula: str | None = None

    def start(self, tag: str, element) -> None:
        if tag == _CELL:
            position = _position(element.get("r", ""))
            if position is not None:
                self.row, self.col = position
            else:
                self.col += 1
            self.in_cell, self.shared = True, element.get("t") == "s"
            self.saved, self.inline_chars, self.formula = None, None, None
        elif tag == _ROW:
            number = element.get("r", "")
            self.row = int(number) - 1 if number.isdigit() else self.row + 1
            self.col, self.row_has_value = -1, False

    def end(self, tag: str, element) -> None:
        if self.in_cell:
            if tag == _VALUE:
                self.saved = element.text or ""
            elif tag == _TEXT:
                self.inline_chars = (self.inline_chars or 0) + len(element.text or "")
            elif tag == _INLINE:
                self.inline_chars = self.inline_chars or 0
            elif tag == _FORMULA:
                self.formula = (element.text or "")[:200]
            elif tag == _CELL:
                self.in_cell = False
                self._cell()
        elif tag == _ROW:
            self._end_row()
        elif tag == _MERGE:
            self._merge(element)

    def _cell(self) -> None:
        saved = bool(self.saved)
        if not (saved or self.inline_chars is not None or self.formula is not None):
            return  # a formatted blank: calamine skips it too
        address = f"{column_letter(self.col)}{self.row + 1}"
        if self.row >= limits.MAX_ROW_NUMBER or self.col >= limits.MAX_COLUMNS:
            raise limits.beyond_grid(self.sheet, address)
        self.row_has_value = True
        if self.inline_chars is not None:
            chars = self.inline_chars
        elif self.shared and (self.saved or "").isdigit():
            index = int(self.saved or 0)
            chars = self.lengths[index] if index < len(self.lengths) else 0
        else:
            chars = len(self.saved or "")
        if chars > limits.MAX_CELL_CHARS:
            raise limits.cell_too_long(self.sheet, address)
        self.budget.remaining -= chars
        if self.budget.remaining < 0:
            raise limits.too_much_text(self.sheet)
        if self.formula is not None and not saved and self.inline_chars is None:
            self.scan.formulas[(self.row, self.col)] = "=" + self.formula
        self.scan.last_row = max(self.scan.last_row, self.row)
        self.scan.last_col = max(self.scan.last_col, self.col)

    def _end_row(self) -> None:
        if not self.row_has_value:
            return
        self.scan.rows_with_values += 1
        if self.scan.rows_with_values > self.max_rows:
            raise limits.too_many_rows(self.sheet, self.shown_limit,
                                       f"{self.sheet}!A{self.row + 1}")

    def _merge(self, element) -> None:
        self.merged += 1
        if self.merged > limits.MAX_MERGED_RANGES:
            raise limits.too_many_merged(self.sheet)
        first, _, last = element.get("ref", "").partition(":")
        top_left, bottom_right = _position(first), _position(last or first)
        if top_left is None or bottom_right is None:
            return
        # Only the part over cells that hold values is ever filled (reader.py).
        rows = min(bottom_right[0], self.scan.last_row) - top_left[0] + 1
        cols = min(bottom_right[1], self.scan.last_col) - top_left[1] + 1
        self.merged_cells += max(0, rows) * max(0, cols)
        if self.merged_cells > limits.MAX_MERGED_CELLS:
            raise limits.too_many_merged(self.sheet)


def scan_sheet(package: Package, part: str | None, sheet: str, *, max_rows: int,
               shown_limit: int, lengths: array, budget: ReadBudget) -> SheetScan:
    """Check a sheet against the limits, streaming, stopping at the first exceeded: at most
    `max_rows` rows holding a value (`shown_limit` is the limit the refusal names). Raises
    WorkbookRefused, `xlsx_unreadable` too for a sheet whose part is not in the package: what
    is not checked is not read."""
    scanner = _Scanner(sheet, max_rows, shown_limit, lengths, budget)
    stream = package.open(part) if part else None
    if stream is None:
        raise _damaged()
    try:
        with stream:
            _walk(stream, scanner)
    except _PARSE_ERRORS as error:
        raise _damaged() from error
    return scanner.scan


def _walk(stream, scanner: _Scanner) -> None:
    """`_ends` written out, the one loop run per element of a sheet."""
    stack: list = []
    push, pop = stack.append, stack.pop
    starts, start, end = (_CELL, _ROW), scanner.start, scanner.end
    budget, sheet = scanner.budget, scanner.sheet
    for event, element in SafeET.iterparse(stream, events=("start", "end")):
        if event == "start":
            push(element)
            if element.tag in starts:
                start(element.tag, element)
            continue
        pop()
        budget.elements -= 1
        if budget.elements < 0:
            raise limits.too_many_elements(sheet)
        end(element.tag, element)
        if stack:
            stack[-1].remove(element)


def _position(reference: str) -> tuple[int, int] | None:
    """`D7` -> (6, 3), 0-based; None when not a cell reference."""
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return None
    col = 0
    for ch in match.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def scan_workbook(package: Package) -> None:
    """Check every sheet of a workbook against the general limits (for a reader of the whole
    file, such as the annotation). Raises WorkbookRefused."""
    parts = package.sheet_parts()
    if len(parts) > limits.MAX_SHEETS:
        raise limits.too_many_sheets(len(parts))
    budget = ReadBudget()
    lengths = shared_string_lengths(package, budget)
    for name, part in parts.items():
        scan_sheet(package, part, name, max_rows=limits.MAX_ROW_NUMBER,
                   shown_limit=limits.MAX_ROW_NUMBER, lengths=lengths, budget=budget)
