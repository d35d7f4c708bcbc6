"""The machinery to define a form once: fields, groups, tables, sections, variants.

A `FormDefinition` is a tree. Validation (`schemas/`), the web form, the Excel template (one
sheet per `Table`, drop-downs from `choices`), the PDF and the export columns are all built by
walking it, so nothing about a field is written twice. Standard library only.

Nodes:

- `Field`: one value (`key`, labels, `type`, `unit`, `choices`, `required`, help, named `checks`
  such as `non_negative` or `tax_code` that `schemas/` implements).
- `Group`: a JSON object (`facility: {...}`).
- `Table`: a JSON list of objects (`years: [...]`, nested `sources: [...]`). A table may be
  *discriminated*: one field (`category`) selects a `Variant` that says which of the table's
  fields are required or optional for that kind of row and which units it accepts.
- `Section`: a heading of the paper form (Form 06 "I. Thông tin chung..."); its children live
  in the enclosing object, it adds no level to the document.

Walking: `form.fields()` yields every `FieldEntry` with its document path template
(`years[*].sources[*].quantity`); `form.tables()` every `TableEntry`; `form.node_at(path)`
finds the node of a concrete or template path (`years[0].sources[1].quantity`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Union

ANY_INDEX = "*"


class FieldType(StrEnum):
    TEXT = "text"
    DECIMAL = "decimal"  # JSON number or decimal string, kept as Decimal
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"  # ISO 8601 yyyy-mm-dd
    CHOICE = "choice"  # one of `choices`
    MULTI_CHOICE = "multi_choice"  # a list of `choices`


# The longest value a field of each type takes when its definition names no `max_length`:
# every text a person can type is bounded (ASVS 5.1.4), so no channel stores a 10 MB name.
# A closed list, a date, a flag or a number is bounded by its own rule.
DEFAULT_MAX_LENGTH: Mapping[FieldType, int] = {FieldType.TEXT: 500}


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label_vi: str
    label_en: str
    # Other codes that mean this choice (a refrigerant's number: "R-22" for HCFC-22); read as
    # `value`, never offered or stored as themselves.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    """One value of a form. `required` means required wherever the field applies."""

    key: str
    label_vi: str
    label_en: str
    type: FieldType = FieldType.TEXT
    unit: str | None = None  # the unit of the value itself, when fixed (kg/L, TJ/Gg)
    choices: tuple[Choice, ...] = ()
    required: bool = False
    help_vi: str = ""
    help_en: str = ""
    # Named checks implemented by schemas/ (see CHECKS in schemas/fields.py).
    checks: tuple[str, ...] = ()
    max_length: int | None = None
    minimum: Any = None
    maximum: Any = None
    default: Any = None
    example: str = ""
    # Computed by the system (results): shown and exported, never read from input.
    computed: bool = False

    @property
    def length_limit(self) -> int | None:
        """The most characters the value may have: `max_length`, else its type's default."""
        return self.max_length if self.max_length is not None else DEFAULT_MAX_LENGTH.get(self.type)

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value or value in c.aliases), None)


@dataclass(frozen=True)
class Variant:
    """One kind of row of a discriminated table (e.g. a source category).

    Only the fields named in `required` or `optional` apply to such a row (besides the table's
    fields that no variant names, which apply to every row); `units` restricts the choices of
    the table's unit field. `attributes` carries form-specific facts (scope, method).
    """

    value: str
    label_vi: str
    label_en: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    help_vi: str = ""
    help_en: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(self.required + self.optional)


class _Object:
    """A node whose direct children (sections flattened) are the keys of one JSON object: the
    form, a group, a table's row. Their index is built once: every message, comment and diff
    entry names its place by walking a path through it (`forms.labels`), hundreds a page."""

    @functools.cached_property
    def _children_by_key(self) -> dict[str, Field | Group | Table]:
        by_key: dict[str, Field | Group | Table] = {}
        for child in direct_children(self.children):  # type: ignore[attr-defined]
            by_key.setdefault(child.key, child)  # the first of a key, as a search finds it
        return by_key

    def child(self, key: str) -> Field | Group | Table | None:
        """The node of `key` in this node's object, or None."""
        return self._children_by_key.get(key)


@dataclass(frozen=True)
class Group(_Object):
    key: str
    label_vi: str
    label_en: str
    children: tuple[Node, ...]
    required: bool = False
    help_vi: str = ""
    help_en: str = ""
    computed: bool = False


@dataclass(frozen=True)
class Table(_Object):
    key: str
    label_vi: str
    label_en: str
    children: tuple[Node, ...]
    required: bool = False
    min_rows: int = 0
    max_rows: int | None = None
    # The field whose value identifies a row among its siblings (unique), e.g. "id", "year".
    row_key: str | None = None
    discriminator: str | None = None
    unit_field: str | None = None  # the field restricted by Variant.units
    variants: tuple[Variant, ...] = ()
    sheet_name: str = ""  # Excel sheet (≤ 31 characters), Vietnamese
    help_vi: str = ""
    help_en: str = ""
    computed: bool = False
    # What one row is called where a message names it ("Nguồn LH-01", "Năm 2024"); without
    # it a row is "Dòng 3" / "Row 3" (forms.labels).
    row_name_vi: str = ""
    row_name_en: str = ""

    def variant(self, value: object) -> Variant | None:
        return self._variants_by_value.get(value) if isinstance(value, str) else None

    @functools.cached_property
    def nested(self) -> bool:
        """Whether a row holds groups or tables of its own (a data year holds its sources),
        not fields only: such rows are shown one by one, not as lines of a grid."""
        return any(isinstance(c, (Table, Group)) for c in direct_children(self.children))

    @functools.cached_property
    def variant_keys(self) -> frozenset[str]:
        """Fields governed by variants; the others apply to every row."""
        return frozenset(k for v in self.variants for k in v.keys)

    @functools.cached_property
    def _variants_by_value(self) -> dict[str, Variant]:
        return {v.value: v for v in self.variants}

    def applies(self, key: str, variant: Variant | None) -> bool:
        if key not in self.variant_keys:
            return True
        return variant is not None and key in variant.keys

    def is_required(self, f: Field, variant: Variant | None) -> bool:
        if f.key in self.variant_keys:
            return variant is not None and f.key in variant.required
        return f.required


