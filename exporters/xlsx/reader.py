"""Reading a filled template back into a form document, every value traced to its cell.

    result = read_workbook(data, language="vi")
    result.document        # the form document (None when the file could not be read)
    result.errors          # problems of the workbook itself, each with `cell` ("Nguồn thải!D7")
    result.cell_for("years[0].sources[3].quantity")   # -> "Nguồn thải!P7"

The reader converts cells (`cells.py`) and places rows; it does not validate the document: the
caller runs the form's own validation (the same rule catalogue as the web form) and maps each
problem's path back to its cell with `cell_for`. Problems the reader finds are those only a
workbook can have: a formula without a saved value, a missing required column, a row naming no
known parent row, an unknown or outdated template, an unreadable, macro-enabled or oversized
file. Never raises on bad input.

Tolerated (docs/xlsx.md): blank rows, columns moved or added (columns are found by the hidden
key row, else by their Vietnamese or English heading), extra sheets, sheets renamed but keeping
their key row, trailing spaces, merged cells (the value fills the merged area), numbers typed as
text in the filer's notation.
"""
from __future__ import annotations

import contextlib
import io
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import python_calamine

from exporters.xlsx import explanations, limits
from exporters.xlsx import layout as L
from exporters.xlsx.cells import ABSENT, normalised, reader_for
from exporters.xlsx.package import Package, WorkbookRefused, open_package
from exporters.xlsx.sheet_scan import ReadBudget, SheetScan, scan_sheet, shared_string_lengths
from forms.definition import FormDefinition, Group, path_parts
from forms.labels import labelled_problems
from forms.problems import Problem
from forms.registry import form_definition, form_keys
from forms.rules import problem

HEADER_SCAN_ROWS = limits.HEADER_ROWS


@dataclass
class ReadResult:
    document: dict[str, Any] | None
    errors: list[dict[str, Any]]
    form_key: str | None = None
    form_version: str | None = None
    template_fingerprint: str | None = None
    # current | modified (known form and version, structure changed) | unmarked (no meta sheet,
    # recognised by its sheets) | old | unknown | unreadable
    template_status: str = "unknown"
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def readable(self) -> bool:
        return self.template_status != "unreadable"

    @property
    def has_errors(self) -> bool:
        return any(e["severity"] == "error" for e in self.errors)

    def cell_for(self, path: str) -> str | None:
        """The cell a document path was read from, else that of its nearest ancestor."""
        while path:
            if path in self.cells:
                return self.cells[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def _error(p: Problem, cell: str | None) -> dict[str, Any]:
    return {**p.as_dict(), "cell": cell}


def read_workbook(data: bytes, *, language: str = "vi") -> ReadResult:
    """Read an uploaded workbook; never raises on bad input (see the module docstring)."""
    try:
        return _Reading(_Book(data, open_package(data)), language).run()
    except WorkbookRefused as refused:  # the package, or a sheet once opened
        return ReadResult(None, [_error(problem(refused.code, "", reason_en=refused.reason_en,
                                                reason_vi=refused.reason_vi), refused.cell)],
                          template_status="unreadable")


class _Book:
    """The workbook's sheets as rows of python values (calamine), with their formulas. A sheet is
    checked against the limits (`sheet_scan.py`) before calamine reads it, and its rows are
    turned into python values one at a time, as the reader asks for them."""

    def __init__(self, data: bytes, package: Package):
        self.package = package
        self.parts = package.sheet_parts()
        if len(self.parts) > limits.MAX_SHEETS:
            raise limits.too_many_sheets(len(self.parts))
        self.budget = ReadBudget()
        self.lengths = shared_string_lengths(package, self.budget)
        self.book = _calamine(lambda: python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(data)))
        self.names: list[str] = _calamine(lambda: list(self.book.sheet_names))
        if len(self.names) > limits.MAX_SHEETS:
            raise limits.too_many_sheets(len(self.names))
        self._scans: dict[str, SheetScan] = {}
        self._heads: dict[str, list[list[Any]]] = {}

    def find(self, name: str) -> str | None:
        if name in self.names:
            return name
        wanted = normalised(name)
        return next((n for n in self.names if normalised(n) == wanted), None)

    def rows(self, name: str, data_rows: int | None = None) -> Iterator[list[Any]]:
        """The sheet's rows from the first (0-based index = sheet row), merged areas filled,
        each converted only when reached. `data_rows`: the sheet's row limit (a table's), else
        the general bounds of `limits.py`. Raises WorkbookRefused."""
        sheet = self._sheet(name, data_rows)
        return _filled_rows(sheet)

    def _sheet(self, name: str, data_rows: int | None) -> python_calamine.CalamineSheet:
        if name not in self._scans:
            limit = data_rows if data_rows is not None else limits.MAX_ROW_NUMBER
            extra = limits.HEADER_ROWS if data_rows is not None else 0
            self._scans[name] = scan_sheet(
                self.package, self.parts.get(name), name, max_rows=limit + extra,
                shown_limit=limit, lengths=self.lengths, budget=self.budget)
        # Not kept: calamine holds a sheet as a dense grid, one at a time is enough.
        return _calamine(lambda: self.book.get_sheet_by_name(name))

    def head(self, name: str) -> list[list[Any]]:
        """The sheet's first `HEADER_SCAN_ROWS` rows, kept: a renamed table sheet is looked for
        among every sheet, once per table, and calamine reads a whole sheet to give one row."""
        if name not in self._heads:
            self._heads[name] = list(itertools.islice(self.rows(name), HEADER_SCAN_ROWS))
        return self._heads[name]

    def formulas(self, name: str) -> dict[tuple[int, int], str]:
        """Formula cells without a saved value of a sheet already read by `rows`."""
        scan = self._scans.get(name)
        return scan.formulas if scan is not None else {}


