"""Numbers written the Vietnamese way for printed documents: `1.234.567,891`.

Vietnamese administrative documents group thousands with a dot and separate decimals with a
comma (TCVN convention, and what the Department's staff read in Excel). Values arrive as
`Decimal` from the calculation engine, as canonical decimal strings from JSON documents, or as
int/float; all are formatted through `Decimal` so no digit is lost to binary floating point.
"""
from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from forms.numbers import format_number

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
    with `decimals=3` (`forms.numbers.format_number` in Vietnamese).

    Raises TypeError or ValueError as `to_decimal` does, and ValueError for negative
    `decimals`.
    """
    return format_number(to_decimal(value), "vi", decimals)
