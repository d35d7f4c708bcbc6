"""Where everything of a form sits in its Excel template, derived from the form definition.

The writer (`template.py`) and the reader (`reader.py`) share this one description, so a column
is never placed by one and looked for elsewhere by the other (docs/xlsx.md, "Layout"):

- "Thông tin chung": one row per field outside any table; column A the label, B the unit, C the
  value, D (hidden) the field's document path (`facility.tax_code`).
- one sheet per input table (`Table.sheet_name`): row 1 a title, row 2 the headings
  (Vietnamese label, newline, English label and unit), row 3 (hidden) the field keys, data from
  row 4. A nested table's sheet starts with one column per enclosing table holding that row's
  key (`years.year` on "Nguồn thải"), which is how a source line names its data year.
- a hidden "Danh mục" sheet with the drop-down lists, a hidden meta sheet, instructions.

The fingerprint is the SHA-256 of the form key, version, layout version and every sheet's name
with its column keys: it changes exactly when a template's structure does.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from forms.definition import (
    Field,
    FieldEntry,
    FormDefinition,
    Table,
    TableEntry,
    direct_children,
)

# Bump when the arrangement below changes (rows, meta keys), not when a form changes.
LAYOUT_VERSION = "1"

GENERAL_SHEET = "Thông tin chung"
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
META_SHEET = "intake_template"

TITLE_ROW, LABEL_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3, 4  # 1-based, as Excel shows them
GENERAL_HEADER_ROW, GENERAL_FIRST_ROW = 2, 3
GENERAL_LABEL_COL, GENERAL_UNIT_COL, GENERAL_VALUE_COL, GENERAL_KEY_COL = 1, 2, 3, 4

# Filled from the meta sheet, never typed by the filer.
META_FIELDS = ("form", "form_version")


@dataclass(frozen=True)
class Column:
    """One column of a table sheet. `parent` is set for a column holding an enclosing table's
    row key (`years.year`); `field` is then that table's key field."""

    key: str
    field: Field
    parent: Table | None = None

    @property
    def required(self) -> bool:
        return self.parent is not None or self.field.required


@dataclass(frozen=True)
class TableSheet:
    name: str
    entry: TableEntry
    columns: tuple[Column, ...]

    @property
    def table(self) -> Table:
        return self.entry.table

    def column(self, key: str) -> Column | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class TemplateLayout:
    form: FormDefinition
    general: tuple[FieldEntry, ...]
    tables: tuple[TableSheet, ...]
    fingerprint: str

    def table_sheet(self, path: str) -> TableSheet | None:
        return next((t for t in self.tables if t.entry.path == path), None)


def parent_key(parent: Table) -> str:
    return f"{parent.key}.{parent.row_key}"


def _key_field(table: Table) -> Field:
    field = next((f for f in _fields_of(table) if f.key == table.row_key), None)
    if field is None:
        raise ValueError(f"table {table.key!r} encloses another table but has no row key field")
    return field


def _fields_of(table: Table) -> tuple[Field, ...]:
    return tuple(c for c in direct_children(table.children) if isinstance(c, Field))


def sheet_name(table: Table) -> str:
    return (table.sheet_name or table.label_vi)[:31]


def _layout(form: FormDefinition) -> TemplateLayout:
    general = tuple(e for e in form.fields() if e.table is None and e.path not in META_FIELDS)
    sheets: list[TableSheet] = []
    for entry in form.tables():
        columns = [Column(parent_key(p), _key_field(p), parent=p) for p in entry.parents]
        columns += [Column(f.key, f) for f in entry.row_fields() if not f.computed]
        sheets.append(TableSheet(sheet_name(entry.table), entry, tuple(columns)))
    structure = {
        "form": form.key, "version": form.version, "layout": LAYOUT_VERSION,
        "sheets": [[GENERAL_SHEET, [e.path for e in general]]]
        + [[s.name, [c.key for c in s.columns]] for s in sheets],
    }
    digest = hashlib.sha256(json.dumps(structure, ensure_ascii=False).encode("utf-8"))
    return TemplateLayout(form, general, tuple(sheets), digest.hexdigest())


_LAYOUTS: dict[int, TemplateLayout] = {}


def template_layout(form: FormDefinition) -> TemplateLayout:
    """The layout of a form's template (cached per definition object; definitions hold dicts,
    so they are not hashable)."""
    cached = _LAYOUTS.get(id(form))
    if cached is None or cached.form is not form:
        cached = _LAYOUTS[id(form)] = _layout(form)
    return cached


def accepted_versions(form: FormDefinition) -> tuple[str, ...]:
    """Versions of the form still received: the choices of its `form_version` field."""
    node = form.node_at("form_version")
    if isinstance(node, Field) and node.choices:
        return node.choice_values
    return (form.version,)


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_address(sheet: str, row: int, col: int) -> str:
    """`Nguồn thải!D7` from 0-based row and column: the contract writes sheet names unquoted."""
    return f"{sheet}!{column_letter(col)}{row + 1}"


def heading(field: Field, *, required: bool = False) -> str:
    """A column heading: Vietnamese label (a star when required), newline, English and unit."""
    english = field.label_en + (f" ({field.unit})" if field.unit else "")
    return f"{field.label_vi}{' *' if required else ''}\n{english}"
