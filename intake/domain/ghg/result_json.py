"""Reading documents and writing result documents as JSON, keeping every decimal digit.

`loads` reads JSON numbers as `Decimal` (never through float) and refuses nothing that JSON
allows, except that `NaN`/`Infinity` literals arrive as float NaN/inf for validation to refuse.
`dumps` writes `Decimal`s as JSON numbers with all their digits (`3196.749`, never
`3196.7490000000003` nor `"3196.749"`).
"""
from __future__ import annotations

import json
import re
import secrets
from decimal import Decimal
from typing import Any


def loads(text: str) -> Any:
    """Parse JSON text with Decimal numbers. Raises ValueError (json.JSONDecodeError) on
    text that is not JSON or has an integer too long to convert."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def dumps(result: Any, *, indent: int | None = 1) -> str:
    """JSON text of a result; Decimals become plain JSON numbers (no exponent)."""
    marker = f"@dec{secrets.token_hex(6)}@"
    pattern = re.compile(rf'"{marker}(-?[0-9.]+)"')

    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            return marker + decimal_text(value)
        if isinstance(value, dict):
            return {str(k): mark(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(result), ensure_ascii=False, indent=indent)
    return pattern.sub(lambda m: m.group(1), text)


def decimal_text(value: Decimal) -> str:
    """`Decimal` as fixed-point text without superfluous trailing zeros: 43.000 -> 43."""
    if not value:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
