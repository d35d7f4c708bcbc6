"""Finding a facility as a person types it: "thang long" finds "Thăng Long", "0100" a tax code.

A Hanoi officer often types without diacritics (a phone, an English keyboard) and in any case.
Both sides of the comparison are therefore folded the same way: lower case, Vietnamese
diacritics removed, "đ" read as "d". The comparison is made in SQL, so that filtering,
counting and paging stay in the database whatever the size of the register (10,000
facilities cost one scan of two short columns; no candidate list is held in Python). No
schema change is needed and both databases do it natively: PostgreSQL folds the name with
one `translate()` and compares with LIKE; SQLite matches the folded query as a GLOB whose
character classes hold each letter's accented forms.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Boolean, ColumnElement, String, bindparam, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from intake.models import Enterprise, Facility

# The vowels of Vietnamese with each of the five tone marks, and "đ": every letter the
# alphabet adds to ASCII, in NFC, upper and lower case.
_BASES = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_COMBINING_MARKS = "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b"  # a name stored decomposed


def _plain(letter: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", letter) if not unicodedata.combining(c)).lower()


def _folding_pairs() -> list[tuple[str, str]]:
    pairs = {"đ": "d", "Đ": "d"}
    for base in _BASES:
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", base + tone)
            for cased in (letter, letter.upper()):
                if not cased.isascii():
                    pairs[cased] = _plain(cased)
    return sorted(pairs.items())


FOLDING_PAIRS = _folding_pairs()
_TABLE = str.maketrans({**dict(FOLDING_PAIRS), **dict.fromkeys(_COMBINING_MARKS, "")})
# A tax code (10 digits, or 10 + "-" + 3 for a branch) or its beginning.
TAX_CODE_PREFIX = re.compile(r"[0-9][0-9-]{0,13}")
MAX_SEARCH_LENGTH = 100


def fold(text: str) -> str:
    """`text` as the database folds a name: lower case, no diacritics, "đ" as "d", single spaces."""
    folded = unicodedata.normalize("NFC", text).translate(_TABLE).lower()
    return " ".join(folded.split())


# Each plain letter stands for itself and its accented forms, upper and lower case (SQLite's
# lower() and PostgreSQL's under some locales know only ASCII).
_VARIANTS: dict[str, str] = {}
for _accented, _plain_letter in FOLDING_PAIRS:
    _VARIANTS[_plain_letter] = _VARIANTS.get(_plain_letter, _plain_letter) + _accented
_GLOB_SPECIAL = "*?["


def _glob_of(pattern: str) -> str:
    """A GLOB (SQLite) matching a lower-cased name that contains the folded `pattern`."""
    letters = (f"[{_VARIANTS[c]}]" if c in _VARIANTS else f"[{c}]" if c in _GLOB_SPECIAL else c
               for c in pattern)
    return f"*{''.join(letters)}*"


def _regex_of(pattern: str) -> str:
    """A case-insensitive regular expression (PostgreSQL) for a name containing the folded
    `pattern`, the name being in NFC or decomposed (a letter then its combining marks)."""
    def letter(c: str) -> str:
        if c in _VARIANTS:
            return f"[{_VARIANTS[c]}{_VARIANTS[c].upper()}][\u0300-\u036f]*"
        return c if c.isalnum() or c == " " else "\\" + c
    return "".join(letter(c) for c in pattern)


class folded_contains(FunctionElement):  # noqa: N801 (reads as a SQL function)
    """`column` contains `pattern` once both are folded like `fold`; compiled per database.
    Folding the query into a pattern rather than the column lets the database compare
    without rewriting each name (PostgreSQL's translate() of 140 letters cost 400 ms per
    10,000 names, its regular expression 40 ms; SQLite's parser cannot nest 140 replace())."""

    type = Boolean()
    name = "folded_contains"
    inherit_cache = True

    def __init__(self, column: ColumnElement[str], pattern: str) -> None:
        folded_pattern = fold(pattern)
        super().__init__(column, bindparam(None, _regex_of(folded_pattern), String()),
                         bindparam(None, _glob_of(folded_pattern), String()))


@compiles(folded_contains)
def _contains_by_glob(element, compiler, **kw) -> str:
    column, _regex, glob = element.clauses
    return f"(lower({compiler.process(column, **kw)}) GLOB {compiler.process(glob, **kw)})"


@compiles(folded_contains, "postgresql")
def _contains_by_regex(element, compiler, **kw) -> str:
    column, regex, _glob = element.clauses
    return f"({compiler.process(column, **kw)} ~* {compiler.process(regex, **kw)})"


def facility_matches(search: str) -> ColumnElement[bool]:
    """Facilities whose name or enterprise's name contains `search` (folded), or, when
    `search` is digits, whose enterprise's tax code starts with it."""
    text = search.strip()[:MAX_SEARCH_LENGTH]
    if TAX_CODE_PREFIX.fullmatch(text):
        return Facility.enterprise_id.in_(
            select(Enterprise.id).where(Enterprise.tax_code.startswith(text, autoescape=True)))
    return or_(folded_contains(Facility.name, text),
               Facility.enterprise_id.in_(select(Enterprise.id).where(folded_contains(Enterprise.name, text))))
