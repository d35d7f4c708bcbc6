"""Refused files: not a zip, damaged, macro-enabled, zip bombs, too large; and the CLI's exit
statuses, never with a traceback."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exporters.xlsx import annotate_workbook, read_workbook
from exporters.xlsx.package import MAX_FILE_BYTES
from tests.unit.xlsx.conftest import SOURCES_SHEET, source_cell

ROOT = Path(__file__).resolve().parents[3]


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def zip_bomb(worked_workbook: bytes) -> bytes:
    return with_part(worked_workbook, "xl/media/padding.bin", b"\0" * (60 * 1024 * 1024))


def refused_code(data: bytes) -> str:
    read = read_workbook(data)
    assert not read.readable and read.document is None
    return read.errors[0]["code"]


def test_refused_files(worked_workbook):
    assert refused_code(b"not a workbook") == "xlsx_unreadable"
    assert refused_code(worked_workbook[: len(worked_workbook) // 2]) == "xlsx_unreadable"
    assert refused_code(b"\xd0\xcf\x11\xe0" + b"\0" * 600) == "xlsx_unreadable"
    assert refused_code(with_part(worked_workbook, "xl/vbaProject.bin", b"VBA")) == "xlsx_macro"
    assert refused_code(zip_bomb(worked_workbook)) == "xlsx_too_large"
    assert refused_code(b"PK" + b"\0" * MAX_FILE_BYTES) == "xlsx_too_large"


def test_damaged_sheet_xml_is_unreadable(worked_workbook):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(worked_workbook)) as source, \
            zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = content[: len(content) // 3]
            target.writestr(info, content)
    assert refused_code(out.getvalue()) == "xlsx_unreadable"


def test_annotated_copy_highlights_and_comments_bad_cells(worked_workbook):
    cell = source_cell("quantity", 1)
    errors = [{"path": "years[0].sources[1].quantity", "cell": f"{SOURCES_SHEET}!{cell}",
               "code": "negative", "severity": "error", "message": "must not be negative",
               "message_vi": "không được là số âm"},
              {"path": "", "cell": None, "code": "wrong_form", "severity": "error",
               "message": "whole document", "message_vi": "cả tài liệu"}]
    book = load_workbook(io.BytesIO(annotate_workbook(worked_workbook, errors)))
    marked = book[SOURCES_SHEET][cell]
    assert "không được là số âm" in marked.comment.text
    assert marked.fill.fgColor.rgb.endswith("F8B4B4")
    assert book.sheetnames[0] == "Lỗi"


def test_the_problems_sheet_names_places_by_label_never_by_path(worked_workbook):
    errors = [{"path": "gwp_set", "cell": None, "code": "gwp_set_changed", "severity": "warning",
               "label_vi": "Bộ hệ số GWP", "label": "GWP set",
               "message": "GWP set: changed", "message_vi": "Bộ hệ số GWP: đã đổi"}]
    sheet = load_workbook(io.BytesIO(annotate_workbook(worked_workbook, errors)))["Lỗi"]
    row = [cell.value for cell in sheet[2]]
    assert row == ["Bộ hệ số GWP / GWP set", "Cảnh báo / Warning", "Bộ hệ số GWP: đã đổi",
                   "GWP set: changed"]
    assert "gwp_set" not in " ".join(str(c.value) for r in sheet.iter_rows() for c in r)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "intake", "xlsx", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_template_then_read_clean(tmp_path):
    workbook = tmp_path / "ghg.xlsx"
    made = run_cli("template", "ghg", "-o", str(workbook), "--from",
                   str(ROOT / "tests/data/ghg/ghg-worked-examples.json"))
    assert made.returncode == 0, made.stderr
    read = run_cli("read", str(workbook))
    assert read.returncode == 0, read.stderr
    output = json.loads(read.stdout)
    assert output["errors"] == [] and output["document"]["years"][0]["year"] == 2022


def test_cli_read_with_errors_exits_1(tmp_path):
    workbook = tmp_path / "bad.xlsx"
    run_cli("template", "ghg", "-o", str(workbook), "--from",
            str(ROOT / "tests/data/ghg/ghg-invalid-example.json"))
    read = run_cli("read", str(workbook))
    assert read.returncode == 1
    errors = json.loads(read.stdout)["errors"]
    assert all("cell" in e for e in errors)
    assert {e["cell"] for e in errors} >= {f"{SOURCES_SHEET}!{source_cell('quantity', 0)}"}


@pytest.mark.parametrize("kind", ["not_zip", "corrupt", "macro", "bomb", "missing"])
def test_cli_unreadable_exits_2_without_traceback(tmp_path, worked_workbook, kind):
    path = tmp_path / f"{kind}.xlsx"
    content = {"not_zip": b"hello", "corrupt": worked_workbook[:3000],
               "macro": with_part(worked_workbook, "xl/vbaProject.bin", b"VBA"),
               "bomb": zip_bomb(worked_workbook) if kind == "bomb" else b""}.get(kind)
    if content is not None:
        path.write_bytes(content)
    read = run_cli("read", str(path))
    assert read.returncode == 2
    assert "Traceback" not in read.stderr + read.stdout
    assert json.loads(read.stdout)["errors"][0]["code"].startswith("xlsx_")
