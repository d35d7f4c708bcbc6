"""The one JSON codec's limits: text from outside nested too deep or too long is refused before it
is parsed, in both languages, without recursion; the application's own documents are far inside."""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from intake.domain import jsonio
from intake.domain.declaration.evaluation import evaluate as evaluate_declaration
from intake.domain.ghg.evaluation import evaluate as evaluate_ghg

DATA = Path(__file__).resolve().parents[1] / "data"


def nested(depth: int, inner: str = "") -> str:
    return "[" * depth + inner + "]" * depth


@pytest.mark.parametrize("text, depth", [
    ("1", 0), ("[]", 1), ("{}", 1), ('{"a": [1, {"b": []}]}', 4), (nested(7), 7),
    ('["[[[[", "]]]]]]]]"]', 1),  # brackets in strings do not count
    (r'["\"[[[[", "\\", {"k\"]": "\\\"{"}]', 2),  # nor do they after escaped quotes and backslashes
    ('["Nhà máy [số 2]", {"tên": "Công ty {A}"}]', 2),
])
def test_the_depth_counts_only_the_structure(text, depth):
    assert jsonio.nesting_depth(text) == depth
    assert jsonio.nesting_depth(text.encode()) == depth
    json.loads(text)  # every case is real JSON


def test_text_one_level_past_the_limit_is_refused_and_the_limit_itself_is_read():
    assert jsonio.loads_untrusted(nested(jsonio.MAX_DEPTH)) is not None
    with pytest.raises(jsonio.JSONTooDeep) as refused:
        jsonio.loads_untrusted(nested(jsonio.MAX_DEPTH + 1))
    assert refused.value.code == "too_deep"
    assert "64" in refused.value.message and refused.value.message_vi == "Dữ liệu JSON lồng nhau quá 64 cấp."
    assert isinstance(refused.value, ValueError)  # every caller that refuses bad JSON refuses it


def test_a_million_brackets_are_refused_without_recursion():
    limit = sys.getrecursionlimit()
    with pytest.raises(jsonio.JSONTooDeep):
        jsonio.loads_untrusted(nested(1_000_000))
    assert sys.getrecursionlimit() == limit


def test_text_longer_than_the_limit_is_refused_before_parsing():
    text = '"' + "x" * jsonio.MAX_LENGTH + '"'
    with pytest.raises(jsonio.JSONTooLarge) as refused:
        jsonio.loads_untrusted(text)
    assert refused.value.code == "too_large" and "2.097.152 ký tự" in refused.value.message_vi
    assert jsonio.loads_untrusted(text[: jsonio.MAX_LENGTH - 1] + '"') is not None


def test_the_applications_own_text_is_read_without_the_limits_but_never_with_a_recursion_error():
    assert jsonio.loads(nested(200)) is not None  # read as it was stored
    with pytest.raises(jsonio.JSONTooDeep):
        jsonio.loads(nested(100_000))  # simplejson's C scanner would raise RecursionError


def test_untrusted_text_keeps_exact_decimals():
    assert jsonio.loads_untrusted(b'{"q": 1000.12345678901234567, "n": 3}') == {
        "q": Decimal("1000.12345678901234567"), "n": 3}


def test_not_json_is_still_a_value_error():
    for text in ("{", "[1,]", b"\xff"):
        with pytest.raises(ValueError):
            jsonio.loads_untrusted(text)


def test_the_deepest_real_documents_and_results_are_far_inside_the_limit():
    ghg = json.loads((DATA / "ghg" / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    declaration = json.loads((DATA / "declaration" / "paper-mill-2025.json").read_text(encoding="utf-8"))
    texts = [jsonio.dumps(ghg), jsonio.dumps(evaluate_ghg(jsonio.loads(jsonio.dumps(ghg)))),
             jsonio.dumps(declaration),
             jsonio.dumps(evaluate_declaration(jsonio.loads(jsonio.dumps(declaration))))]
    depths = [jsonio.nesting_depth(text) for text in texts]
    assert max(depths) <= 8 < jsonio.MAX_DEPTH // 4, depths
    assert all(len(text) < jsonio.MAX_LENGTH // 10 for text in texts)
