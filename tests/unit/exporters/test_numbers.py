from decimal import Decimal

import pytest

from exporters.numbers import format_vn_number


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (Decimal("31150.36"), 3, "31.150,360"),
    ("31150.36", 3, "31.150,360"),
    (31150.36, 3, "31.150,360"),
    (1234567, None, "1.234.567"),
    (1234567, 0, "1.234.567"),
    ("1000", None, "1.000"),
    (Decimal("1000.50"), None, "1.000,5"),
    (Decimal("1E+3"), None, "1.000"),
    (0.1, None, "0,1"),
    (0, 3, "0,000"),
    (999, None, "999"),
    (Decimal("-1234.5"), 2, "-1.234,50"),
    (Decimal("0.0005"), 3, "0,001"),  # half up, as on paper
    (Decimal("2.675"), 2, "2,68"),  # Decimal, not the float 2.67499...
    (Decimal("-0.0004"), 3, "0,000"),  # no negative zero
    (Decimal("-0"), None, "0"),
    (" 42.5 ", 1, "42,5"),
])
def test_vietnamese_grouping_and_decimal_comma(value, decimals, expected):
    assert format_vn_number(value, decimals) == expected


def test_keeps_every_digit_beyond_the_default_decimal_precision():
    value = "123456789012345678901234567.123456"
    assert format_vn_number(value) == "123.456.789.012.345.678.901.234.567,123456"
    assert format_vn_number(value, 3) == "123.456.789.012.345.678.901.234.567,123"


@pytest.mark.parametrize("value", ["1.234,5", "abc", "", "NaN", "inf", float("nan")])
def test_refuses_what_is_not_a_canonical_finite_number(value):
    with pytest.raises(ValueError):
        format_vn_number(value, 3)


@pytest.mark.parametrize("value", [True, None, [1]])
def test_refuses_other_types(value):
    with pytest.raises(TypeError):
        format_vn_number(value)


def test_refuses_negative_decimals():
    with pytest.raises(ValueError):
        format_vn_number(1, -1)
