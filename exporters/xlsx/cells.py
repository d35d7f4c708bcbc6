"""Cell values to document values and back, one rule per field type (docs/xlsx.md, "Values").

Reading is tolerant of what people type but never guesses silently:

- a blank cell (or only spaces) is absent, never zero;
- a number cell is a number already; a number typed as text is read with
  `forms.typed_numbers.canonical_decimal_text` in the reader's language (`1.234,5`, `12.000`,
  `98.300` in Vietnamese), and text that fits no rule is passed on unchanged for the form's
  validation to refuse with its own message (`not_a_number`);
- text is stripped of surrounding spaces; a coded field accepts its code or either label;
- a date cell becomes ISO text; `dd/mm/yyyy` text too.

Writing puts numbers in number cells whenever the float Excel stores is exactly the document's
decimal, else canonical text (which the reader reads back exactly).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.definition import Field, FieldType
from forms.typed_numbers import canonical_decimal_text

ABSENT = object()  # a blank cell: the key is left out of the document

# Codes whose leading zeros Excel drops when they are typed into a number cell: restored to
# their fixed width (a Hanoi commune code has 5 digits, a tax code 10).
FIXED_WIDTH_CODES = {"hanoi_commune": 5, "tax_code": 10}

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SPACES = re.compile(r"\s+")
_TRUE = frozenset({"true", "có", "co", "yes", "x", "1", "đúng"})
_FALSE = frozenset({"false", "không", "khong", "no", "0", "sai"})

Reader = Callable[[Any], Any]


def normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def number_text(value: float | int) -> str:
    """A number cell as canonical decimal text: 1000.0 -> "1000", 0.1 -> "0.1"."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _text_of(raw: Any) -> Any:
    """A cell as text for text-like fields; ABSENT when blank."""
    if raw is None or isinstance(raw, bool):
        return ABSENT if raw is None else raw
    if isinstance(raw, str):
        text = raw.strip()
        return text if text else ABSENT
    if isinstance(raw, (int, float)):
        return number_text(raw) if math.isfinite(raw) else str(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip() or ABSENT


def reader_for(field: Field, language: str) -> Reader:
    """The function turning one cell of `field` into its document value (or ABSENT)."""
    if field.type is FieldType.DECIMAL:
        return lambda raw: _decimal(raw, language)
    if field.type is FieldType.INTEGER:
        return lambda raw: _integer(raw, language)
    if field.type is FieldType.BOOLEAN:
        return _boolean
    if field.type is FieldType.DATE:
        return _date
    if field.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
        codes = {normalised(c.value): c.value for c in field.choices}
        for c in field.choices:  # labels only where they do not shadow a code
            codes.setdefault(normalised(c.label_vi), c.value)
            codes.setdefault(normalised(c.label_en), c.value)
        if field.type is FieldType.MULTI_CHOICE:
            return lambda raw: _multi_choice(raw, codes)
        return lambda raw: _choice(raw, codes)
    width = next((FIXED_WIDTH_CODES[c] for c in field.checks if c in FIXED_WIDTH_CODES), None)
    if width is not None:
        return lambda raw: _fixed_width(raw, width)
    return _text_of


def _decimal(raw: Any, language: str) -> Any:
    if isinstance(raw, str):
        text = raw.strip()
        return canonical_decimal_text(text, language) if text else ABSENT
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return number_text(raw) if math.isfinite(raw) else str(raw)
    return _text_of(raw)  # a date or boolean: validation refuses it by type


def _integer(raw: Any, language: str) -> Any:
    value = _decimal(raw, language)
    if isinstance(value, str):
        try:
            number = Decimal(value)
        except InvalidOperation:
            return value
        if number.is_finite() and number == number.to_integral_value() and abs(number) < 10**9:
            return int(number)
    return value


def _boolean(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    value = _text_of(raw)
    if isinstance(value, str):
        word = normalised(value)
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return value


def _date(raw: Any) -> Any:
    value = _text_of(raw)
    if isinstance(value, str):
        match = _DMY.match(value)
        if match:  # Vietnamese writing: day first
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return value
    return value


def _choice(raw: Any, codes: dict[str, str]) -> Any:
    value = _text_of(raw)
    if isinstance(value, str):
        return codes.get(normalised(value), value)
    return value


def _multi_choice(raw: Any, codes: dict[str, str]) -> Any:
    value = _text_of(raw)
    if isinstance(value, str):
        parts = [p.strip() for p in re.split(r"[;\n]", value) if p.strip()]
        return [codes.get(normalised(p), p) for p in parts]
    return value


def _fixed_width(raw: Any, width: int) -> Any:
    value = _text_of(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and isinstance(value, str) \
            and value.isdigit() and len(value) < width:
        return value.zfill(width)
    return value


# --- writing --------------------------------------------------------------------------------


def cell_value(field: Field, value: Any) -> Any:
    """The value to put in the cell of `field` for a document value (None: leave blank)."""
    if value is None:
        return None
    if field.type is FieldType.DECIMAL:
        return _number_cell(value)
    if field.type is FieldType.INTEGER:
        number = _number_cell(value)
        return int(number) if isinstance(number, float) and number.is_integer() else number
    if field.type is FieldType.BOOLEAN:
        return value if isinstance(value, bool) else str(value)
    if field.type is FieldType.DATE:
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if field.type is FieldType.MULTI_CHOICE and isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value if isinstance(value, str) else str(value)


def _number_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else repr(value)
                         if isinstance(value, float) else value)
    except (InvalidOperation, TypeError, ValueError):
        return value if isinstance(value, str) else str(value)
    if not number.is_finite():
        return str(value)
    as_float = float(number)
    if Decimal(repr(as_float)) == number:
        return int(number) if number == number.to_integral_value() and abs(number) < 2**53 \
            else as_float
    # More digits than a float holds: canonical text, read back exactly.
    return format(number, "f")
