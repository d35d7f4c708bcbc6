"""The "Giải trình" sheet of a draft's template lists the draft's current warnings by their
place and message in Vietnamese; the filer types a reason in Excel and the reader brings it
back as the acknowledgement of that warning (its path and code, hidden in the sheet)."""
from __future__ import annotations

import copy
import io
import re

from openpyxl import load_workbook

from exporters.xlsx import read_workbook, write_template
from exporters.xlsx.layout import FIRST_DATA_ROW, KEY_ROW
from forms.ghg import GHG_FORM
from intake.domain.acknowledgements import acknowledgements_of
from intake.domain.documents import evaluate
from intake.domain.workflow import FormKind

SHEET = "Giải trình"
SUPPLIER = {"id": "E9", "category": "purchased_electricity", "supply": "other", "quantity": "100",
            "unit": "MWh", "ef_tco2_per_mwh": "0.4"}  # a supplier's factor with no source: a warning
DIESEL = {"id": "D9", "category": "stationary_combustion", "sector": "manufacturing",
          "fuel": "diesel_oil", "quantity": "98.300", "unit": "t"}  # 98.3 or 98 300? a warning


def _draft(worked_document):
    document = copy.deepcopy(worked_document)
    document["years"][0]["sources"] += [copy.deepcopy(SUPPLIER), {**SUPPLIER, "id": "E8"}, copy.deepcopy(DIESEL)]
    warnings = evaluate(FormKind.GHG_INVENTORY, document)["warnings"]
    assert {w["code"] for w in warnings} == {"factor_without_source", "thousands_separator_suspected"}
    return document, warnings


def _columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[KEY_ROW] if cell.value}


def _visible_texts(sheet) -> list[str]:
    hidden = {letter for letter, d in sheet.column_dimensions.items() if d.hidden}
    return [str(cell.value) for row in sheet.iter_rows() for cell in row
            if cell.value is not None and cell.column_letter not in hidden
            and not sheet.row_dimensions[cell.row].hidden]


def test_each_warning_is_a_row_named_by_its_place(worked_document):
    document, warnings = _draft(worked_document)
    sheet = load_workbook(io.BytesIO(write_template(GHG_FORM, document, warnings)))[SHEET]
    columns = _columns(sheet)
    rows = [[sheet.cell(row=r, column=c).value for c in range(1, sheet.max_column + 1)]
            for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(warnings))]
    shown = [" | ".join(str(v) for v in row if v) for row in rows]
    assert any("Năm 2022 › Nguồn E9 › Nguồn của giá trị riêng" in text for text in shown), shown
    assert any("Năm 2022 › Nguồn E8 › Nguồn của giá trị riêng" in text for text in shown), shown
    assert any("Năm 2022 › Nguồn D9 › Số liệu hoạt động" in text and "98300" in text for text in shown), shown
    assert sheet.cell(row=FIRST_DATA_ROW + len(warnings), column=columns["path"]).value is None  # one row each
    # The machine's path and code sit in hidden columns; nothing visible names them.
    for key in ("path", "code"):
        assert sheet.column_dimensions[sheet.cell(row=1, column=columns[key]).column_letter].hidden
    visible = " ".join(_visible_texts(sheet))
    assert "years[" not in visible and "sources[" not in visible
    for warning in warnings:
        assert warning["code"] not in visible and warning["path"] not in visible


def test_a_reason_typed_in_excel_comes_back_as_the_warnings_acknowledgement(worked_document):
    document, warnings = _draft(worked_document)
    book = load_workbook(io.BytesIO(write_template(GHG_FORM, document, warnings)))
    sheet = book[SHEET]
    columns = _columns(sheet)
    supplier = next(w for w in warnings if w["code"] == "factor_without_source")
    assert supplier["path"] == "years[0].sources[4].ef_source"  # E9; E8 has the same code at [5]
    supplier_row = next(r for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(warnings))
                        if sheet.cell(row=r, column=columns["path"]).value == supplier["path"])
    sheet.cell(row=supplier_row, column=columns["reason"]).value = "Hệ số do EVN Hà Nội cung cấp"
    typed = io.BytesIO()
    book.save(typed)

    read = read_workbook(typed.getvalue())
    assert read.errors == []
    # Only the explained warning is acknowledged; the other row, left blank, is none.
    assert read.document["acknowledgements"] == [
        {"path": supplier["path"], "code": "factor_without_source", "reason": "Hệ số do EVN Hà Nội cung cấp"}]
    explained = acknowledgements_of(read.document)
    again = [(w["path"], w["code"]) for w in evaluate(FormKind.GHG_INVENTORY, read.document)["warnings"]]
    assert (supplier["path"], supplier["code"]) in again and (supplier["path"], supplier["code"]) in explained
    assert ("years[0].sources[5].ef_source", "factor_without_source") in again
    assert ("years[0].sources[5].ef_source", "factor_without_source") not in explained


def test_a_reason_already_given_is_kept_and_an_old_one_not_lost(worked_document):
    document, warnings = _draft(worked_document)
    supplier = next(w for w in warnings if w["code"] == "factor_without_source")
    document["acknowledgements"] = [
        {"path": supplier["path"], "code": supplier["code"], "reason": "Theo hợp đồng"},
        {"path": "years[0].sources[0].quantity", "code": "default_density", "reason": "Cũ"}]
    read = read_workbook(write_template(GHG_FORM, document, warnings))
    assert read.document["acknowledgements"] == document["acknowledgements"]
    assert not re.search(r"\[\d+\]", " ".join(_visible_texts(
        load_workbook(io.BytesIO(write_template(GHG_FORM, document, warnings)))[SHEET])))
