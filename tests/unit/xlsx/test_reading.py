"""What people really do to a workbook, and the unit traps of calculation.md, through Excel."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from exporters.xlsx import read_workbook, write_template
from exporters.xlsx.layout import FIRST_DATA_ROW, KEY_ROW, META_SHEET
from forms.ghg import GHG_FORM
from intake.services.xlsx_intake import check_workbook
from tests.unit.xlsx.conftest import SOURCES_SHEET, source_cell, source_column

TODAY = dt.date(2026, 3, 1)


def quantities(document):
    return [Decimal(s["quantity"]) for y in document["years"] for s in y["sources"]]


def set_cells(edit, data, sheet, values):
    def change(book):
        for coordinate, value in values.items():
            book[sheet][coordinate].value = value
            if isinstance(value, str) and not value.startswith("="):
                book[sheet][coordinate].data_type = "s"  # typed as text, as people do
    return edit(data, change)


def test_vietnamese_numbers_typed_as_text(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {
        source_cell("quantity", 0): "1.234,5", source_cell("quantity", 1): "12.000",
        source_cell("quantity", 2): "98.300 "})
    read = read_workbook(data, language="vi")
    assert quantities(read.document)[:3] == [Decimal("1234.5"), Decimal("12000"),
                                             Decimal("98300")]


def test_english_notation_when_asked(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {
        source_cell("quantity", 0): "1,234.5", source_cell("quantity", 1): "12,000",
        source_cell("quantity", 2): "98.300"})
    read = read_workbook(data, language="en")
    assert quantities(read.document)[:3] == [Decimal("1234.5"), Decimal("12000"),
                                             Decimal("98.3")]


def _line_total(edit, workbook, quantity, unit, line=0):
    data = set_cells(edit, workbook, SOURCES_SHEET, {source_cell("quantity", line): quantity,
                                                     source_cell("unit", line): unit})
    outcome = check_workbook(data, today=TODAY)
    assert outcome["errors"] == [], outcome["errors"]
    return Decimal(outcome["result"]["years"]["2022"]["total_tco2e"])


def test_kilograms_and_tonnes_through_excel(edit, worked_workbook):
    assert _line_total(edit, worked_workbook, 1_000_000, "kg") == \
        _line_total(edit, worked_workbook, 1000, "t")


def test_kilowatt_hours_and_megawatt_hours_through_excel(edit, worked_workbook):
    in_kwh = _line_total(edit, worked_workbook, "1.000.000", "kWh", line=3)
    in_mwh = _line_total(edit, worked_workbook, 1000, "MWh", line=3)
    assert in_kwh == in_mwh
    assert _line_total(edit, worked_workbook, 1000, "kWh", line=3) < in_mwh


def test_a_blank_quantity_is_not_zero(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {source_cell("quantity", 2): None})
    errors = check_workbook(data, today=TODAY)["errors"]
    assert [(e["code"], e["cell"]) for e in errors] == [
        ("blank_quantity", f"{SOURCES_SHEET}!{source_cell('quantity', 2)}")]


def test_a_bad_cell_is_named_by_its_own_address(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {source_cell("quantity", 3): "abc"})
    errors = check_workbook(data, today=TODAY)["errors"]
    assert [(e["code"], e["cell"]) for e in errors] == [
        ("not_a_number", f"{SOURCES_SHEET}!{source_column('quantity')}{FIRST_DATA_ROW + 3}")]
    assert errors[0]["message_vi"] and errors[0]["message"]
    assert errors[0]["path"] == "years[0].sources[3].quantity"


def test_moved_columns_blank_rows_extra_sheets_and_trailing_spaces(edit, worked_document,
                                                                   worked_workbook):
    def change(book):
        sheet = book[SOURCES_SHEET]
        # Swap the quantity and id columns, header and key rows included.
        q, i = source_column("quantity"), source_column("id")
        for row in range(2, sheet.max_row + 1):
            a, b = sheet[f"{q}{row}"], sheet[f"{i}{row}"]
            a.value, b.value = b.value, a.value
        sheet.insert_rows(FIRST_DATA_ROW + 1, amount=2)  # blank rows between lines
        sheet[f"{source_column('fuel')}{FIRST_DATA_ROW}"].value = "diesel_oil   "
        book.create_sheet("Ghi chú của tôi")["A1"] = "notes"
    read = read_workbook(edit(worked_workbook, change))
    assert read.errors == []
    assert [s["id"] for y in read.document["years"] for s in y["sources"]] == \
        [s["id"] for y in worked_document["years"] for s in y["sources"]]
    assert read.document["years"][0]["sources"][0]["fuel"] == "diesel_oil"
    assert quantities(read.document) == [Decimal(1000), Decimal(1000), Decimal(10000),
                                         Decimal(1000), Decimal(1000)]
    assert read.cell_for("years[0].sources[1].quantity") == \
        f"{SOURCES_SHEET}!{source_column('id')}{FIRST_DATA_ROW + 3}"


def test_columns_found_by_heading_without_the_key_row(edit, worked_workbook):
    def change(book):
        book[SOURCES_SHEET].delete_rows(KEY_ROW)
    read = read_workbook(edit(worked_workbook, change))
    assert read.errors == []
    assert len(quantities(read.document)) == 5


def test_labels_accepted_for_codes(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {
        source_cell("category", 0): "Đốt nhiên liệu tĩnh"})
    assert read_workbook(data).document["years"][0]["sources"][0]["category"] == \
        "stationary_combustion"


def test_formula_without_saved_value_names_its_cell(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET,
                     {source_cell("quantity", 1): "=500*2"})
    outcome = check_workbook(data, today=TODAY)
    assert [(e["code"], e["cell"]) for e in outcome["errors"]] == [
        ("xlsx_formula_without_value", f"{SOURCES_SHEET}!{source_cell('quantity', 1)}")]


def test_source_line_of_an_unknown_year(edit, worked_workbook):
    data = set_cells(edit, worked_workbook, SOURCES_SHEET, {source_cell("years.year", 4): 2019})
    errors = check_workbook(data, today=TODAY)["errors"]
    assert [(e["code"], e["cell"]) for e in errors] == [
        ("xlsx_unknown_parent", f"{SOURCES_SHEET}!{source_cell('years.year', 4)}")]


def test_a_missing_required_column_is_one_problem(edit, worked_workbook):
    def change(book):
        sheet = book[SOURCES_SHEET]
        column = source_column("quantity")
        for row in range(1, sheet.max_row + 1):
            sheet[f"{column}{row}"].value = None
    errors = check_workbook(edit(worked_workbook, change), today=TODAY)["errors"]
    assert [e["code"] for e in errors] == ["xlsx_missing_column"]


def test_old_and_unknown_templates_are_named(edit, worked_workbook):
    old = edit(worked_workbook, lambda book: setattr(book[META_SHEET]["B2"], "value", "2024.1"))
    read = read_workbook(old)
    assert read.template_status == "old"
    assert [e["code"] for e in read.errors] == ["xlsx_old_template"]
    assert "2024.1" in read.errors[0]["message"]

    def strip(book):
        for name in book.sheetnames[1:]:
            del book[name]
        book.active["A1"] = "x"
    unknown = read_workbook(edit(worked_workbook, strip))
    assert unknown.template_status == "unknown"
    assert [e["code"] for e in unknown.errors] == ["xlsx_unknown_template"]


def test_modified_template_is_still_read(edit, worked_workbook):
    read = read_workbook(edit(worked_workbook, lambda book: setattr(
        book[META_SHEET]["B4"], "value", "0" * 64)))
    assert read.template_status == "modified"
    assert read.errors == []


def test_template_has_the_promised_structure():
    from io import BytesIO

    from openpyxl import load_workbook
    book = load_workbook(BytesIO(write_template(GHG_FORM)))
    assert book.sheetnames[0] == "Hướng dẫn"
    assert {"Thông tin chung", "Năm số liệu", SOURCES_SHEET, "Danh mục", META_SHEET} <= \
        set(book.sheetnames)
    assert book["Danh mục"].sheet_state == "hidden"
    assert book[META_SHEET].sheet_state == "hidden"
    sources = book[SOURCES_SHEET]
    assert sources.protection.sheet
    assert sources["A2"].protection.locked
    header = sources[source_cell("quantity", 0).replace(str(FIRST_DATA_ROW), "2")].value
    assert header.startswith("Số liệu hoạt động *\nActivity data")
    lists = {dv.formula1 for dv in sources.data_validations.dataValidation}
    assert any(f.startswith("'Danh mục'!") for f in lists)


def test_text_is_never_a_formula_in_the_template(worked_document):
    worked_document["facility"]["name"] = '=HYPERLINK("http://x")'
    read = read_workbook(write_template(GHG_FORM, worked_document))
    assert read.document["facility"]["name"] == '=HYPERLINK("http://x")'
    assert read.errors == []
