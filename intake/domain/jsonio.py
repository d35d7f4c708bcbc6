"""The one JSON codec: exact decimals, for the database, the API and canonical submissions.

Quantities and results are `Decimal`s; written as JSON numbers with every digit they have and
read back as `Decimal`s (never through binary floating point), so 0.1 stays 0.1 end to end.
Every Decimal is spelt one way (`forms.numbers.canonical_text`: fixed point, no trailing
zeros), so the same content always gives the same text, and a version's SHA-256 identifies
the content whichever spelling carried its numbers.
"""
from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

import simplejson

from forms.numbers import canonical_text


def _default(value: Any) -> Any:
    # Decimals reach here because `use_decimal` is off: the encoder walks the structure in C
    # and calls back only for each Decimal, which is written in its one canonical spelling.
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not JSON")
        return simplejson.RawJSON(canonical_text(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any, *, sort_keys: bool = False, indent: int | None = None) -> str:
    """Raises ValueError for NaN or Infinity (not JSON)."""
    return simplejson.dumps(value, use_decimal=False, default=_default, ensure_ascii=False,
                            sort_keys=sort_keys, indent=indent, allow_nan=False,
                            separators=(",", ":") if indent is None else None)


def loads(text: str | bytes) -> Any:
    """Numbers with a fraction or exponent become Decimal; integers stay int.
    Raises ValueError on text that is not JSON."""
    return simplejson.loads(text, use_decimal=True)
