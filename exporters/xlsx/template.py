"""The Excel template of a form, generated from its definition, blank or filled from a document.

    data = write_template(GHG_FORM)                 # blank, defaults filled in
    data = write_template(GHG_FORM, document)       # pre-filled (a draft, or the last report)

Sheets (layout in `layout.py`): instructions, general information, one per input table, the
hidden list sheet feeding the drop-downs and the hidden meta sheet naming the form, its version
and the template's fingerprint. Label cells are locked (sheet protection without a password: it
guards against slips, not people); input columns are unlocked. All text goes through the
formula-injection guard.
"""
from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from exporters.spreadsheet_safety import set_safe_value
from exporters.xlsx import explanations
from exporters.xlsx import layout as L
from exporters.xlsx.cells import cell_value
from forms.definition import Field, FieldType, FormDefinition, Table, path_parts
from forms.library import load_communes

TITLE_FONT = Font(bold=True, size=13, color="A3141B")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="A3141B")
KEY_FONT = Font(color="808080", size=8)
SECTION_FONT = Font(bold=True, color="A3141B")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"  # keeps 00493 and 0100112437 as typed

# Input rows offered below the data (unlocked, with drop-downs); beyond them the filer may insert
# rows, or lift the protection, which has no password.
SPARE_ROWS = 500


def write_template(form: FormDefinition, document: Mapping[str, Any] | None = None,
                   warnings: Sequence[Mapping[str, Any]] | None = None) -> bytes:
    """The .xlsx template of `form`, pre-filled from `document` when given. With `warnings`
    (the draft's current warnings, problem dicts), the "Giải trình" sheet lists one row per
    warning by its place and message, for the filer's reason (`explanations`). Never raises on
    a malformed document: values are written as found, for the reader's validation to judge."""
    layout = L.template_layout(form)
    document = document if isinstance(document, Mapping) else None
    book = Workbook()
    _instructions(book.active, form, layout)
    lists = _ListSheet(book.create_sheet(L.LISTS_SHEET))
    _general_sheet(book.create_sheet(L.GENERAL_SHEET), layout, document, lists)
    for sheet in layout.tables:
        shown = None
        if warnings is not None and sheet.entry.path == explanations.TABLE:
            table_rows, shown = explanations.explanation_rows(form, document, warnings)
            rows = [({}, row) for row in table_rows]
        else:
            rows = list(_table_rows(document, sheet)) if document is not None else []
        _table_sheet(book.create_sheet(sheet.name), sheet, rows, lists)
        if shown is not None:
            _explained(book[sheet.name], sheet, shown)
    _meta_sheet(book.create_sheet(L.META_SHEET), form, layout)
    lists.sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(sheet: Worksheet, form: FormDefinition, layout: L.TemplateLayout) -> None:
    sheet.title = L.INSTRUCTIONS_SHEET
    sheet.column_dimensions["A"].width = 120
    lines: list[tuple[str, Font | None]] = [
        (form.label_vi, TITLE_FONT), (form.label_en, None),
        (f"{form.legal_basis_vi} — {form.legal_basis_en}", None),
        (f"Phiên bản biểu mẫu / Form version: {form.version}", None), ("", None),
        ("Cách điền / How to fill in", SECTION_FONT),
        ("• Mỗi bảng của biểu mẫu là một trang tính; điền từ dòng 4. Không đổi tên trang tính. "
         "/ Each table of the form is a sheet; fill it from row 4. Do not rename the sheets.",
         None),
        ("• Cột có dấu * là bắt buộc. Ô để trống là không có số liệu, không phải số 0: nhập 0 "
         "nếu không có. / Columns marked * are required. A blank cell is no data, not zero: "
         "enter 0 for none.", None),
        ("• Số có thể nhập theo cách viết Việt Nam (1.234,5) hoặc là ô số của Excel; 98.300 "
         "được hiểu là chín mươi tám nghìn ba trăm. / Numbers may be typed in Vietnamese "
         "notation (1.234,5) or as Excel numbers; 98.300 is read as 98 300.", None),
        *((f"• {vi} / {en}", None) for vi, en in form.advice),
        ("• Công thức được đọc theo giá trị đã lưu; không dùng tệp có macro (.xlsm). / Formulas "
         "are read by their saved value; macro-enabled files (.xlsm) are refused.", None),
        ("", None), ("Các trang tính / Sheets", SECTION_FONT),
        (f"• {L.GENERAL_SHEET}: {form.general_vi} / {form.general_en}", None),
    ]
    for sheet_layout in layout.tables:
        table = sheet_layout.table
        lines.append((f"• {sheet_layout.name}: {table.label_vi} / {table.label_en}. "
                      f"{table.help_vi} {table.help_en}".strip(), None))
        parents = [c for c in sheet_layout.columns if c.parent is not None]
        for column in parents:
            lines.append((f"    Cột “{column.field.label_vi}” ghi dòng tương ứng của trang "
                          f"“{L.sheet_name(column.parent)}” / The column “{column.field.label_en}"
                          f"” names the row of sheet “{L.sheet_name(column.parent)}”.", None))
        for variant in table.variants:
            required = ", ".join(_label(table, k) for k in variant.required)
            lines.append((f"    {variant.value} — {variant.label_vi} / {variant.label_en}: "
                          f"bắt buộc / required: {required or '—'}"
                          + (f"; đơn vị / units: {', '.join(variant.units)}"
                             if variant.units else ""), None))
    for row, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1)
        set_safe_value(cell, text)
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
    sheet.protection.sheet = True


