"""The one JSON codec's limits: text from outside nested too deep or too long is refused before it
is parsed, in both languages, without recursion; the application's own documents are far inside."""
from __future__ import annotations

import json
import random
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
    ('["[", "]", "", "{"]', 1), ('{"": "]]", "k": [""]}', 2),  # adjacent and empty strings
    (r'["\\\\", "[\\\"", "\\\\\\\"]"]', 1),  # runs of backslashes before a quote
])
def test_the_depth_counts_only_the_structure(text, depth):
    assert jsonio.nesting_depth(text) == depth
    assert jsonio.nesting_depth(text.encode()) == depth
    json.loads(text)  # every case is real JSON


def _depth_of(value) -> int:
    """The depth of a parsed value, counted without recursion."""
    deepest, pending = 0, [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth + 1)
            pending += [(child, depth + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def test_the_depth_is_the_parsed_documents_for_strings_full_of_quotes_brackets_and_escapes():
    rng = random.Random(2026)
    alphabet = ['"', "\\", "[", "]", "{", "}", "a", "ệ", "\n", "/"]

    def value(depth):
        choice = rng.random()
        if depth > 6 or choice < 0.3:
            return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
        if choice < 0.65:
            return [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return {value(7): value(depth + 1) for _ in range(rng.randint(0, 4))}

    for _ in range(2000):
        document = value(0)
        for ensure_ascii in (True, False):
            text = json.dumps(document, ensure_ascii=ensure_ascii)
            assert jsonio.nesting_depth(text) == _depth_of(document), text


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


@pytest.mark.parametrize(("text", "holds"), [
    (r'{"a": "x\u0000y"}', True), ('{"a": "x\x00y"}', True), (r'["\\\u0000"]', True),
    (r'["\\u0000"]', False),  # an escaped backslash, then the text "u0000"
    (r'["\\\\u0000"]', False), (r'["\u00001"]', True), (r'["\u0001"]', False), ('["u0000"]', False),
])
def test_a_nul_is_found_raw_or_escaped_and_only_then(text, holds):
    assert jsonio.holds_nul(text) is holds
    if not holds:
        assert "\x00" not in "".join(map(str, json.loads(text)))
    elif "\x00" not in text:
        assert "\x00" in json.loads(text)[0] if isinstance(json.loads(text), list) else True


def test_json_holding_a_nul_is_refused_in_both_languages():
    with pytest.raises(jsonio.JSONHoldsNul) as refused:
        jsonio.loads_untrusted(r'{"name": "Nh\u00e0 m\u00e1y\u0000"}')
    assert refused.value.code == "invalid_character" and "U+0000" in refused.value.message_vi
