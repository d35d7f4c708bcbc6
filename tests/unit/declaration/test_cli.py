"""`intake declaration validate`, run as the real console command: exit 0 valid, 1 invalid,
2 unreadable; the result document on stdout, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from intake.domain.declaration import TOTAL_KEYS
from tests.unit.declaration.conftest import DATA, EXAMPLES, load

ROOT = Path(__file__).resolve().parents[3]


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "intake", "declaration", "validate", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_valid_declaration_exits_0_with_its_totals(name):
    done = validate(DATA / f"{name}.json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["valid"] is True and result["errors"] == [] and result["warnings"] == []
    assert set(result["totals"]) == set(TOTAL_KEYS)


def test_totals_are_exact_json_numbers():
    done = validate(DATA / "brewery-2025.json")
    assert '"energy_tj": 91.935,' in done.stdout and '"water_supply_m3": 780000,' in done.stdout


def test_an_invalid_declaration_exits_1_naming_the_field(tmp_path):
    document = load("brewery-2025")
    document["hazardous_waste"][0]["code"] = "18 2 1"
    (tmp_path / "bad.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    done = validate(tmp_path / "bad.json")
    assert done.returncode == 1
    [error] = json.loads(done.stdout)["errors"]
    assert error["path"] == "hazardous_waste[0].code" and "NN NN NN" in error["message_vi"]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("name", "content"), [
    ("missing.json", None),
    ("not-utf8.json", "Nhà máy".encode("cp1258")),
    ("not-json.json", b"{\"year\": 2025,"),
    ("a-list.json", b"[{\"form\": \"env-declaration\"}]"),
    ("a-number.json", b"2025"),
    ("empty.json", b""),
    ("nan.json", b"NaN"),
])
def test_unreadable_input_exits_2_with_an_error_document_and_one_line(tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = validate(path)
    assert done.returncode == 2
    result = json.loads(done.stdout)
    assert result["valid"] is False and result["errors"][0]["message_vi"]
    assert {"valid", "errors", "warnings", "totals"} <= set(result)
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_a_directory_exits_2(tmp_path):
    done = validate(tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["errors"][0]["code"] == "unreadable_document"