def _label(table: Table, key: str) -> str:
    field = next((c for c in table.children if isinstance(c, Field) and c.key == key), None)
    return field.label_vi if field is not None else key


class _ListSheet:
    """The hidden "Danh mục" sheet: one column of codes per list, labels beside it."""

    def __init__(self, sheet: Worksheet):
        self.sheet = sheet
        self.ranges: dict[str, str] = {}
        sheet.protection.sheet = True

    def range_for(self, field: Field) -> str | None:
        entries = self._entries(field)
        if not entries:
            return None
        name = field.key if "hanoi_commune" in field.checks else \
            "|".join(v for v, _ in entries[:3]) + f"#{len(entries)}"
        if name not in self.ranges:
            col = 2 * len(self.ranges) + 1
            set_safe_value(self.sheet.cell(row=1, column=col), field.key)
            set_safe_value(self.sheet.cell(row=1, column=col + 1), f"{field.label_vi} / "
                                                                     f"{field.label_en}")
            for row, (value, label) in enumerate(entries, start=2):
                cell = self.sheet.cell(row=row, column=col)
                set_safe_value(cell, value)
                cell.number_format = TEXT_FORMAT
                set_safe_value(self.sheet.cell(row=row, column=col + 1), label)
            letter = L.column_letter(col - 1)
            self.ranges[name] = (f"'{L.LISTS_SHEET}'!${letter}$2:${letter}$"
                                 f"{len(entries) + 1}")
        return self.ranges[name]

    @staticmethod
    def _entries(field: Field) -> list[tuple[str, str]]:
        if field.choices:
            return [(c.value, c.label_vi if c.label_vi == c.label_en
                     else f"{c.label_vi} / {c.label_en}") for c in field.choices]
        if "hanoi_commune" in field.checks:
            return [(c.code, c.name) for c in load_communes().values()]
        return []


def _drop_down(sheet: Worksheet, lists: _ListSheet, field: Field, ref: str) -> None:
    source = lists.range_for(field)
    if source is None or field.type is FieldType.MULTI_CHOICE:
        return
    validation = DataValidation(
        type="list", formula1=source, allow_blank=True, showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ / Invalid value",
        error="Chọn một giá trị trong danh sách. / Pick a value from the list.")
    validation.add(ref)
    sheet.add_data_validation(validation)


