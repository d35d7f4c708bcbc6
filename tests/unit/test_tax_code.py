import pytest

from forms.validators import is_valid_tax_code


@pytest.mark.parametrize("code", ["0100112437", "0100109106", "0300588569", "0100112437-001"])
def test_public_tax_codes_pass_the_check_digit(code):
    assert is_valid_tax_code(code)


@pytest.mark.parametrize("code", [
    "0100112438",          # wrong check digit
    "010011243",           # too short
    "01001124370",         # too long
    "0100112437-01",       # branch suffix too short
    "0100112437001",       # branch without its dash
    "01001l2437",          # a letter
    "", " 0100112437",
])
def test_malformed_or_foreign_tax_codes_fail(code):
    assert not is_valid_tax_code(code)


def test_a_code_whose_check_digit_would_be_ten_does_not_exist():
    # Find a 9-digit stem whose weighted sum is ≡ 0 (mod 11): no 10th digit can complete it.
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    stem = next(s for s in (f"{n:09d}" for n in range(100000000, 100001000))
                if sum(w * int(d) for w, d in zip(weights, s)) % 11 == 0)
    assert not any(is_valid_tax_code(stem + str(d)) for d in range(10))
