"""Identifier checks shared by the forms, the models and the command line. Standard library only."""
from __future__ import annotations

import re

# Vietnamese enterprise tax code (mã số thuế): 10 digits, or a dependent unit's 13-character
# code: the parent's 10 digits, "-", 3 digits (Circular 105/2020/TT-BTC, Art. 5).
_TAX_CODE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_CHECK_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

TAX_CODE_FORMAT = "tax_code_format"
TAX_CODE_CHECK_DIGIT = "tax_code_check_digit"


def tax_code_problem(value: object) -> str | None:
    """The rule code of what is wrong with a tax code, or None when it is valid.

    `tax_code_format`: not 10 digits or `NNNNNNNNNN-NNN`; `tax_code_check_digit`: the tenth
    digit is not 10 - (31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 + 13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11
    (a code for which this gives 10 does not exist). A 13-character branch code is checked on
    its parent's 10 digits; the branch suffix 000 is not issued.
    """
    if not isinstance(value, str):
        return TAX_CODE_FORMAT
    match = _TAX_CODE.match(value)
    if match is None:
        return TAX_CODE_FORMAT
    digits, branch = match.groups()
    if branch == "000":
        return TAX_CODE_FORMAT
    weighted = sum(int(d) * w for d, w in zip(digits[:9], _CHECK_WEIGHTS, strict=True))
    check = 10 - weighted % 11
    if check == 10 or check != int(digits[9]):
        return TAX_CODE_CHECK_DIGIT
    return None


def is_valid_tax_code(value: str) -> bool:
    """True when `value` is a well-formed tax code whose check digit is right. Never raises."""
    return tax_code_problem(value) is None
