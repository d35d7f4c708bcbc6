"""Numbers written the Vietnamese way for printed documents: `1.234.567,891`.

Vietnamese administrative documents group thousands with a dot and separate decimals with a
comma (TCVN convention, and what the Department's staff read in Excel). Values arrive as
`Decimal` from the calculation engine, as canonical decimal strings from JSON documents, or as
int/float; all are formatted through `Decimal` so no digit is lost to binary floating point.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

THOUSANDS_SEPARATOR = "."
DECIMAL_SEPARATOR = ","

# Tonnes of gas and tCO2e are printed to the kilogram (Circular 38 results tables).
TONNE_DECIMALS = 3


def to_decimal(value: Decimal | str | int | float) -> Decimal:
    """`value` as a finite Decimal. Raises TypeError (bool, None, other types) or ValueError
    (text that is not a canonical decimal number, NaN, infinity)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        # repr is the shortest text that reads back as the same float: 0.1 -> "0.1".
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    else:
        raise TypeError(f"not a number: {value!r}")
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def format_vn_number(value: Decimal | str | int | float, decimals: int | None = None) -> str:
    """`value` with '.' between thousands and ',' before decimals: 31150.36 -> "31.150,360"
    with `decimals=3`.

    `decimals=None` keeps every significant digit of the value (trailing zeros dropped:
    "1000.50" -> "1.000,5"); an int `decimals` gives exactly that many places, rounded half
    up.
    Negative zero after rounding prints as zero. Raises TypeError or ValueError as
    `to_decimal` does, and ValueError for negative `decimals`.
    """
    number = to_decimal(value)
    if decimals is None:
        # Trailing zeros of the fraction carry no value; normalize() would also round to
        # the context's 28 digits, so strip them from the text instead.
        whole, _, fraction = f"{number.copy_abs():f}".partition(".")
        places = len(fraction.rstrip("0"))
    else:
        if decimals < 0:
            raise ValueError(f"decimals must not be negative: {decimals}")
        places = decimals
        # Decimal's default context holds 28 digits; quantizing a huge value with many places
        # needs more, so give the operation the precision it needs.
        digits = max(number.adjusted(), 0) + places + 2
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                                 context=Context(prec=max(28, digits)))
    text = f"{number.copy_abs():f}"  # copy_abs: abs() would round to 28 digits
    whole, _, fraction = text.partition(".")
    fraction = fraction.ljust(places, "0")[:places] if places else ""
    grouped = _group_thousands(whole)
    negative = number < 0 and (whole.strip("0") or fraction.strip("0"))
    sign = "-" if negative else ""
    return f"{sign}{grouped}{DECIMAL_SEPARATOR}{fraction}" if fraction else f"{sign}{grouped}"


def _group_thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS_SEPARATOR.join(groups)

