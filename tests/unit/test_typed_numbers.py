"""The unit traps of calculation.md as people type them: Vietnamese vs English notation."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.numbers import canonical_decimal_text


@pytest.mark.parametrize("typed, language, expected", [
    ("1.234,5", "vi", "1234.5"),
    ("1,234.5", "en", "1234.5"),
    ("1,234.5", "vi", "1234.5"),      # unambiguous whatever the language
    ("1.234,5", "en", "1234.5"),
    ("98.300", "vi", "98300"),        # ninety-eight thousand three hundred
    ("98.300", "en", "98.300"),       # ninety-eight point three
    ("12.000", "vi", "12000"),
    ("12,000", "en", "12000"),
    ("12,000", "vi", "12.000"),       # decimal comma in Vietnamese
    ("12,5", "en", "12.5"),           # not a thousands group: a decimal comma
    ("1.5", "vi", "1.5"),             # not a thousands group: a decimal point
    ("1 234 567,25", "vi", "1234567.25"),
    ("1\u00a0234", "vi", "1234"),
    ("1.234.567", "vi", "1234567"),
    ("1,234,567", "en", "1234567"),
    ("0", "vi", "0"),
    (",5", "vi", "0.5"),
    ("-2,5", "vi", "-2.5"),
])
def test_typed_numbers(typed, language, expected):
    assert canonical_decimal_text(typed, language) == expected


@pytest.mark.parametrize("typed", ["1.23.4", "12,34,5", "abc", "1.234,5,6", "1,23.4", "1e3,5"])
def test_unreadable_text_is_left_for_validation_to_refuse(typed):
    assert canonical_decimal_text(typed, "vi") == typed


def test_blank_stays_blank_never_zero():
    assert canonical_decimal_text("", "vi") == "" and canonical_decimal_text("   ", "vi") == ""


@given(st.decimals(min_value=0, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_numbers_written_in_either_notation_read_back_the_same(value):
    whole, _, fraction = f"{value:.3f}".partition(".")
    groups = f"{int(whole):,}"
    vietnamese = groups.replace(",", ".") + "," + fraction
    english = groups + "." + fraction
    assert Decimal(canonical_decimal_text(vietnamese, "vi")) == value
    assert Decimal(canonical_decimal_text(english, "en")) == value
