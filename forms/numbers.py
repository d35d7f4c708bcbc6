"""The one number reader and formatter: JSON documents, typed text (vi, en) and canonical text.

Reading a number from a JSON document into a `Decimal` refuses anything ambiguous.

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
from decimal import ROUND_HALF_UP, Context, Decimal

_CANONICAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,4})?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}([.,\s\u00a0]\d{3})+([.,]\d+)?$|^[+-]?\d+,\d+$")
# One to three digits, a dot, three digits ending in 0: "98.300" is 98.3 here, but a
# Vietnamese writer may have meant 98 300.
_SUSPECT_GROUPING = re.compile(r"^[1-9]\d{0,2}\.\d\d0$")

# Far beyond any facility's activity data (1e15 t is a million times world coal output);
# bounding it keeps every product within Decimal's exact range.
MAX_MAGNITUDE = Decimal("1e15")
# A nonzero value below this, or with more significant digits than this, is no measurement:
# refusing it keeps every product exact in Decimal's 28-digit context and keeps a hostile
# "1e-999999999" from being written out as a billion zeros.
MIN_MAGNITUDE = Decimal("1e-15")
MAX_DIGITS = 28


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
    if abs(number) > MAX_MAGNITUDE or (number and abs(number) < MIN_MAGNITUDE):
        raise NumberError("out_of_range", value)
    number = canonical_decimal(number)
    if len(number.as_tuple().digits) > MAX_DIGITS:
        raise NumberError("out_of_range", value)
    return number


def canonical_decimal(number: Decimal) -> Decimal:
    """The one Decimal for a value: no trailing zeros, no positive exponent, no negative zero
    (`Decimal("1.50")`, `Decimal("15E-1")` -> `Decimal("1.5")`; `Decimal("1E+3")` -> 1000).

    Two spellings of one value become the same Decimal, so canonical JSON (and a version's
    SHA-256) identifies the content, not how the numbers were written. Exact: the context holds
    far more digits than any document value or result has.
    """
    if not number:
        return _ZERO
    if not number.is_finite():
        return number  # NaN or infinity: the caller refuses them
    canonical = number.normalize(_EXACT)
    if canonical.as_tuple().exponent > 0:
        canonical = canonical.quantize(_ONE, context=_EXACT)
    return canonical


_ZERO, _ONE = Decimal(0), Decimal(1)
_EXACT = Context(prec=400, Emax=10**6, Emin=-10**6)


def canonical_text(number: Decimal) -> str:
    """A Decimal as canonical JSON spells it: fixed point, `.` for decimals, no grouping
    (`Decimal("1E-7")` -> "0.0000001"). Values outside the document range (kept only as
    typed in a draft) keep Decimal's own scientific text rather than a page of zeros."""
    if not number.is_finite():
        return str(number)
    adjusted = number.adjusted()
    if adjusted > 40 or adjusted < -40:
        return str(number)
    return format(canonical_decimal(number), "f")


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


# --- numbers as people read and type them --------------------------------------------------

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal) per language


def format_number(value: Decimal | int, language: str = "vi", decimals: int | None = None,
                  *, grouped: bool = True) -> str:
    """`value` in the notation of `language`: `1.234.567,891` (vi), `1,234,567.891` (en).

    `decimals=None` keeps every significant digit (trailing zeros dropped); an int gives
    exactly that many places, rounded half up. What `format_number` writes,
    `read_typed_number` reads back as the same value in the same language. Raises TypeError
    for what is not a Decimal or int, ValueError for NaN, infinity or negative `decimals`.
    """
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"not a number: {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    if decimals is None:
        # normalize() would round to the context's 28 digits: strip zeros from the text.
        whole, _, fraction = f"{number.copy_abs():f}".partition(".")
        places = len(fraction.rstrip("0"))
    else:
        if decimals < 0:
            raise ValueError(f"decimals must not be negative: {decimals}")
        places = decimals
        digits = max(number.adjusted(), 0) + places + 2
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP,
                                 context=Context(prec=max(28, digits)))
    whole, _, fraction = f"{number.copy_abs():f}".partition(".")
    fraction = fraction.ljust(places, "0")[:places] if places else ""
    thousands, decimal_mark = SEPARATORS.get(language, SEPARATORS["vi"])
    if grouped:
        head = len(whole) % 3 or 3
        whole = thousands.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    negative = number < 0 and (whole.strip("0" + thousands) or fraction.strip("0"))
    sign = "-" if negative else ""
    return f"{sign}{whole}{decimal_mark}{fraction}" if fraction else f"{sign}{whole}"


def read_typed_number(typed: str, language: str = "vi") -> Decimal | None:
    """What a person typed (`1.234,5` in Vietnamese, `1,234.5` in English) as a Decimal, or
    None when it is not a number in that notation (the caller keeps the text as typed, for
    validation to refuse and the page to echo)."""
    text = canonical_decimal_text(typed, language)
    try:
        return parse_decimal(text)
    except NumberError:
        return None


# How typed text becomes canonical decimal text.
#Numbers as people type them, in Vietnamese or English notation, to canonical decimal text.
#
#JSON documents accept only canonical decimals (`forms.numbers`). People typing into the web
#form or an Excel cell write `1.234,5` (Vietnamese) or `1,234.5` (English), and a bare
#`98.300` means ninety-eight thousand three hundred to a Vietnamese writer but 98.3 to an English
#one. The notation of the person's language decides; the interface echoes the value it read so
#that the person sees the interpretation. The rule:
#
#- both `.` and `,` present: the last one is the decimal separator, the other groups thousands
#  (groups of exactly three digits, else the text is refused);
#- only one kind of separator, appearing more than once: it groups thousands;
#- a single `,`: in Vietnamese a decimal comma; in English a thousands separator when exactly
#  three digits follow it (`12,000`), otherwise a decimal comma (`12,5`);
#- a single `.`: in English a decimal point; in Vietnamese a thousands separator when exactly
#  three digits follow it and at most three precede it (`98.300`), otherwise a decimal point;
#- spaces and non-breaking spaces between digit groups are ignored.
#
#Text that fits no rule is returned unchanged, for validation to refuse with its own message.



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
