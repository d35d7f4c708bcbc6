"""How one value of a document is printed, decided by its field in the form definition.

Choices print their Vietnamese label from `forms/` (never the stored key), decimals print the
Vietnamese way, dates as dd/mm/yyyy. A copy of record must print even a draft full of mistakes,
so nothing here raises: a value that does not fit its field is printed as it was stored.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from exporters.numbers import format_vn_number
from forms.definition import Field, FieldType

EMPTY = "—"


def is_blank(value: Any) -> bool:
    """A value the filer did not give (a blank is not a zero: 0 is a value)."""
    return value is None or value == "" or value == [] or value == {}


def display_value(field: Field, value: Any, *, with_unit: bool = False) -> str:
    """The printed form of `value` for `field`; `with_unit` appends the field's fixed unit."""
    if is_blank(value):
        return EMPTY
    shown = _display(field, value)
    if with_unit and field.unit and field.type in (FieldType.DECIMAL, FieldType.INTEGER):
        return f"{shown} {field.unit}"
    return shown


def _display(field: Field, value: Any) -> str:
    if field.type is FieldType.CHOICE:
        return choice_label(field, value)
    if field.type is FieldType.MULTI_CHOICE:
        items = value if isinstance(value, (list, tuple)) else [value]
        return "; ".join(choice_label(field, item) for item in items)
    if field.type is FieldType.DECIMAL:
        return number(value)
    if field.type is FieldType.BOOLEAN:
        if isinstance(value, bool):
            return "Có / Yes" if value else "Không / No"
        return str(value)
    if field.type is FieldType.DATE:
        return _date(value)
    # Integers (years, head counts) print ungrouped, as a year must: 2025, not 2.025.
    return str(value)


def choice_label(field: Field, value: Any) -> str:
    choice = field.choice(value) if isinstance(value, str) else None
    return choice.label_vi if choice else str(value)


def number(value: Any, decimals: int | None = None) -> str:
    """A number the Vietnamese way; anything that is not a number is printed as stored."""
    try:
        return format_vn_number(value, decimals)
    except (TypeError, ValueError):
        return str(value)


def _date(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)
