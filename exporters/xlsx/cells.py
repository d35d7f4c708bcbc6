"""Cell values to document values and back: each field type's rule (`forms.types`).

Reading is tolerant of what people type but never guesses silently (docs/xlsx.md, "Values"):
a blank cell is absent, never zero; a number cell is a number already; a number typed as text
is read in the reader's language (`1.234,5`, `12.000`, `98.300` in Vietnamese); text that fits
no rule is passed on unchanged for the form's validation to refuse with its own message; a
coded field accepts its code or either label; a date cell becomes ISO text, `dd/mm/yyyy` too.

Writing puts numbers in number cells whenever the float Excel stores is exactly the document's
decimal, else canonical text (which the reader reads back exactly).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from forms.definition import Field
from forms.types import ABSENT, normalised, value_type

__all__ = ["ABSENT", "normalised", "reader_for", "cell_value"]

Reader = Callable[[Any], Any]


def reader_for(field: Field, language: str) -> Reader:
    """The function turning one cell of `field` into its document value (or ABSENT)."""
    kind = value_type(field)
    return lambda raw: kind.read_cell(raw, language)


def cell_value(field: Field, value: Any) -> Any:
    """The value to put in the cell of `field` for a document value (None: leave blank)."""
    return value_type(field).write_cell(value)
