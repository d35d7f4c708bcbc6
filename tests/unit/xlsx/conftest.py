"""Fixtures for the Excel intake tests: the worked-example GHG document and workbook helpers."""
from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exporters.xlsx import template_layout, write_template
from exporters.xlsx.layout import FIRST_DATA_ROW, column_letter
from forms.ghg import GHG_FORM
from intake.domain.ghg import loads

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCES_SHEET = "Nguồn thải"


def load_json(relative: str) -> dict:
    return loads((DATA / relative).read_text(encoding="utf-8"))


@pytest.fixture
def worked_document() -> dict:
    return load_json("ghg/ghg-worked-examples.json")


@pytest.fixture
def worked_workbook(worked_document) -> bytes:
    return write_template(GHG_FORM, copy.deepcopy(worked_document))


def source_column(key: str) -> str:
    """The column letter of a source-line field in the GHG template."""
    sheet = next(s for s in template_layout(GHG_FORM).tables if s.name == SOURCES_SHEET)
    return column_letter([c.key for c in sheet.columns].index(key))


def source_cell(key: str, line: int) -> str:
    """The cell of the `line`-th (0-based) source row of the template for field `key`."""
    return f"{source_column(key)}{FIRST_DATA_ROW + line}"


@pytest.fixture
def edit() -> Callable[..., bytes]:
    """edit(data, change) -> bytes: open with openpyxl, let `change(book)` alter it, save."""
    def apply(data: bytes, change: Callable) -> bytes:
        book = load_workbook(io.BytesIO(data))
        change(book)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return apply


def with_source_rows(data: bytes, count: int, *, tail: str = "", first_id: str = "S1") -> bytes:
    """The workbook with its first source row (id `first_id`) repeated `count` times in its
    place and that of the other rows (ids S0, S1...), written
    straight into the sheet XML so that thousands of rows take milliseconds; `tail` is raw XML
    put after them (to damage the sheet past the rows that matter)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        part = _sheet_part(source, SOURCES_SHEET)
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                text = content.decode("utf-8")
                start = text.index(f'<row r="{FIRST_DATA_ROW}"')
                first = text[start:text.index("</row>", start) + len("</row>")]
                row = re.sub(rf'(<(?:row|c) r="[A-Z]*){FIRST_DATA_ROW}"', r'\g<1>{r}"', first)
                row = row.replace(f"<t>{first_id}</t>", "<t>S{i}</t>")
                rows = "".join(row.format(r=FIRST_DATA_ROW + i, i=i) for i in range(count))
                end = text.index("</sheetData>")
                content = (text[:start] + rows + tail + text[end:]).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _sheet_part(archive: zipfile.ZipFile, name: str) -> str:
    book = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    # Attribute order differs between openpyxl releases (xmlns:r may come first).
    element = re.search(rf'<sheet\b[^>]*\bname="{re.escape(name)}"[^>]*>', book).group(0)
    rel_id = re.search(r'\br:id="([^"]+)"', element).group(1)
    target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel_id}"',
                       rels)
    return "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")
