"""A form document as HTML form fields and back, driven by the form definition.

Every input is named by its document path (`years[0].sources[1].quantity`), the same path that
validation problems carry, so an error is linked to its field by name alone and the page needs
no per-form template. Blank inputs are left out of the document: a blank is not a zero.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from forms.definition import (
    Field,
    FieldType,
    FormDefinition,
    Group,
    Section,
    Table,
    direct_children,
)
from forms.types import ABSENT, value_type

_INDEX = re.compile(r"^\[(\d+)\]")


def input_id(path: str) -> str:
    """An HTML id for a document path: `years[0].sources[1].quantity` -> `f-years-0-sources-1-quantity`."""
    return "f-" + re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-")


def build_document(definition: FormDefinition, form: Mapping[str, Any], *,
                   language: str = "vi", base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The document that the submitted fields describe.

    `form` is a werkzeug MultiDict (or any mapping with `getlist`); `base` supplies values the
    page does not edit (computed results are never read from input). Decimal text is read in
    the notation of `language` (forms.typed_numbers).
    """
    document: dict[str, Any] = {}
    for key in ("form", "form_version"):
        if base and key in base:
            document[key] = base[key]
    _read_children(definition.children, "", form, document, language)
    return document


def _read_children(children, prefix: str, form, target: dict, language: str) -> None:
    for node in direct_children(children):
        path = f"{prefix}{node.key}"
        if isinstance(node, Field):
            if node.computed:
                continue
            value = _read_field(node, path, form, language)
            if value is not None:
                target[node.key] = value
        elif isinstance(node, Group):
            if node.computed:
                continue
            group: dict[str, Any] = {}
            _read_children(node.children, path + ".", form, group, language)
            if group:
                target[node.key] = group
        elif isinstance(node, Table):
            if node.computed:
                continue
            rows = []
            for index in _row_indices(path, form):
                row: dict[str, Any] = {}
                _read_children(node.children, f"{path}[{index}].", form, row, language)
                if row:
                    # A row's own table shown with no lines is an empty list, not an absent
                    # one: a data year whose sources were all removed still says it has none.
                    for child in direct_children(node.children):
                        if isinstance(child, Table) and not child.computed:
                            row.setdefault(child.key, [])
                    rows.append(row)
            if rows or node.required:
                target[node.key] = rows


def _row_indices(path: str, form) -> list[int]:
    prefix = path + "["
    indices = set()
    for name in form.keys():
        if name.startswith(prefix):
            match = _INDEX.match(name[len(path):])
            if match:
                indices.add(int(match.group(1)))
    return sorted(indices)


def _read_field(node: Field, path: str, form, language: str) -> Any:
    kind = value_type(node)
    if node.type is FieldType.MULTI_CHOICE:
        value = kind.parse_many(form.getlist(path))
    else:
        raw = form.get(path)
        value = ABSENT if raw is None else kind.parse(str(raw), language)
    return None if value is ABSENT else value


def flatten(definition: FormDefinition, document: Any, language: str = "vi") -> dict[str, str]:
    """`{path: text}` of every editable value in `document`, for filling the inputs, each in
    the notation of `language`: `build_document` reads the same text back as the same value."""
    values: dict[str, str] = {}
    if isinstance(document, Mapping):
        _flatten_children(definition.children, "", document, values, language)
    return values


def _flatten_children(children, prefix: str, data: Mapping, values: dict[str, str],
                      language: str) -> None:
    for node in direct_children(children):
        if node.key not in data:
            continue
        path = f"{prefix}{node.key}"
        value = data[node.key]
        if isinstance(node, Field):
            if value is not None:
                values[path] = value_type(node).display(value, language)
        elif isinstance(node, Group) and isinstance(value, Mapping):
            _flatten_children(node.children, path + ".", value, values, language)
        elif isinstance(node, Table) and isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, Mapping):
                    _flatten_children(node.children, f"{path}[{index}].", row, values, language)


def sections(definition: FormDefinition) -> list[Section]:
    """The steps of the guided form: the form's sections, in order."""
    return [node for node in definition.children if isinstance(node, Section)]


def row_count(document: Any, table_path: str) -> int:
    """How many rows the document has at a concrete table path (`years[0].sources`)."""
    rows = locate(document, table_path)
    return len(rows) if isinstance(rows, list) else 0


def locate(document: Any, path: str, *, create: bool = False) -> Any:
    """What the document holds at a concrete path (`years[0].sources`), None where it holds
    nothing; with `create`, a missing key is made on the way (a list at the end, else an
    object). A row index is never made: only a row the document has is reached."""
    node: Any = document
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    for position, part in enumerate(parts):
        if part.startswith("["):
            index = int(part[1:-1])
            node = node[index] if isinstance(node, list) and index < len(node) else None
        elif isinstance(node, dict) and create and part not in node:
            node = node.setdefault(part, [] if position == len(parts) - 1 else {})
        else:
            node = node.get(part) if isinstance(node, Mapping) else None
        if node is None:
            return None
    return node
