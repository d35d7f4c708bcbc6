"""JSON with exact decimals, for the database, the API and canonical submissions.

Quantities and results are `Decimal`s; written as JSON numbers with every digit they have and
read back as `Decimal`s (never through binary floating point), so 0.1 stays 0.1 end to end.
"""
from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import simplejson


def _default(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any, *, sort_keys: bool = False, indent: int | None = None) -> str:
    """Raises ValueError for NaN or Infinity (not JSON)."""
    return simplejson.dumps(value, use_decimal=True, default=_default, ensure_ascii=False,
                            sort_keys=sort_keys, indent=indent, allow_nan=False,
                            separators=(",", ":") if indent is None else None)


def loads(text: str | bytes) -> Any:
    """Numbers with a fraction or exponent become Decimal; integers stay int.
    Raises ValueError on text that is not JSON."""
    return simplejson.loads(text, use_decimal=True)