def _general_sheet(sheet: Worksheet, layout: L.TemplateLayout,
                   document: Mapping[str, Any] | None, lists: _ListSheet) -> None:
    form = layout.form
    set_safe_value(sheet.cell(row=L.TITLE_ROW, column=1), f"{form.label_vi} / {form.label_en}")
    sheet.cell(row=L.TITLE_ROW, column=1).font = TITLE_FONT
    for col, text in ((L.GENERAL_LABEL_COL, "Mục\nItem"), (L.GENERAL_UNIT_COL, "Đơn vị\nUnit"),
                      (L.GENERAL_VALUE_COL, "Giá trị\nValue"), (L.GENERAL_KEY_COL, "key")):
        cell = sheet.cell(row=L.GENERAL_HEADER_ROW, column=col)
        set_safe_value(cell, text)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
    row = L.GENERAL_FIRST_ROW
    section = None
    for entry in layout.general:
        if entry.section is not None and entry.section is not section:
            section = entry.section
            cell = sheet.cell(row=row, column=L.GENERAL_LABEL_COL)
            set_safe_value(cell, f"{section.label_vi} / {section.label_en}")
            cell.font = SECTION_FONT
            row += 1
        field = entry.field
        set_safe_value(sheet.cell(row=row, column=L.GENERAL_LABEL_COL),
                       _general_label(form, entry.path, field))
        sheet.cell(row=row, column=L.GENERAL_LABEL_COL).alignment = WRAP
        if field.unit:
            set_safe_value(sheet.cell(row=row, column=L.GENERAL_UNIT_COL), field.unit)
        set_safe_value(sheet.cell(row=row, column=L.GENERAL_KEY_COL), entry.path)
        value_cell = sheet.cell(row=row, column=L.GENERAL_VALUE_COL)
        value = _value_at(document, entry.path) if document is not None else field.default
        set_safe_value(value_cell, cell_value(field, value))
        value_cell.protection = UNLOCKED
        value_cell.alignment = WRAP
        if field.type in (FieldType.TEXT, FieldType.CHOICE):
            value_cell.number_format = TEXT_FORMAT
        _drop_down(sheet, lists, field, value_cell.coordinate)
        row += 1
    for col, width in ((1, 55), (2, 10), (3, 50), (4, 28)):
        sheet.column_dimensions[L.column_letter(col - 1)].width = width
    sheet.column_dimensions[L.column_letter(L.GENERAL_KEY_COL - 1)].hidden = True
    sheet.freeze_panes = f"A{L.GENERAL_FIRST_ROW}"
    _protect(sheet)


def _general_label(form: FormDefinition, path: str, field: Field) -> str:
    parts = path_parts(path)
    group = form.node_at(parts[0]) if len(parts) > 1 else None
    prefix = f"{group.label_vi} — " if group is not None else ""
    english_prefix = f"{group.label_en} — " if group is not None else ""
    star = " *" if field.required else ""
    return f"{prefix}{field.label_vi}{star}\n{english_prefix}{field.label_en}"