@dataclass(frozen=True)
class Section:
    """A heading of the paper form; adds no level to the document."""

    key: str
    label_vi: str
    label_en: str
    children: tuple[Node, ...]
    help_vi: str = ""
    help_en: str = ""


Node = Union[Field, Group, Table, Section]


@dataclass(frozen=True)
class FieldEntry:
    """A field with where it sits: `path` is a template such as `years[*].sources[*].quantity`."""

    path: str
    parts: tuple[str, ...]
    field: Field
    section: Section | None
    table: Table | None  # the innermost table whose rows hold the field
    computed: bool


@dataclass(frozen=True)
class TableEntry:
    path: str
    parts: tuple[str, ...]
    table: Table
    section: Section | None
    parents: tuple[Table, ...]  # enclosing tables, outermost first

    def row_fields(self) -> tuple[Field, ...]:
        """The fields of one row, sections flattened, nested groups and tables excluded."""
        return tuple(_direct_fields(self.table.children))


def _direct_fields(children: tuple[Node, ...]) -> Iterator[Field]:
    for child in children:
        if isinstance(child, Field):
            yield child
        elif isinstance(child, Section):
            yield from _direct_fields(child.children)


def direct_children(children: tuple[Node, ...]) -> Iterator[Field | Group | Table]:
    """The nodes that are keys of the object itself (sections flattened)."""
    for child in children:
        if isinstance(child, Section):
            yield from direct_children(child.children)
        else:
            yield child


@dataclass(frozen=True)
class FormDefinition(_Object):
    key: str
    version: str
    label_vi: str
    label_en: str
    children: tuple[Node, ...]
    legal_basis_vi: str = ""
    legal_basis_en: str = ""
    # The form's own advice on filling it in (the Excel template's instructions sheet): pairs of
    # (Vietnamese, English) lines, in the form's words.
    advice: tuple[tuple[str, str], ...] = ()
    # What the general-information sheet holds, in the form's words.
    general_vi: str = "thông tin chung"
    general_en: str = "general information"

    def fields(self, *, include_computed: bool = False) -> Iterator[FieldEntry]:
        """Every field with its path template, in form order."""
        for entry in _walk(self.children, (), None, None, (), False):
            if isinstance(entry, FieldEntry) and (include_computed or not entry.computed):
                yield entry

    def tables(self, *, include_computed: bool = False) -> Iterator[TableEntry]:
        for entry in _walk(self.children, (), None, None, (), False):
            if isinstance(entry, TableEntry) and (include_computed or not _computed(entry)):
                yield entry

    def node_at(self, path: str) -> Node | None:
        """The node at a path (`years[0].sources[1].unit` or `years[*].sources[*].unit`)."""
        container: _Object | None = self
        node: Node | None = None
        for part in path_parts(path):
            if is_index(part):
                if not isinstance(node, Table):
                    return None
                continue
            node = container.child(part) if container is not None else None
            if node is None:
                return None
            container = node if isinstance(node, (Group, Table)) else None
        return node


def _computed(entry: TableEntry) -> bool:
    return entry.table.computed or any(t.computed for t in entry.parents)


def _walk(children, parts, section, table, parents, computed) -> Iterator[FieldEntry | TableEntry]:
    for child in children:
        if isinstance(child, Section):
            yield from _walk(child.children, parts, child, table, parents, computed)
        elif isinstance(child, Field):
            here = (*parts, child.key)
            yield FieldEntry(template_path(here), here, child, section, table,
                             computed or child.computed)
        elif isinstance(child, Group):
            yield from _walk(child.children, (*parts, child.key), section, table, parents,
                             computed or child.computed)
        elif isinstance(child, Table):
            here = (*parts, child.key)
            yield TableEntry(template_path(here), here, child, section, parents)
            yield from _walk(child.children, (*here, ANY_INDEX), section, child,
                             (*parents, child), computed or child.computed)


def template_path(parts: tuple[str, ...]) -> str:
    out = ""
    for part in parts:
        if part == ANY_INDEX:
            out += "[*]"
        else:
            out += f".{part}" if out else part
    return out


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\*|\d+)\]")


def path_parts(path: str) -> list[str]:
    """`years[0].sources[*].unit` -> ["years", "0", "sources", "*", "unit"]."""
    return [m.group(1) or m.group(2) for m in _PATH_PART.finditer(path)]


def is_index(part: str) -> bool:
    """A part of `path_parts` that is a row index (or the template's `*`). `isdecimal`, not
    `isdigit`: a key such as "²" is a digit that `int` refuses, and paths come from documents
    and comments as sent."""
    return part == ANY_INDEX or part.isdecimal()


def to_template(path: str) -> str:
    """`years[0].sources[1].unit` -> `years[*].sources[*].unit`."""
    return re.sub(r"\[\d+\]", "[*]", path)
