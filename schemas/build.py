"""Build a marshmallow schema from a form definition and turn its errors into Problems.

    schema = schema_for(GHG_FORM)           # cached per definition
    data, problems = load_document(GHG_FORM, document)

`load_document` never raises on bad input: every problem is collected in one pass, each with
its path (`years[0].sources[1].quantity`), code and messages. `data` holds what could be
loaded (Decimals for quantities); a row that failed keeps its index.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing

from forms.definition import (
    Field,
    FieldType,
    FormDefinition,
    Group,
    Node,
    Table,
    direct_children,
)
from forms.labels import choice_labels
from forms.numbers import canonical_example
from forms.problems import Problem, join_path
from forms.rules import problem
from forms.types import value_type
from schemas.fields import (
    VALUE_CHECKS,
    Code,
    Flag,
    IsoDate,
    Quantity,
    RowList,
    Text,
    WholeNumber,
)

SCHEMA_MESSAGES = {"unknown": "unknown_field", "type": "wrong_type"}

EXPECTED_TYPE = {
    FieldType.TEXT: ("a text", "văn bản"),
    FieldType.DECIMAL: ("a number", "số"),
    FieldType.INTEGER: ("a whole number", "số nguyên"),
    FieldType.BOOLEAN: ("true or false", "true hoặc false"),
    FieldType.DATE: ("a date (YYYY-MM-DD)", "ngày (YYYY-MM-DD)"),
    FieldType.CHOICE: ("a text code", "mã dạng văn bản"),
    FieldType.MULTI_CHOICE: ("a list of codes", "danh sách mã"),
    "group": ("an object", "đối tượng"),
    "table": ("a list", "danh sách"),
    "document": ("an object", "đối tượng"),
}


def _field(f: Field) -> fields.Field:
    common: dict[str, Any] = {"required": f.required, "allow_none": not f.required}
    validators = [VALUE_CHECKS[c] for c in f.checks if c in VALUE_CHECKS]
    if validators:
        common["validate"] = validators
    kind = value_type(f)
    if f.type in (FieldType.DECIMAL, FieldType.INTEGER):
        field_class = Quantity if f.type is FieldType.DECIMAL else WholeNumber
        return field_class(kind, non_negative="non_negative" in f.checks, minimum=f.minimum,
                           maximum=f.maximum, **common)
    if f.type is FieldType.CHOICE:
        return Code(kind, **common)
    if f.type is FieldType.MULTI_CHOICE:
        return RowList(Code(value_type(_item_field(f))), **common)
    if f.type is FieldType.BOOLEAN:
        return Flag(kind, **common)
    if f.type is FieldType.DATE:
        return IsoDate(kind, **common)
    return Text(kind, **common)


def _item_field(f: Field) -> Field:
    """One item of a multi-choice field, as a choice field of its own."""
    return _ITEM_FIELDS.setdefault(id(f), dataclasses.replace(f, type=FieldType.CHOICE))


_ITEM_FIELDS: dict[int, Field] = {}


def _schema_class(name: str, children: tuple[Node, ...]) -> type[Schema]:
    declared: dict[str, fields.Field] = {}
    for child in direct_children(children):
        if getattr(child, "computed", False):
            continue
        if isinstance(child, Field):
            declared[child.key] = _field(child)
        elif isinstance(child, Group):
            declared[child.key] = fields.Nested(
                _schema_class(f"{name}.{child.key}", child.children),
                required=child.required, allow_none=not child.required,
                error_messages=SCHEMA_MESSAGES | {"required": "required", "null": "required"})
        elif isinstance(child, Table):
            declared[child.key] = RowList(
                fields.Nested(_schema_class(f"{name}.{child.key}", child.children),
                              error_messages=SCHEMA_MESSAGES),
                min_rows=child.min_rows, max_rows=child.max_rows,
                required=child.required, allow_none=not child.required)
    schema_cls = Schema.from_dict(declared, name=name)
    schema_cls.error_messages = SCHEMA_MESSAGES
    return schema_cls


_SCHEMAS: dict[tuple[str, str], Schema] = {}


def schema_for(form: FormDefinition) -> Schema:
    """The marshmallow schema of a form definition (built once, then cached)."""
    key = (form.key, form.version)
    if key not in _SCHEMAS:
        _SCHEMAS[key] = _schema_class(f"{form.key}@{form.version}", form.children)(unknown=RAISE)
    return _SCHEMAS[key]


def load_document(form: FormDefinition, document: Any) -> tuple[dict[str, Any], list[Problem]]:
    """(loaded data, problems) of a document against a form. Never raises on bad input."""
    if not isinstance(document, Mapping):
        return {}, [problem("document_not_object", "")]
    schema = schema_for(form)
    plan = _plan_for(form, schema)
    if plan is not None:
        try:
            return _fast_load(plan, document), []
        except (_NotClean, ValidationError):
            pass  # the full load below finds and reports every problem
    try:
        return schema.load(document), []
    except ValidationError as error:
        data = error.valid_data if isinstance(error.valid_data, dict) else {}
        return data, list(problems_from_messages(form, error.messages, document))


# --- the fast path of a clean document ------------------------------------------------------
#
# marshmallow's Schema._deserialize costs more than the fields themselves: per row it walks
# every declared field (28 per source line, most absent), builds a closure and an error store
# for each, and computes the set of unknown keys. For a document without any problem the result
# is simply each present field's `deserialize`, in declaration order, nested rows loaded the
# same way. `_fast_load` does exactly that with the very same field objects (so conversions and
# checks cannot diverge) and gives up (`_NotClean`, or the field's ValidationError) at the first
# thing that is not plainly valid: an unknown or missing required key, a value a field refuses,
# a row count out of bounds, anything but a dict or a list where rows are expected. The full
# marshmallow load then runs, and reports every problem as before.


class _NotClean(Exception):
    """The fast path cannot decide: use the full load."""


_LEAF, _NESTED, _ROWS = 0, 1, 2
# A plan: ({key: (field, kind, plan of the nested schema or None)}, {key: declaration order},
# required keys).
_Plan = tuple[dict[str, tuple[fields.Field, int, Any]], dict[str, int], tuple[str, ...]]
_PLANS: dict[tuple[str, str], _Plan | None] = {}


def _plan_for(form: FormDefinition, schema: Schema) -> _Plan | None:
    key = (form.key, form.version)
    if key not in _PLANS:
        _PLANS[key] = _plan(schema)
    return _PLANS[key]


def _plan(schema: Schema) -> _Plan | None:
    """The fast-load plan of a schema, or None when it uses a feature the fast path does not
    reproduce (hooks, many, data keys, load defaults, validators on a nested field...)."""
    if schema.many or any(schema._hooks.values()):
        return None
    entries = []
    for name, field in schema.load_fields.items():
        if field.data_key is not None or field.attribute is not None or "." in name \
                or field.load_default is not missing:
            return None
        kind, sub = _LEAF, None
        nested = field.inner if isinstance(field, RowList) else field
        if isinstance(nested, fields.Nested):
            if field.validators or nested.validators or nested.many or field.pre_load \
                    or nested.pre_load or (field is not nested and nested.allow_none):
                return None
            sub = _plan(nested.schema)
            if sub is None:
                return None
            kind = _ROWS if field is not nested else _NESTED
        entries.append((name, field, kind, sub))
    positions = {name: i for i, (name, *_) in enumerate(entries)}
    required = tuple(name for name, field, *_ in entries if field.required)
    return {name: entry for name, *entry in entries}, positions, required


def _fast_load(plan: _Plan, data: Any) -> dict[str, Any]:
    """What `schema.load(data)` returns for a document without problems; raises _NotClean
    or ValidationError otherwise."""
    if type(data) is not dict:
        raise _NotClean
    entries, positions, required = plan
    try:
        # The present keys in declaration order (marshmallow's output order); a key that is
        # not declared is unknown.
        present = sorted(data, key=positions.__getitem__)
    except KeyError:
        raise _NotClean from None
    for name in required:
        if name not in data:
            raise _NotClean
    out: dict[str, Any] = {}
    for name in present:
        field, kind, sub = entries[name]
        value = data[name]
        if kind == _LEAF or value is None:
            out[name] = field.deserialize(value, name, data)
        elif kind == _NESTED:
            out[name] = _fast_load(sub, value)
        else:
            if type(value) is not list or len(value) < field.min_rows or (
                    field.max_rows is not None and len(value) > field.max_rows):
                raise _NotClean
            out[name] = [_fast_load(sub, row) for row in value]
    return out


def problems_from_messages(form: FormDefinition, messages: Any, document: Any,
                           ) -> Iterator[Problem]:
    """Turn a marshmallow error dictionary whose messages are rule codes into Problems."""
    yield from _walk_messages(form.children, messages, document, "", "document")


def _walk_messages(children, messages, raw, path, kind) -> Iterator[Problem]:
    if isinstance(messages, list):
        for code in messages:
            yield _problem(code, path, None, raw, kind)
        return
    if not isinstance(messages, dict):
        return
    nodes = {c.key: c for c in direct_children(children)}
    for key, sub in messages.items():
        if key == "_schema":
            for code in sub:
                yield _problem(code, path, None, raw, kind)
            continue
        node = nodes.get(key)
        here = join_path(path, key)
        raw_value = raw.get(key) if isinstance(raw, Mapping) else None
        if node is None:
            yield problem("unknown_field", here, key=key)
        elif isinstance(node, Field):
            for code in _codes(sub):
                yield _problem(code, here, node, raw_value, node.type)
        elif isinstance(node, Group) and isinstance(sub, list):  # the group itself
            for code in sub:
                yield _problem(code, here, node, raw_value, "group")
        elif isinstance(node, Group):
            yield from _walk_messages(node.children, sub, raw_value, here, "group")
        elif isinstance(node, Table):
            yield from _walk_table(node, sub, raw_value, here)


def _walk_table(table: Table, messages, raw, path) -> Iterator[Problem]:
    if isinstance(messages, list):
        for code in messages:
            yield _problem(code, path, table, raw, "table")
        return
    for index, sub in messages.items():
        if index == "_schema":
            for code in sub:
                yield _problem(code, path, table, raw, "table")
            continue
        row = raw[index] if isinstance(raw, list) and index < len(raw) else None
        yield from _walk_messages(table.children, sub, row, join_path(path, index), "group")


def _codes(sub: Any) -> Iterator[str]:
    if isinstance(sub, list):
        for item in sub:
            yield from _codes(item)
    elif isinstance(sub, dict):  # a multi-choice list: {index: [codes]}
        for item in sub.values():
            yield from _codes(item)
    else:
        yield str(sub)


def _problem(code: str, path: str, node, raw_value, kind) -> Problem:
    # The message starts with the place (forms.labels); a node the form does not know is "this
    # value", never its key.
    label_en = getattr(node, "label_en", "") or ("this value" if path else "the document")
    label_vi = getattr(node, "label_vi", "") or ("giá trị này" if path else "tài liệu")
    expected_en, expected_vi = EXPECTED_TYPE.get(kind, ("a valid value", "giá trị hợp lệ"))
    params: dict[str, Any] = {"label_en": label_en, "label_vi": label_vi,
                              "expected_en": expected_en, "expected_vi": expected_vi}
    if isinstance(raw_value, (str, int, float)) or raw_value is None:
        params["value"] = "" if raw_value is None else str(raw_value)[:100]
    if isinstance(node, Field):
        if node.choices:
            params["choices"] = ", ".join(node.choice_values)
            params["choices_en"] = choice_labels(node, node.choice_values, "en")
            params["choices_vi"] = choice_labels(node, node.choice_values, "vi")
        if node.minimum is not None or node.maximum is not None:
            params["minimum"], params["maximum"] = node.minimum, node.maximum
        if node.length_limit:
            params["max_length"] = node.length_limit
    if isinstance(node, Table):
        params["min_rows"], params["max_rows"] = node.min_rows, node.max_rows
    if code == "number_format":
        params["example"] = canonical_example(raw_value)
    try:
        return problem(code, path, **params)
    except KeyError:  # a marshmallow message we did not map: still a coded problem
        return problem("wrong_type", path, **params)

