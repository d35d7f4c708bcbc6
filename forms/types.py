"""One class per kind of field: how its value is read from each channel and written to each output.

A value reaches a document by one of three channels (a JSON document, the web form in the
user's language, an Excel cell) and leaves it for five outputs (the web form again, canonical
JSON, an Excel cell, a printed page, an export column). Every rule for a kind of value lives
in its class here, so the channels cannot disagree (the indico pattern, `shared/style.md`):

    kind = value_type(field)
    kind.load(json_value)            -> the typed value, or raises ValueProblem(code)
    kind.parse(text, "vi")           -> the typed value, or the text as typed when unreadable
    kind.display(value, "vi")        -> text for an input or a page; parse(display(v)) == v
    kind.canonical(value)            -> the value as the stored document holds it
    kind.read_cell(raw, "vi")        -> the document value of an Excel cell (ABSENT if blank)
    kind.write_cell(value)           -> the value to put in an Excel cell
    kind.print_text(value)           -> the Vietnamese text of a copy of record

A value that does not fit its type is never guessed: `parse` and `read_cell` hand it on as
typed, for validation to refuse with its own message and for the page to echo exactly what
the person wrote; `display` and `print_text` show such a value as it was stored.
Standard library only.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from forms.definition import Field, FieldType
from forms.numbers import (
    NumberError,
    canonical_decimal,
    canonical_decimal_text,
    canonical_text,
    format_number,
    parse_decimal,
    read_typed_number,
)

ABSENT = object()  # a blank input or cell: the key is left out of the document

# Codes whose leading zeros Excel drops when they are typed into a number cell: restored to
# their fixed width (a Hanoi commune code has 5 digits, a tax code 10).
FIXED_WIDTH_CODES = {"hanoi_commune": 5, "tax_code": 10}

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_SPACES = re.compile(r"\s+")
_TRUE = frozenset({"true", "on", "có", "co", "yes", "x", "1", "đúng"})
_FALSE = frozenset({"false", "off", "không", "khong", "no", "0", "sai"})
# The largest whole number a count or year field holds (and Excel holds exactly).
MAX_WHOLE = 10**12
# First characters that make Excel, LibreOffice or Google Sheets evaluate a cell (a formula or
# DDE), with their full-width forms; text starting with one is written after FORMULA_GUARD
# (OWASP "CSV injection"), which a spreadsheet shows as text even once saved as CSV.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FORMULA_GUARD = "'"


class ValueProblem(ValueError):
    """Why a JSON value does not fit its field: `code` is a rule code (`forms.rules`)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalised(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def number_text(value: float | int) -> str:
    """A number cell as canonical decimal text: 1000.0 -> "1000", 0.1 -> "0.1".

    An Excel number is a binary float; its shortest repr is the decimal the person typed
    (Excel keeps 15 significant digits), so that is the value read."""
    if isinstance(value, int) or value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def unguarded(text: str) -> str:
    """Text written behind the formula guard (`exporters.spreadsheet_safety`) as it was."""
    if text.startswith(FORMULA_GUARD) and text[1:2].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def cell_text(raw: Any) -> Any:
    """A cell as text for text-like fields; ABSENT when blank."""
    if raw is None or isinstance(raw, bool):
        return ABSENT if raw is None else raw
    if isinstance(raw, str):
        text = unguarded(raw.strip()).strip()
        return text if text else ABSENT
    if isinstance(raw, (int, float)):
        return number_text(raw) if math.isfinite(raw) else str(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip() or ABSENT


def _stripped(text: Any) -> Any:
    if text is None:
        return ABSENT
    text = str(text).strip()
    return text if text else ABSENT


class ValueType:
    """Text: what is typed is the value (surrounding spaces dropped from typed input)."""

    type = FieldType.TEXT
    # Printed and exported right-aligned, as numbers are.
    numeric = False

    def __init__(self, field: Field):
        self.field = field

    # --- in --------------------------------------------------------------------------------

    def load(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueProblem("wrong_type")
        limit = self.field.length_limit
        if limit is not None and len(value) > limit:
            # Kept as it came (a draft is stored with its errors), never cut: the person sees
            # all they wrote and the message names the limit.
            raise ValueProblem("too_long")
        return value

    def parse(self, text: str | None, language: str) -> Any:
        """The document value of what a person typed into the web form (ABSENT when blank)."""
        return _stripped(text)

    def read_cell(self, raw: Any, language: str) -> Any:
        return cell_text(raw)

    # --- out -------------------------------------------------------------------------------

    def canonical(self, value: Any) -> Any:
        """The value as the stored document holds it: the typed value when it fits the
        field, otherwise the value exactly as it came."""
        try:
            return self.load(value)
        except ValueProblem:
            return value

    def display(self, value: Any, language: str) -> str:
        """The text of an input (or a page) for a stored value; `parse` reads it back as the
        same value in the same language."""
        if value is None:
            return ""
        return value if isinstance(value, str) else str(value)

    def print_text(self, value: Any) -> str:
        """The Vietnamese text of a printed copy."""
        return self.display(value, "vi")

    def write_cell(self, value: Any) -> Any:
        if value is None:
            return None
        return value if isinstance(value, str) else str(value)


class CodeText(ValueType):
    """A fixed-width code typed as digits (commune, tax code): leading zeros that Excel
    dropped from a number cell are restored."""

    def __init__(self, field: Field, width: int):
        super().__init__(field)
        self.width = width

    def read_cell(self, raw: Any, language: str) -> Any:
        value = cell_text(raw)
        if isinstance(raw, (int, float)) and not isinstance(raw, bool) and isinstance(value, str) \
                and value.isdigit() and len(value) < self.width:
            return value.zfill(self.width)
        return value


class DecimalType(ValueType):
    """A quantity: exact Decimal from every channel, in the notation of the person's language."""

    type = FieldType.DECIMAL
    numeric = True

    def load(self, value: Any) -> Decimal:
        if isinstance(value, str) and not value.strip():
            raise ValueProblem("required")
        try:
            return parse_decimal(value)
        except NumberError as exc:
            raise ValueProblem(exc.code) from None

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        if typed is ABSENT:
            return ABSENT
        number = read_typed_number(typed, language)
        return typed if number is None else number

    def read_cell(self, raw: Any, language: str) -> Any:
        if isinstance(raw, str):
            text = unguarded(raw.strip()).strip()
            if not text:
                return ABSENT
            number = read_typed_number(text, language)
            return text if number is None else number
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self.canonical(number_text(raw)) if math.isfinite(raw) else str(raw)
        return cell_text(raw)  # a date or boolean: validation refuses it by type

    def _number(self, value: Any) -> Decimal | None:
        try:
            return self.load(value)
        except ValueProblem:
            return None

    def display(self, value: Any, language: str, decimals: int | None = None) -> str:
        number = self._number(value) if not isinstance(value, Decimal) else value
        if number is None or not number.is_finite():
            return super().display(value, language)
        return format_number(number, language, decimals)

    def write_cell(self, value: Any) -> Any:
        """A number cell whenever Excel holds the decimal exactly (a float, 15 significant
        digits), else the canonical text (which the reader reads back exactly)."""
        if value is None:
            return None
        number = self._number(value)
        if number is None:
            return value if isinstance(value, str) else str(value)
        return excel_number(number)


class WholeNumberType(DecimalType):
    """A count or a year: a whole number from every channel ("2025", 2025, 2025.0); printed
    ungrouped, as a year must be (2025, not 2.025)."""

    type = FieldType.INTEGER

    def load(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueProblem("wrong_type")
        if isinstance(value, int):
            number: Decimal | int = value
        else:
            try:
                number = parse_decimal(value.strip() if isinstance(value, str) else value)
            except NumberError:
                raise ValueProblem("wrong_type") from None
            if number != number.to_integral_value():
                raise ValueProblem("wrong_type")
        if abs(number) > MAX_WHOLE:
            raise ValueProblem("out_of_range")
        return int(number)

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        if typed is ABSENT:
            return ABSENT
        number = read_typed_number(typed, language)
        if number is None or number != number.to_integral_value() or abs(number) > MAX_WHOLE:
            return typed
        return int(number)

    def read_cell(self, raw: Any, language: str) -> Any:
        value = super().read_cell(raw, language)
        if isinstance(value, Decimal) and value == value.to_integral_value() \
                and abs(value) <= MAX_WHOLE:
            return int(value)
        return value

    def display(self, value: Any, language: str, decimals: int | None = None) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return ValueType.display(self, value, language)

    def write_cell(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return ValueType.write_cell(self, value)


class FlagType(ValueType):
    """Yes or no: a JSON boolean only ("yes", 1 or "true" are not guessed in JSON)."""

    type = FieldType.BOOLEAN

    def load(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise ValueProblem("wrong_type")
        return value

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        if typed is ABSENT:
            return ABSENT
        word = normalised(typed)
        return True if word in _TRUE else False if word in _FALSE else typed

    def read_cell(self, raw: Any, language: str) -> Any:
        if isinstance(raw, bool):
            return raw
        value = cell_text(raw)
        return self.parse(value, language) if isinstance(value, str) else value

    def display(self, value: Any, language: str) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return super().display(value, language)

    def print_text(self, value: Any) -> str:
        if isinstance(value, bool):
            return "Có / Yes" if value else "Không / No"
        return super().print_text(value)

    def write_cell(self, value: Any) -> Any:
        return value if isinstance(value, bool) or value is None else str(value)


class DateType(ValueType):
    """A calendar date, ISO 8601 in documents; dd/mm/yyyy as Vietnamese write it."""

    type = FieldType.DATE

    def load(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueProblem("wrong_type")
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueProblem("invalid_date") from None

    def as_date(self, value: Any) -> dt.date:
        """The date of a loaded value. Raises ValueProblem."""
        return dt.date.fromisoformat(self.load(value))

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        if typed is ABSENT:
            return ABSENT
        match = _DMY.match(typed)
        if match:  # Vietnamese writing: day first
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                return typed
        return typed

    def read_cell(self, raw: Any, language: str) -> Any:
        value = cell_text(raw)
        return self.parse(value, language) if isinstance(value, str) else value

    def print_text(self, value: Any) -> str:
        try:
            return self.as_date(value).strftime("%d/%m/%Y")
        except ValueProblem:
            return super().print_text(value)

    def write_cell(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().write_cell(value)


class ChoiceType(ValueType):
    """One code of a closed list; typed or read by its code or either label, printed by its
    Vietnamese label (never the stored key)."""

    type = FieldType.CHOICE

    @functools.cached_property
    def codes(self) -> Mapping[str, str]:
        codes = {normalised(c.value): c.value for c in self.field.choices}
        for c in self.field.choices:
            for alias in c.aliases:
                codes.setdefault(normalised(alias), c.value)
        for c in self.field.choices:  # labels only where they do not shadow a code
            codes.setdefault(normalised(c.label_vi), c.value)
            codes.setdefault(normalised(c.label_en), c.value)
        return codes

    @functools.cached_property
    def allowed(self) -> frozenset[str]:
        return frozenset(self.field.choice_values)

    @functools.cached_property
    def aliases(self) -> Mapping[str, str]:
        return {alias: c.value for c in self.field.choices for alias in c.aliases}

    def load(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueProblem("wrong_type")
        if value not in self.allowed:
            if value in self.aliases:
                return self.aliases[value]
            raise ValueProblem("unknown_choice" if value.strip() else "required")
        return value

    def _code(self, typed: Any) -> Any:
        return self.codes.get(normalised(typed), typed) if isinstance(typed, str) else typed

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        return typed if typed is ABSENT else self._code(typed)

    def read_cell(self, raw: Any, language: str) -> Any:
        return self._code(cell_text(raw))

    def label(self, value: Any, language: str = "vi") -> str:
        choice = self.field.choice(value) if isinstance(value, str) else None
        if choice is None:
            return "" if value is None else str(value)
        return choice.label_en if language == "en" else choice.label_vi

    def print_text(self, value: Any) -> str:
        return self.label(value, "vi")


class MultiChoiceType(ChoiceType):
    """A list of codes of a closed list; `;` or a new line between them in a cell."""

    type = FieldType.MULTI_CHOICE

    def load(self, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise ValueProblem("wrong_type")
        return [ChoiceType.load(self, item) for item in value]

    def parse_many(self, texts: list[str]) -> Any:
        """The web form posts one value per ticked box."""
        values = [self._code(t.strip()) for t in texts if t and t.strip()]
        return values or ABSENT

    def parse(self, text: str | None, language: str) -> Any:
        typed = _stripped(text)
        if typed is ABSENT:
            return ABSENT
        return self.parse_many(re.split(r"[;,\n]", typed))

    def read_cell(self, raw: Any, language: str) -> Any:
        value = cell_text(raw)
        if isinstance(value, str):
            return [self._code(p.strip()) for p in re.split(r"[;\n]", value) if p.strip()]
        return value

    def display(self, value: Any, language: str) -> str:
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return super().display(value, language)

    def print_text(self, value: Any) -> str:
        items = value if isinstance(value, (list, tuple)) else [value]
        return "; ".join(self.label(item, "vi") for item in items)

    def write_cell(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return "; ".join(str(v) for v in value)
        return super().write_cell(value)


def excel_number(number: Decimal) -> int | float | str:
    """The cell value of an exact decimal: a number where Excel holds it exactly (a double,
    and no more than the 15 significant digits Excel keeps), else its canonical text, which
    every reader of this project reads back exactly."""
    if not number.is_finite():
        return str(number)
    as_float = float(number)  # the Excel edge: a double only where it is exact
    if len(number.as_tuple().digits) <= 15 and Decimal(repr(as_float)) == number:
        return int(number) if number == number.to_integral_value() else as_float
    return canonical_text(number)


_BY_TYPE: dict[FieldType, type[ValueType]] = {
    FieldType.TEXT: ValueType, FieldType.DECIMAL: DecimalType,
    FieldType.INTEGER: WholeNumberType, FieldType.BOOLEAN: FlagType, FieldType.DATE: DateType,
    FieldType.CHOICE: ChoiceType, FieldType.MULTI_CHOICE: MultiChoiceType,
}
_TYPES: dict[int, ValueType] = {}


def value_type(field: Field) -> ValueType:
    """The value type of a field (one instance per field, built once)."""
    kind = _TYPES.get(id(field))
    if kind is None or kind.field is not field:
        width = next((FIXED_WIDTH_CODES[c] for c in field.checks if c in FIXED_WIDTH_CODES), None)
        if field.type is FieldType.TEXT and width is not None:
            kind = CodeText(field, width)
        else:
            kind = _BY_TYPE[field.type](field)
        _TYPES[id(field)] = kind
    return kind


def canonical_value(value: Any) -> Any:
    """A number as the stored document holds it, whatever field it is in (`Decimal`s
    canonical, see `forms.numbers.canonical_decimal`); other values unchanged."""
    if isinstance(value, Decimal) and value.is_finite():
        return canonical_decimal(value)
    return value


__all__ = ["ABSENT", "FORMULA_GUARD", "FORMULA_TRIGGERS", "ValueProblem", "ValueType", "value_type", "canonical_decimal_text",
           "canonical_value", "number_text", "cell_text", "normalised"]
