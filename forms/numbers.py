"""Reading a number from a JSON document into a `Decimal`, refusing anything ambiguous.

The rule for JSON documents (docs/ghg.md, "Numbers"): a quantity is a JSON number or a decimal
string in canonical form, a dot for the decimal separator and no thousands separator
(`"1234.5"`, `"-5"`, `"1.5e3"`). Strings in Vietnamese (`"1.234,5"`) or English (`"1,234.5"`)
grouped notation are refused with `number_format`, never guessed: the same characters mean
numbers a thousand times apart in the two notations. The Excel reader, which knows the cell's
locale and format, converts such text before it reaches a document. Booleans, NaN and infinity
are refused. Standard library only.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

_CANONICAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,\s\u00a0]\d{3})+([.,]\d+)?$|^[+-]?\d+,\d+$")
# One to three digits, a dot, three digits ending in 0: "98.300" is 98.3 here, but a
# Vietnamese writer may have meant 98 300.
_SUSPECT_GROUPING = re.compile(r"^[1-9]\d{0,2}\.\d\d0$")

# Far beyond any facility's activity data (1e15 t is a million times world coal output);
# bounding it keeps every product within Decimal's exact range.
MAX_MAGNITUDE = Decimal("1e15")


class NumberError(ValueError):
    """Why a value is not a number: `code` is a rule code (not_a_number, number_format,
    not_finite, out_of_range, wrong_type)."""

    def __init__(self, code: str, value: object):
        super().__init__(code)
        self.code = code
        self.value = value


def parse_decimal(value: object) -> Decimal:
    """A JSON number or canonical decimal string as a finite Decimal. Raises NumberError.

    `None` and blank strings are not handled here: the caller decides whether blank means
    "required" (a blank is not zero).
    """
    if isinstance(value, bool):
        raise NumberError("wrong_type", value)
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError("not_finite", value)
        # repr is the shortest text that reads back as the same float: 0.1 -> "0.1".
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if _CANONICAL.match(text):
            number = Decimal(text)
        elif _GROUPED.match(text):
            raise NumberError("number_format", value)
        elif text.lower().lstrip("+-") in ("nan", "inf", "infinity", "snan"):
            raise NumberError("not_finite", value)
        else:
            raise NumberError("not_a_number", value)
    else:
        raise NumberError("wrong_type", value)
    if not number.is_finite():
        raise NumberError("not_finite", value)
    if abs(number) > MAX_MAGNITUDE:
        raise NumberError("out_of_range", value)
    try:
        # Normalise "-0" and exponents far from the value's size without losing digits.
        return number + 0 if number else Decimal(0)
    except InvalidOperation:  # pragma: no cover - bounded above
        raise NumberError("not_a_number", value) from None


def suspect_grouping(value: object) -> tuple[Decimal, Decimal] | None:
    """(read as, alternative) when `value` looks like Vietnamese thousands grouping."""
    text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, Decimal) \
        else None
    if text is None or not _SUSPECT_GROUPING.match(text):
        return None
    return Decimal(text), Decimal(text.replace(".", ""))


def canonical_example(value: object) -> str:
    """A canonical rewrite of a grouped number, for the error message ("1.234,5" -> 1234.5).

    Guesses the notation only to suggest text; the value itself is never accepted.
    """
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and ("." not in text or text.rfind(",") > text.rfind(".")):
        text = text.replace(".", "").replace(",", ".")  # Vietnamese: 1.234,5
    else:
        text = text.replace(",", "")  # English: 1,234.5
    return text if _CANONICAL.match(text) else "1234.5"
