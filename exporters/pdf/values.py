"""How one value of a document is printed, decided by its field in the form definition.

Choices print their Vietnamese label from `forms/` (never the stored key), decimals print the
Vietnamese way, dates as dd/mm/yyyy. A copy of record must print even a draft full of mistakes,
so nothing here raises: a value that does not fit its field is printed as it was stored.
"""
from __future__ import annotations

from typing import Any

from exporters.numbers import format_vn_number
from forms.definition import Field
from forms.types import ChoiceType, value_type

EMPTY = "—"


def is_blank(value: Any) -> bool:
    """A value the filer did not give (a blank is not a zero: 0 is a value)."""
    return value is None or value == "" or value == [] or value == {}


def display_value(field: Field, value: Any, *, with_unit: bool = False) -> str:
    """The printed form of `value` for `field` (its field type's `print_text`); `with_unit`
    appends the field's fixed unit."""
    if is_blank(value):
        return EMPTY
    kind = value_type(field)
    shown = kind.print_text(value)
    if with_unit and field.unit and kind.numeric:
        return f"{shown} {field.unit}"
    return shown


def choice_label(field: Field, value: Any) -> str:
    return ChoiceType(field).label(value, "vi")


def number(value: Any, decimals: int | None = None) -> str:
    """A number the Vietnamese way; anything that is not a number is printed as stored."""
    try:
        return format_vn_number(value, decimals)
    except (TypeError, ValueError):
        return str(value)