def _filled_rows(sheet: python_calamine.CalamineSheet) -> Iterator[list[Any]]:
    """Rows of a calamine sheet one at a time, padded to start at column A, each merged area
    filled with the value of its top-left cell (the scan bounded their number and cells)."""
    end = _calamine(lambda: sheet.end)
    width = end[1] + 1 if end else 0
    pending = sorted(_calamine(lambda: sheet.merged_cell_ranges) or ())
    active: list[tuple[int, int, int, Any]] = []  # (bottom, left, right, value)
    with _calamine_errors():
        for r, row in enumerate(sheet.iter_rows()):
            if len(row) < width:  # calamine starts rows at the first column holding a value
                row = [""] * (width - len(row)) + row
            while pending and pending[0][0][0] <= r:
                (top, left), (bottom, right) = pending.pop(0)
                if top == r and left < len(row):
                    active.append((bottom, left, right, row[left]))
            active = [a for a in active if a[0] >= r]
            for _, left, right, value in active:
                for c in range(left, min(right, len(row) - 1) + 1):
                    if row[c] == "":
                        row[c] = value
            yield row


def _damaged() -> WorkbookRefused:
    return WorkbookRefused("xlsx_unreadable", "the file is damaged", "tệp bị hỏng")


@contextlib.contextmanager
def _calamine_errors() -> Iterator[None]:
    """Whatever calamine raises on damaged input, as WorkbookRefused (`xlsx_unreadable`)."""
    try:
        yield
    except Exception as error:  # calamine raises several unrelated types on damaged input
        raise _damaged() from error
    except BaseException as error:
        # A Rust panic inside the parser surfaces as pyo3's PanicException (a BaseException).
        if type(error).__name__ == "PanicException":
            raise _damaged() from error
        raise


def _calamine(action):
    """`action()`, calamine's failures as WorkbookRefused."""
    with _calamine_errors():
        return action()


@dataclass
class _Row:
    index: int  # 0-based sheet row
    values: dict[str, Any]
    cells: dict[str, str]
    first_cell: str


