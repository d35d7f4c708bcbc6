"""Starting a new report from the last one: its sources and equipment, not its quantities.

A facility's boilers, vehicles, chillers and permits rarely change from one period to the
next; its fuel burnt and waste produced always do. So every row is carried over with its
descriptive fields and stated factors (with their sources), and every measured amount is left
blank for the filer to enter: a blank is not a zero, and validation will ask for it.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from forms.definition import (
    Field,
    FieldType,
    FormDefinition,
    Group,
    Table,
    direct_children,
)

# Decimal fields that describe a source rather than measure a year's activity.
_KEPT_DECIMAL_PREFIXES = ("ef_", "ncv_", "density_", "charge_")


def _is_amount(field: Field) -> bool:
    return field.type is FieldType.DECIMAL and not field.key.startswith(_KEPT_DECIMAL_PREFIXES)


def carry_forward(definition: FormDefinition, previous: Mapping[str, Any],
                  data_years: list[int]) -> dict[str, Any]:
    """A new document with `previous`'s rows minus amounts, for `data_years`.

    For a form with a table of data years (the GHG inventory), each new year receives the
    sources of the latest year of the previous report.
    """
    document = _strip(definition.children, previous)
    document["form"] = definition.key
    document["form_version"] = definition.version
    if "years" in document and isinstance(previous.get("years"), list) and previous["years"]:
        latest = max((y for y in document["years"] if isinstance(y, dict)),
                     key=lambda y: y.get("year") if isinstance(y.get("year"), int) else 0)
        document["years"] = [{**copy.deepcopy(latest), "year": year} for year in data_years]
        for year in document["years"]:
            year.pop("notes", None)
    elif "year" in previous and data_years:
        document["year"] = data_years[-1]
    document.pop("acknowledgements", None)
    return document


def _is_field_value(value: Any) -> bool:
    """A value or a list of values (a multiple choice): what a field can hold. Anything nested
    (which no field takes, and validation refused) is not carried: copying it would recurse as
    deep as it goes, and the copy of a year below stays as shallow as the form."""
    if isinstance(value, list):
        return not any(isinstance(item, (list, dict)) for item in value)
    return not isinstance(value, dict)


def _strip(children, data: Mapping[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for node in direct_children(children):
        if node.key not in data:
            continue
        value = data[node.key]
        if isinstance(node, Field):
            if not node.computed and not _is_amount(node) and _is_field_value(value):
                kept[node.key] = list(value) if isinstance(value, list) else value
        elif isinstance(node, Group) and isinstance(value, Mapping) and not node.computed:
            kept[node.key] = _strip(node.children, value)
        elif isinstance(node, Table) and isinstance(value, list) and not node.computed:
            kept[node.key] = [_strip(node.children, row) for row in value if isinstance(row, Mapping)]
    return kept
