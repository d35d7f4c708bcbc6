"""Formula-like text stays text when an exported workbook is saved as CSV (OWASP "CSV
injection"): the stored value carries the guard, since a cell's type or quotePrefix does not
survive the conversion. Real workbooks, written, read back with openpyxl and pandas, converted."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from exporters.spreadsheet_safety import guarded, is_risky_text
from exporters.statistics_workbook import Breakdown, StatisticsData, write_statistics_workbook
from exporters.table_workbook import Column, SheetTable, write_tables
from exporters.xlsx import read_workbook, write_template
from forms.ghg import GHG_FORM
from forms.types import FORMULA_TRIGGERS

HOSTILE = ['=HYPERLINK("http://evil.example","Bấm vào")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1", "＠SUM(A1)"]


def csv_of(data: bytes) -> list[list[str]]:
    """Every sheet as Excel's "Save as CSV" writes it (the cell values as text), parsed back."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows: list[list[str]] = []
    for sheet in book.worksheets:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(["" if v is None else v for v in row]
                                     for row in sheet.iter_rows(values_only=True))
        rows += csv.reader(io.StringIO(buffer.getvalue()))
    return rows


def pandas_csv_of(data: bytes) -> list[list[str]]:
    rows: list[list[str]] = []
    for frame in pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object,
                                 engine="calamine").values():
        # Every field quoted, as a spreadsheet's "Save as CSV" quotes one holding a line break:
        # pandas 3 leaves a lone carriage return unquoted, a CSV no spreadsheet writes.
        text = frame.to_csv(index=False, header=False, quoting=csv.QUOTE_ALL)
        rows += csv.reader(io.StringIO(text, newline=""))
    return rows


def live_fields(rows: list[list[str]]) -> list[str]:
    return [value for row in rows for value in row if is_risky_text(value)]


def statistics(names: list[str]) -> bytes:
    rows = [{"facility": name, "commune": "Phường Hoàn Kiếm", "total_tco2e": Decimal("-12.5"),
             "energy_tj": Decimal("1.2345678901234567"), "energy_toe": Decimal("0"), "facilities": 1}
            for name in names]
    return write_statistics_workbook(StatisticsData(
        year=2025, summary=[("Tổng phát thải", Decimal("3196.749"), "tCO2e")],
        breakdowns=[Breakdown("Cơ sở", "Theo cơ sở", (("Cơ sở", "facility"), ("Phường, xã", "commune")), rows)],
        compliance_columns=("STT", "Cơ sở", "Trạng thái"),
        compliance_rows=[(i + 1, name, "=accepted") for i, name in enumerate(names)],
        dictionary=[("-tCO2e", "tấn CO2 tương đương", "t")]))


@pytest.mark.parametrize("convert", [csv_of, pandas_csv_of], ids=["openpyxl", "pandas"])
def test_the_statistics_workbook_saved_as_csv_has_no_live_formula(convert):
    data = statistics(HOSTILE)
    rows = convert(data)
    assert live_fields(rows) == []
    text = [value for row in rows for value in row]
    for name in HOSTILE:  # (an XML reader may turn a carriage return into a line feed)
        assert "'" + name in text or "'" + name.replace("\r", "\n") in text


def test_the_guard_is_in_the_stored_value_and_numbers_stay_numbers():
    book = openpyxl.load_workbook(io.BytesIO(statistics(['=HYPERLINK("http://x","y")'])))
    sheet = book["Cơ sở"]
    name, commune, total, energy = (sheet.cell(row=3, column=c) for c in (1, 2, 3, 4))
    assert name.value == '\'=HYPERLINK("http://x","y")' and name.data_type == "s"
    assert commune.value == "Phường Hoàn Kiếm"  # ordinary text untouched
    assert total.value == -12.5 and total.data_type == "n"  # a negative number is a number
    assert energy.value == "1.2345678901234567"  # exact decimal text, not guarded
    assert all(c.data_type != "f" for s in book for row in s.iter_rows() for c in row)


def test_a_table_workbook_saved_as_csv_has_no_live_formula():
    data = write_tables([SheetTable("Danh sách", [Column("Cơ sở"), Column("Số lượng")],
                                    [(name, -3) for name in HOSTILE], notes=["=note"])])
    rows = csv_of(data)
    assert live_fields(rows) == []
    assert ["'" + HOSTILE[0], "-3"] in rows  # the number exported as a number, unguarded


def test_a_filled_template_carries_the_guard_and_reads_back_exactly():
    document = {"form": "ghg-inventory", "form_version": GHG_FORM.version, "gwp_set": "AR5",
                "facility": {"tax_code": "0100112437", "name": HOSTILE[0], "address": "-Lô 4",
                             "commune_code": "00493"},
                "years": [{"year": 2025, "sources": [
                    {"id": "S1", "category": "purchased_electricity", "supply": "grid",
                     "quantity": "1000", "unit": "MWh", "description": "+cmd|' /C calc'!A0"}]}]}
    data = write_template(GHG_FORM, document)
    assert live_fields(csv_of(data)) == []
    read = read_workbook(data)
    assert read.document["facility"]["name"] == HOSTILE[0]
    assert read.document["facility"]["address"] == "-Lô 4"
    assert read.document["years"][0]["sources"][0]["description"] == "+cmd|' /C calc'!A0"


def test_what_is_guarded():
    assert all(is_risky_text(text) for text in HOSTILE)
    assert {text[0] for text in HOSTILE} <= set(FORMULA_TRIGGERS)
    assert not any(is_risky_text(text) for text in ("-12.5", "+3", "-1e5", "Nhà máy", "", "'=x"))
    assert guarded(-5) == -5 and guarded(None) is None and guarded("=1") == "'=1"