class _Reading:
    def __init__(self, book: _Book, language: str):
        self.book = book
        self.language = language
        self.errors: list[dict[str, Any]] = []
        self.cells: dict[str, str] = {}

    # --- recognising the template ---------------------------------------------------------

    def run(self) -> ReadResult:
        meta = self._meta()
        form, status, version = self._identify(meta)
        if form is None:
            self.errors.append(_error(problem("xlsx_unknown_template", ""), None))
            return ReadResult({}, self.errors, template_status="unknown",
                              template_fingerprint=meta.get("fingerprint"))
        if status == "old":
            self.errors.append(_error(problem(
                "xlsx_old_template", "form_version", version=version, form=form.label_en,
                form_vi=form.label_vi,
                current=form.version), f"{L.META_SHEET}!B2"))
            return ReadResult({}, self.errors, form.key, version, meta.get("fingerprint"), "old")
        layout = L.template_layout(form)
        document: dict[str, Any] = {"form": form.key, "form_version": version}
        self._general(layout, document)
        placed: dict[str, dict[tuple[str, ...], tuple[dict[str, Any], str]]] = {}
        for sheet in layout.tables:
            self._table(sheet, document, placed)
        for entry in layout.general:  # a required group is present even if blank
            group_key = path_parts(entry.path)[0]
            node = form.node_at(group_key)
            if isinstance(node, Group) and node.required:
                document.setdefault(group_key, {})
        # Each problem named by its place in the form's words too (its cell says where in the
        # workbook); the dicts keep their `cell`.
        errors = labelled_problems(self.errors, form, document)
        return ReadResult(document, errors, form.key, version, meta.get("fingerprint"),
                          status, self.cells)

    def _meta(self) -> dict[str, str]:
        name = self.book.find(L.META_SHEET)
        if name is None:
            return {}
        out: dict[str, str] = {}
        for row in self.book.rows(name):
            if len(row) >= 2 and isinstance(row[0], str) and row[0].strip():
                value = row[1]
                out[row[0].strip()] = value.strip() if isinstance(value, str) else \
                    str(value) if value != "" else ""
        return out

    def _identify(self, meta: Mapping[str, str]) -> tuple[FormDefinition | None, str, str]:
        key = meta.get("form")
        if key:
            form = _definition(key)
            if form is None:
                return None, "unknown", ""
            version = meta.get("form_version") or form.version
            if version not in L.accepted_versions(form):
                return form, "old", version
            current = meta.get("fingerprint") == L.template_layout(form).fingerprint
            return form, "current" if current else "modified", version
        # No meta sheet (copied into a fresh workbook): recognise the form by its sheets.
        best, best_count = None, 0
        for candidate_key in form_keys():
            form = _definition(candidate_key)
            if form is None:
                continue
            layout = L.template_layout(form)
            count = sum(self.book.find(s.name) is not None for s in layout.tables)
            if count > best_count:
                best, best_count = form, count
        return (best, "unmarked", best.version) if best is not None else (None, "unknown", "")

    # --- the general sheet ----------------------------------------------------------------

    def _general(self, layout: L.TemplateLayout, document: dict[str, Any]) -> None:
        name = self.book.find(L.GENERAL_SHEET)
        if name is None:
            return
        rows = list(self.book.rows(name))
        formulas = self.book.formulas(name)
        entries = {e.path: e for e in layout.general}
        readers = {e.path: reader_for(e.field, self.language) for e in layout.general}
        value_col = self._general_value_column(rows)
        for r, row in enumerate(rows):
            path = next((c.strip() for c in row if isinstance(c, str) and c.strip() in entries),
                        None)
            if path is None:
                continue
            address = L.cell_address(name, r, value_col)
            self.cells[path] = address
            if (r, value_col) in formulas:
                self._formula_error(path, address, formulas[(r, value_col)])
                continue
            raw = row[value_col] if value_col < len(row) else ""
            value = readers[path](raw)
            if value is not ABSENT:
                _set(document, path_parts(path), value)

    @staticmethod
    def _general_value_column(rows: list[list[Any]]) -> int:
        for row in rows[:HEADER_SCAN_ROWS]:
            for c, cell in enumerate(row):
                if isinstance(cell, str) and normalised(cell.split("\n")[0]) in ("giá trị",
                                                                                  "value"):
                    return c
        return L.GENERAL_VALUE_COL - 1

    def _formula_error(self, path: str, address: str, formula: str) -> None:
        self.errors.append(_error(problem("xlsx_formula_without_value", path,
                                          formula=formula[:80]), address))

    # --- table sheets ---------------------------------------------------------------------

    def _find_sheet(self, sheet: L.TableSheet) -> str | None:
        name = self.book.find(sheet.name)
        if name is not None:
            return name
        # Renamed: a sheet whose hidden key row names most of this table's columns.
        keys = {c.key for c in sheet.columns}
        for candidate in self.book.names:
            rows = self.book.head(candidate)
            if any(sum(isinstance(c, str) and c.strip() in keys for c in row) * 2 > len(keys)
                   for row in rows):
                return candidate
        return None

    def _table(self, sheet: L.TableSheet, document: dict[str, Any],
               placed: dict[str, dict[tuple[str, ...], tuple[dict[str, Any], str]]]) -> None:
        entry = sheet.entry
        name = self._find_sheet(sheet)
        records = self._records(sheet, name) if name is not None else []
        index: dict[tuple[str, ...], tuple[dict[str, Any], str]] = {}
        placed[entry.path] = index
        own_parts = _after_last_index(entry.parts)
        if not entry.parents:
            rows = _container(document, own_parts[:-1]).get(own_parts[-1])
            if records or entry.table.required:
                rows = _container(document, own_parts[:-1]).setdefault(own_parts[-1], [])
                self.cells.setdefault(_path(own_parts), _first_data_cell(name, sheet))
        parent_entry_path = entry.path[:entry.path.rfind("[*]")] if entry.parents else ""
        parent_index = placed.get(parent_entry_path, {})
        parent_columns = [c for c in sheet.columns if c.parent is not None]
        own_keys = {c.key for c in sheet.columns if c.parent is None}
        for record in records:
            if entry.path == explanations.TABLE and set(record.values) <= set(explanations.HIDDEN_KEYS):
                continue  # a warning offered by the template, not explained: no acknowledgement
            outer = tuple(_key_text(record.values.get(c.key)) for c in parent_columns)
            if entry.parents:
                target = self._parent(sheet, name, record, outer, parent_index, parent_columns)
                if target is None:
                    continue
                parent_row, parent_path = target
                rows = _container(parent_row, own_parts[:-1]).setdefault(own_parts[-1], [])
                list_path = parent_path + "." + _path(own_parts)
            else:
                list_path = _path(own_parts)
            row = {k: v for k, v in record.values.items() if k in own_keys or
                   k == "__formulas__"}
            row_path = f"{list_path}[{len(rows)}]"
            rows.append(row)
            self.cells.setdefault(list_path, record.first_cell)
            self.cells[row_path] = record.first_cell
            for key, address in record.cells.items():
                if key in own_keys:
                    self.cells[f"{row_path}.{key}"] = address
            for key, formula_address, formula in record.values.get("__formulas__", ()):
                self._formula_error(f"{row_path}.{key}", formula_address, formula)
            row.pop("__formulas__", None)
            if entry.table.row_key and entry.table.row_key in row:
                index.setdefault((*outer, _key_text(row[entry.table.row_key])),
                                 (row, row_path))

    def _parent(self, sheet, name, record, outer, parent_index, parent_columns):
        match = parent_index.get(outer)
        if match is not None:
            return match
        known_outer = outer[:-1]
        candidates = [v for k, v in parent_index.items() if k[:-1] == known_outer]
        if outer[-1] == "" and len(candidates) == 1:
            return candidates[0]  # a single data year: the column may be left blank
        column = parent_columns[-1]
        address = record.cells.get(column.key, record.first_cell)
        self.errors.append(_error(problem(
            "xlsx_unknown_parent", sheet.entry.path, value=outer[-1],
            parent_label_en=column.field.label_en.lower(),
            parent_label_vi=column.field.label_vi.lower(),
            sheet=L.sheet_name(column.parent)), address))
        return None

    def _records(self, sheet: L.TableSheet, name: str) -> list[_Row]:
        """The sheet's data rows, read one at a time; refused at the first row over the
        table's limit, before anything beyond it is read. Raises WorkbookRefused."""
        limit = limits.table_row_limit(sheet.entry)
        rows = self.book.rows(name, limit)
        head = list(itertools.islice(rows, HEADER_SCAN_ROWS))
        columns, data_start, header_row = _header(head, sheet)
        if header_row is None:
            if any(any(c != "" for c in row) for row in itertools.chain(head, rows)):
                header_row = L.LABEL_ROW - 1
            else:
                return []
        for column in sheet.columns:
            if column.parent is None and column.required and column.key not in columns:
                self.errors.append(_error(problem(
                    "xlsx_missing_column", f"{sheet.entry.path}[*].{column.key}",
                    sheet=name, label_en=column.field.label_en,
                    label_vi=column.field.label_vi), L.cell_address(name, header_row, 0)))
        if not columns:
            return []
        formulas = self.book.formulas(name)
        readers = {key: reader_for(sheet.column(key).field, self.language) for key in columns}
        first_col = min(columns.values())
        out: list[_Row] = []
        for r, row in enumerate(itertools.chain(head[data_start:], rows), start=data_start):
            record = self._record(name, r, row, columns, readers, formulas, first_col)
            if record is None:
                continue  # a blank row
            if len(out) == limit:
                raise limits.too_many_rows(name, limit, L.cell_address(name, r, first_col))
            out.append(record)
        return out

    @staticmethod
    def _record(name: str, r: int, row: list[Any], columns: dict[str, int],
                readers: dict[str, Any], formulas: dict[tuple[int, int], str],
                first_col: int) -> _Row | None:
        values: dict[str, Any] = {}
        found_formulas = []
        for key, col in columns.items():
            if (r, col) in formulas:
                found_formulas.append((key, L.cell_address(name, r, col), formulas[(r, col)]))
                continue
            value = readers[key](row[col] if col < len(row) else "")
            if value is not ABSENT:
                values[key] = value
        if not values and not found_formulas:
            return None
        if found_formulas:
            values["__formulas__"] = found_formulas
        cells = {key: L.cell_address(name, r, col) for key, col in columns.items()}
        return _Row(r, values, cells, L.cell_address(name, r, first_col))


