"""`intake ghg calculate` and `intake rules list`, run as the real console command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.ghg.conftest import DATA, diesel, document

ROOT = Path(__file__).resolve().parents[3]


def intake(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intake", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_valid_document_exits_0_with_the_result_on_stdout():
    done = intake("ghg", "calculate", str(DATA / "ghg-worked-examples.json"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["valid"] is True
    assert result["years"]["2022"]["total_tco2e"] == pytest.approx(31150.36, rel=1e-9)
    # Decimals are written as plain JSON numbers with their exact digits.
    assert '"tco2e": 3196.749,' in done.stdout


def test_invalid_document_exits_1_with_its_errors():
    done = intake("ghg", "calculate", str(DATA / "ghg-invalid-example.json"))
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert {e["path"] for e in result["errors"]} == {
        "facility.tax_code", "years[0].sources[0].quantity", "years[0].sources[1].unit"}
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("name", "content"), [
    ("missing.json", None),
    ("not-utf8.json", b"\xff\xfe{\x00"),
    ("not-json.json", b"{\"years\": [}"),
    ("a-list.json", b"[1, 2, 3]"),
    ("a-string.json", b"\"text\""),
    ("empty.json", b""),
    ("nan.json", b"NaN"),
])
def test_unreadable_input_exits_2_with_an_error_document(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = intake("ghg", "calculate", str(path))
    assert done.returncode == 2
    result = json.loads(done.stdout)
    assert result["valid"] is False and result["errors"][0]["message_vi"]
    assert done.stderr.strip() and "Traceback" not in done.stderr


def test_a_directory_exits_2(tmp_path):
    done = intake("ghg", "calculate", str(tmp_path))
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_nan_and_infinity_literals_inside_a_document_are_refused(tmp_path):
    text = json.dumps(document(diesel())).replace('"1000"', "NaN")
    path = tmp_path / "nan-quantity.json"
    path.write_text(text, encoding="utf-8")
    done = intake("ghg", "calculate", str(path))
    assert done.returncode == 1
    assert json.loads(done.stdout)["errors"][0]["code"] == "not_finite"


def test_rules_list_in_json_and_text():
    done = intake("rules", "list", "--format", "json", "--form", "ghg-inventory")
    assert done.returncode == 0
    rules = json.loads(done.stdout)
    assert {"provisional_grid_factor", "negative", "tax_code_check_digit"} <= \
        {r["code"] for r in rules}
    assert all(r["message_vi"] and r["description_vi"] for r in rules)
    text = intake("rules", "list")
    assert text.returncode == 0 and "unit_wrong_dimension" in text.stdout