def _value_at(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path_parts(path):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _table_rows(document: Mapping[str, Any], sheet: L.TableSheet,
                ) -> Iterator[tuple[dict[str, Any], Mapping[str, Any]]]:
    """(parent keys, row) of every row of the table, walking enclosing tables in order."""
    def walk(container: Any, parts: Sequence[str], keys: dict[str, Any]):
        if not parts:
            return
        key, rest = parts[0], parts[1:]
        rows = container.get(key) if isinstance(container, Mapping) else None
        if isinstance(rows, Mapping) and rest and rest[0] != "*":
            # A group on the way (energy.fuels): its table's rows are inside it.
            yield from walk(rows, rest, keys)
            return
        if not isinstance(rows, list):
            return
        if rest and rest[0] == "*":
            rest = rest[1:]
        table = next((p for p in sheet.entry.parents if p.key == key), None)
        for row in rows:
            if not isinstance(row, Mapping):
                continue
            if not rest:
                yield keys, row
            elif table is not None:
                yield from walk(row, rest, keys | {L.parent_key(table): row.get(table.row_key)})

    yield from walk(document, [p for p in sheet.entry.parts], {})


def _table_sheet(sheet: Worksheet, layout: L.TableSheet,
                 rows: list[tuple[dict[str, Any], Mapping[str, Any]]], lists: _ListSheet) -> None:
    table = layout.table
    set_safe_value(sheet.cell(row=L.TITLE_ROW, column=1), f"{table.label_vi} / {table.label_en}")
    sheet.cell(row=L.TITLE_ROW, column=1).font = TITLE_FONT
    last_row = L.FIRST_DATA_ROW + len(rows) + SPARE_ROWS - 1
    for index, column in enumerate(layout.columns):
        letter = L.column_letter(index)
        field = column.field
        label = sheet.cell(row=L.LABEL_ROW, column=index + 1)
        set_safe_value(label, L.heading(field, required=column.required))
        label.font, label.fill, label.alignment = HEADER_FONT, HEADER_FILL, WRAP
        help_text = "\n\n".join(t for t in (field.help_vi, field.help_en) if t)
        if help_text:
            label.comment = Comment(help_text, "intake", width=320, height=140)
        key = sheet.cell(row=L.KEY_ROW, column=index + 1)
        set_safe_value(key, column.key)
        key.font = KEY_FONT
        dimension = sheet.column_dimensions[letter]
        dimension.width = _width(field)
        # A column style: Excel gives it to every cell typed later, so input stays unlocked.
        dimension.protection = UNLOCKED
        text_like = field.type in (FieldType.TEXT, FieldType.CHOICE)
        if text_like:
            dimension.number_format = TEXT_FORMAT
        for offset, (keys, row) in enumerate(rows):
            value = keys.get(column.key) if column.parent is not None else row.get(column.key)
            if value is None:
                continue
            cell = sheet.cell(row=L.FIRST_DATA_ROW + offset, column=index + 1)
            set_safe_value(cell, cell_value(field, value))
            cell.protection = UNLOCKED
            if text_like:
                cell.number_format = TEXT_FORMAT
        _drop_down(sheet, lists, field, f"{letter}{L.FIRST_DATA_ROW}:{letter}{last_row}")
    sheet.row_dimensions[L.LABEL_ROW].height = 45
    # The key row is how the reader finds moved columns; hidden, not deleted, so filers can't
    # lose it by accident.
    sheet.row_dimensions[L.KEY_ROW].hidden = True
    sheet.freeze_panes = f"A{L.FIRST_DATA_ROW}"
    _protect(sheet)


def _explained(sheet: Worksheet, layout: L.TableSheet, shown: list[tuple[str, str]]) -> None:
    """The explanations sheet as a person reads it: the machine columns hidden, each warning's
    place and message beside the reason (locked: they are not the filer's to change)."""
    for index, column in enumerate(layout.columns):
        if column.key in explanations.HIDDEN_KEYS:
            sheet.column_dimensions[L.column_letter(index)].hidden = True
    first = len(layout.columns)
    for offset, (heading, width) in enumerate(explanations.HEADINGS):
        letter = L.column_letter(first + offset)
        cell = sheet.cell(row=L.LABEL_ROW, column=first + offset + 1)
        set_safe_value(cell, heading)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[letter].width = width
    for row, texts in enumerate(shown, start=L.FIRST_DATA_ROW):
        for offset, text in enumerate(texts):
            cell = sheet.cell(row=row, column=first + offset + 1)
            set_safe_value(cell, text)
            cell.alignment = WRAP


def _width(field: Field) -> int:
    if field.type is FieldType.TEXT and (field.max_length or 0) > 100:
        return 36
    return max(12, min(28, len(field.label_vi) + 4))


def _protect(sheet: Worksheet) -> None:
    protection = sheet.protection
    protection.sheet = True
    # Allowed under protection (False = not protected): rows added or removed, widths changed,
    # sorting and filtering; label cells stay locked.
    protection.insertRows = protection.deleteRows = False
    protection.formatColumns = protection.formatRows = protection.formatCells = False
    protection.sort = protection.autoFilter = False


def _meta_sheet(sheet: Worksheet, form: FormDefinition, layout: L.TemplateLayout) -> None:
    for row, (key, value) in enumerate((
            ("form", form.key), ("form_version", form.version),
            ("layout", L.LAYOUT_VERSION), ("fingerprint", layout.fingerprint),
            ("title", form.label_vi)), start=1):
        set_safe_value(sheet.cell(row=row, column=1), key)
        set_safe_value(sheet.cell(row=row, column=2), value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
