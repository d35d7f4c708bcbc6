"""The one JSON codec: exact decimals, for the database, the API and canonical submissions.

Quantities and results are `Decimal`s; written as JSON numbers with every digit they have and
read back as `Decimal`s (never through binary floating point), so 0.1 stays 0.1 end to end.
Every Decimal is spelt one way (`forms.numbers.canonical_text`: fixed point, no trailing
zeros), so the same content always gives the same text, and a version's SHA-256 identifies
the content whichever spelling carried its numbers.

Text from outside (`loads_untrusted`: request bodies) is refused before it is parsed when it is
nested deeper than `MAX_DEPTH` or longer than `MAX_LENGTH`: the C scanner recurses once per
level, and so do the schemas, the normaliser and the calculation after it; a kilobyte of
brackets must not cost a worker. The deepest real documents (a GHG inventory and its result)
are 5 levels deep (tests/unit/test_jsonio.py); the limit leaves ten times that. The
application's own text (its database, its files) went through that door on the way in and is
read by `loads` without the scan, which adds about a fifth to the parse (a 180 kB inventory:
0.4 ms against 1.5 ms); `loads` still turns the scanner's RecursionError into JSONTooDeep.
"""
from __future__ import annotations

import datetime as dt
import enum
import re
from decimal import Decimal
from itertools import accumulate
from typing import Any

import simplejson

from forms.numbers import canonical_text

MAX_DEPTH = 64
# A 1,500-source inventory (three years of 500 rows) is 180 kB of JSON: ten times that.
MAX_LENGTH = 2 * 1024 * 1024


class JSONRefused(ValueError):
    """Text refused before parsing; `code`, `message` and `message_vi` say why, for the person
    who sent it."""

    code = "refused"

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


class JSONTooDeep(JSONRefused):
    code = "too_deep"


class JSONTooLarge(JSONRefused):
    code = "too_large"


class JSONHoldsNul(JSONRefused):
    """A string holding U+0000: no person types it, PostgreSQL stores it in no text column and
    refuses it as a query parameter (a 500 on one database, stored on the other)."""

    code = "invalid_character"


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
    Raises ValueError on text that is not JSON, JSONTooDeep (a ValueError) on text nested
    deeper than the parser can recurse."""
    try:
        return simplejson.loads(text, use_decimal=True)
    except RecursionError:
        raise _too_deep() from None


def loads_untrusted(text: str | bytes) -> Any:
    """`loads` for text from outside: raises JSONTooLarge past `MAX_LENGTH` characters (bytes,
    if bytes are given) and JSONTooDeep past `MAX_DEPTH` levels, before parsing; ValueError on
    text that is not JSON."""
    if len(text) > MAX_LENGTH:
        raise JSONTooLarge(
            f"The JSON body is longer than {MAX_LENGTH:,} characters.",
            f"Nội dung JSON dài quá {MAX_LENGTH:,} ký tự.".replace(",", "."))
    if nesting_depth(text) > MAX_DEPTH:
        raise _too_deep()
    if holds_nul(text):
        raise JSONHoldsNul("A text in the JSON holds the character U+0000, which cannot be stored.",
                           "Một chuỗi trong dữ liệu JSON chứa ký tự U+0000, không thể lưu.")
    return loads(text)


def holds_nul(text: str | bytes) -> bool:
    """Whether JSON text holds U+0000, raw or escaped. Once the escaped backslashes (`\\\\`)
    are removed, left to right, every backslash left starts an escape, so `\\u0000` found then
    is one (`\\\\u0000` is a backslash and the text "u0000")."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    return b"\x00" in data or (b"\\u0000" in data and b"\\u0000" in data.replace(b"\\\\", b""))


def _too_deep() -> JSONTooDeep:
    return JSONTooDeep(f"The JSON is nested more than {MAX_DEPTH} levels deep.",
                       f"Dữ liệu JSON lồng nhau quá {MAX_DEPTH} cấp.")


_STRING = re.compile(rb'"[^"]*"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = [0] * 256
for _opening in b"[{":
    _STEP[_opening] = 1
for _closing in b"]}":
    _STEP[_closing] = -1


def nesting_depth(text: str | bytes) -> int:
    """How deep arrays and objects nest in `text` (brackets inside strings do not count), in
    one pass of C-level scans and no recursion: the escapes that matter go first (`\\\\`, then
    `\\"`, which ends no string), then everything but quotes and brackets, then the strings.
    Text that is not JSON gets a number too (the parser refuses it afterwards).

    Plain `bytes.replace` where it can: this runs on every request body, and one match of a
    regular expression per escape and per string cost more than the parse itself."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if b"\\" in data:
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    # Two adjacent quotes are an empty string, or the end of one string and the start of the
    # next with no bracket between: either way the pair holds no structure, and removing it
    # leaves only the strings with brackets in them for the regular expression.
    brackets = _STRING.sub(b"", data.translate(None, _NOT_STRUCTURE).replace(b'""', b""))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)
