"""Mutated workbooks never produce a traceback: cells changed at random, bytes damaged."""
from __future__ import annotations

import datetime as dt
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from exporters.xlsx import write_template
from forms.ghg import GHG_FORM
from intake.services.xlsx_intake import check_workbook
from tests.unit.xlsx.conftest import load_json

TEMPLATE = write_template(GHG_FORM, load_json("ghg/ghg-worked-examples.json"))
SHEETS = ("Thông tin chung", "Năm số liệu", "Nguồn thải", "Giải trình", "intake_template")

values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["1.234,5", "98.300", "=1/0", "=A1", "2022",
                                           "stationary_combustion", "years.year", "quantity",
                                           "kWh", "  ", "ghg-inventory", "2024.1"]),
    st.dates(min_value=dt.date(1900, 3, 1)),
)
edits = st.lists(st.tuples(st.sampled_from(SHEETS), st.integers(1, 12), st.integers(1, 30),
                           values), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits)
def test_mutated_cells_never_raise(changes):
    book = load_workbook(io.BytesIO(TEMPLATE))
    for sheet, row, col, value in changes:
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch.isprintable())  # XML-representable text
        book[sheet].cell(row=row, column=col).value = value
    out = io.BytesIO()
    book.save(out)
    outcome = check_workbook(out.getvalue(), today=dt.date(2026, 3, 1))
    assert isinstance(outcome["errors"], list)
    for error in outcome["errors"] + outcome["warnings"]:
        assert {"path", "cell", "code", "message", "message_vi", "severity"} <= error.keys()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(TEMPLATE) - 1), st.integers(0, 255)),
                min_size=1, max_size=20))
def test_damaged_bytes_never_raise(damage):
    data = bytearray(TEMPLATE)
    for position, byte in damage:
        data[position] = byte
    outcome = check_workbook(bytes(data), today=dt.date(2026, 3, 1))
    assert outcome["readable"] or outcome["errors"][0]["code"].startswith("xlsx_")
