"""Numbers as people type them, in Vietnamese or English notation, to canonical decimal text.

JSON documents accept only canonical decimals (`forms.numbers`). People typing into the web
form or an Excel cell write `1.234,5` (Vietnamese) or `1,234.5` (English), and a bare
`98.300` means ninety-eight thousand three hundred to a Vietnamese writer but 98.3 to an English
one. The notation of the person's language decides; the interface echoes the value it read so
that the person sees the interpretation. The rule:

- both `.` and `,` present: the last one is the decimal separator, the other groups thousands
  (groups of exactly three digits, else the text is refused);
- only one kind of separator, appearing more than once: it groups thousands;
- a single `,`: in Vietnamese a decimal comma; in English a thousands separator when exactly
  three digits follow it (`12,000`), otherwise a decimal comma (`12,5`);
- a single `.`: in English a decimal point; in Vietnamese a thousands separator when exactly
  three digits follow it and at most three precede it (`98.300`), otherwise a decimal point;
- spaces and non-breaking spaces between digit groups are ignored.

Text that fits no rule is returned unchanged, for validation to refuse with its own message.
"""
from __future__ import annotations

import re

_SPACES = re.compile(r"[\s\u00a0\u202f]")
_PLAIN = re.compile(r"^[+-]?\d+$")


def _grouped(text: str, separator: str) -> bool:
    """Digits in thousands groups: 1.234.567 (separator ".")."""
    pattern = r"[+-]?\d{1,3}(?:" + re.escape(separator) + r"\d{3})+"
    return re.fullmatch(pattern, text) is not None


def canonical_decimal_text(typed: str, language: str = "vi") -> str:
    """Canonical decimal text (`1234.5`) for what a person typed; unchanged if unreadable."""
    text = _SPACES.sub("", typed or "")
    if not text:
        return typed.strip() if typed else ""
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or not _grouped(whole, group_mark) or not fraction.isdigit():
            return typed.strip()
        return whole.replace(group_mark, "") + "." + fraction
    mark = "." if has_dot else "," if has_comma else ""
    if not mark:
        return text
    if text.count(mark) > 1:
        return text.replace(mark, "") if _grouped(text, mark) else typed.strip()
    whole, _, fraction = text.partition(mark)
    if not (_PLAIN.match(whole) or whole in ("", "+", "-")) or not fraction.isdigit():
        return typed.strip()
    three_after = len(fraction) == 3 and _grouped(text, mark)
    if mark == ",":
        grouping = language == "en" and three_after
    else:
        grouping = language == "vi" and three_after
    if grouping:
        return whole + fraction
    return (whole or "0") + "." + fraction