def _header(rows: list[list[Any]], sheet: L.TableSheet) -> tuple[dict[str, int], int, int | None]:
    """(column key -> index, first data row, header row) found by key row, else headings."""
    keys = {c.key for c in sheet.columns}
    labels: dict[str, str] = {}
    for c in sheet.columns:
        for text in (c.field.label_vi, c.field.label_en, L.heading(c.field, required=c.required),
                     L.heading(c.field)):
            labels.setdefault(normalised(text), c.key)

    def by_key(row):
        out: dict[str, int] = {}
        for i, c in enumerate(row):
            if isinstance(c, str) and c.strip() in keys:
                out.setdefault(c.strip(), i)
        return out

    def by_label(row):
        out = {}
        for i, c in enumerate(row):
            if isinstance(c, str):
                first_line = normalised(c.split("\n")[0].rstrip(" *"))
                key = labels.get(normalised(c)) or labels.get(first_line)
                if key is not None and key not in out:
                    out[key] = i
        return out

    scan = rows[:HEADER_SCAN_ROWS]
    key_row = max(range(len(scan)), key=lambda r: len(by_key(scan[r])), default=None)
    if key_row is not None and not by_key(scan[key_row]):
        key_row = None
    label_row = max(range(len(scan)), key=lambda r: len(by_label(scan[r])), default=None)
    if label_row is not None and not by_label(scan[label_row]):
        label_row = None
    if key_row is None and label_row is None:
        return {}, 0, None
    columns = by_label(scan[label_row]) if label_row is not None else {}
    if key_row is not None:
        columns = {k: i for k, i in columns.items() if i not in by_key(scan[key_row]).values()}
        columns |= by_key(scan[key_row])
    header_rows = [r for r in (key_row, label_row) if r is not None]
    order = [c.key for c in sheet.columns]  # the document's keys in form order
    columns = {k: columns[k] for k in order if k in columns}
    return columns, max(header_rows) + 1, min(header_rows)


def _definition(key: str) -> FormDefinition | None:
    try:
        return form_definition(key)
    except (KeyError, ImportError, AttributeError):  # not a form, or not yet defined
        return None


def _after_last_index(parts: tuple[str, ...]) -> tuple[str, ...]:
    if "*" in parts:
        return parts[len(parts) - parts[::-1].index("*"):]
    return parts


def _path(parts: tuple[str, ...]) -> str:
    return ".".join(parts)


def _container(root: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    for part in parts:
        root = root.setdefault(part, {})
    return root


def _set(document: dict[str, Any], parts: list[str], value: Any) -> None:
    _container(document, tuple(parts[:-1]))[parts[-1]] = value


def _key_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _first_data_cell(name: str | None, sheet: L.TableSheet) -> str | None:
    return L.cell_address(name, L.FIRST_DATA_ROW - 1, 0) if name else None
