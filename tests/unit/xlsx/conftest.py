"""Fixtures for the Excel intake tests: the worked-example GHG document and workbook helpers."""
from __future__ import annotations

import copy
import io
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
