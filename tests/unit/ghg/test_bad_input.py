"""Bad documents are refused with a path, a stable code and a Vietnamese message."""
from __future__ import annotations

import copy

import pytest

from tests.unit.ghg.conftest import diesel, document, grid
from tests.unit.ghg.helpers import codes, run

LINE = "years[0].sources[0]"


def _with(doc, mutate):
    doc = copy.deepcopy(doc)
    mutate(doc)
    return doc


def _line(**changes):
    return document(diesel(**changes))


CASES = [
    ("negative", _line(quantity="-5"), f"{LINE}.quantity", "negative"),
    ("negative number", _line(quantity=-5), f"{LINE}.quantity", "negative"),
    ("non-numeric", _line(quantity="nhiều"), f"{LINE}.quantity", "not_a_number"),
    ("NaN string", _line(quantity="NaN"), f"{LINE}.quantity", "not_finite"),
    ("NaN float", _line(quantity=float("nan")), f"{LINE}.quantity", "not_finite"),
    ("infinite", _line(quantity=float("inf")), f"{LINE}.quantity", "not_finite"),
    ("Infinity string", _line(quantity="-Infinity"), f"{LINE}.quantity", "not_finite"),
    ("huge", _line(quantity="1e400"), f"{LINE}.quantity", "out_of_range"),
    ("boolean", _line(quantity=True), f"{LINE}.quantity", "wrong_type"),
    ("list", _line(quantity=[1]), f"{LINE}.quantity", "wrong_type"),
    ("unknown fuel", _line(fuel="dau_an"), f"{LINE}.fuel", "unknown_choice"),
    ("unknown category", document({"category": "magic", "quantity": "1", "unit": "t"}),
     f"{LINE}.category", "unknown_choice"),
    ("unknown unit", _line(unit="tonnes"), f"{LINE}.unit", "unknown_choice"),
    ("unknown sector", _line(sector="household"), f"{LINE}.sector", "unknown_choice"),
    ("unknown gas", document({"category": "refrigerant", "gas": "R-999", "quantity": "1",
                              "unit": "kg"}), f"{LINE}.gas", "unknown_choice"),
    ("wrong dimension", document(grid(unit="t")), f"{LINE}.unit", "unit_wrong_dimension"),
    ("refrigerant in kWh", document({"category": "refrigerant", "gas": "HFC-134a",
                                     "quantity": "1", "unit": "kWh"}),
     f"{LINE}.unit", "unit_wrong_dimension"),
    ("year not ended", document(diesel(), year=2026), "years[0].year", "year_not_ended"),
    ("override without source", _line(ncv_tj_per_gg="43.3"), f"{LINE}.ef_source",
     "override_without_source"),
    ("tax code check digit", _with(_line(), lambda d: d["facility"].update(
        tax_code="0100112438")), "facility.tax_code", "tax_code_check_digit"),
    ("tax code format", _with(_line(), lambda d: d["facility"].update(tax_code="01-0011")),
     "facility.tax_code", "tax_code_format"),
    ("commune outside Hanoi", _with(_line(), lambda d: d["facility"].update(
        commune_code="26734")), "facility.commune_code", "commune_not_in_hanoi"),
    ("unknown GWP set", document(diesel(), gwp_set="SAR"), "gwp_set", "unknown_choice"),
    ("missing fuel", document({"category": "stationary_combustion", "sector": "energy",
                               "quantity": "1", "unit": "t"}), f"{LINE}.fuel", "required"),
    ("misspelt key", _line(quantiy="5"), f"{LINE}.quantiy", "unknown_field"),
    # "²" is a digit (`isdigit`) that `int` refuses: read as a row index it was a 500.
    ("key of a superscript digit", _line(**{"²": "5"}), f"{LINE}.²", "unknown_field"),
    ("wrong form", _with(_line(), lambda d: d.update(form="env-declaration")), "form",
     "wrong_form"),
    ("unknown form version", _with(_line(), lambda d: d.update(form_version="2020.1")),
     "form_version", "unknown_form_version"),
    ("no years", _with(_line(), lambda d: d.update(years=[])), "years", "too_few_rows"),
    ("three years", _with(_line(), lambda d: d.update(years=[
        {"year": y, "sources": []} for y in (2022, 2023, 2024)])), "years", "too_many_rows"),
    ("duplicate line id", document(diesel(id="A"), diesel(id="A")), "years[0].sources[1].id",
     "duplicate_key"),
    ("year as text", _with(_line(), lambda d: d["years"][0].update(year="năm ngoái")),
     "years[0].year", "wrong_type"),
    ("line not an object", _with(_line(), lambda d: d["years"][0]["sources"].append(7)),
     "years[0].sources[1]", "wrong_type"),
    ("facility missing", _with(_line(), lambda d: d.pop("facility")), "facility", "required"),
]


@pytest.mark.parametrize(("name", "doc", "path", "code"), CASES, ids=[c[0] for c in CASES])
def test_bad_document_is_refused_at_its_path(name, doc, path, code):
    result = run(doc)
    assert result["valid"] is False
    assert (path, code) in codes(result), result["errors"]
    error = next(e for e in result["errors"] if (e["path"], e["code"]) == (path, code))
    assert error["message"] and error["message_vi"]
    assert error["message"] != error["message_vi"]


def test_all_problems_are_collected_in_one_pass():
    doc = document(diesel("-1"), grid(unit="t"), {"category": "refrigerant", "gas": "X",
                                                   "quantity": "abc", "unit": "kg"})
    doc["facility"]["commune_code"] = "99999"
    assert len(run(doc)["errors"]) == 5


@pytest.mark.parametrize("value", [None, 7, "text", [], [1, 2]])
def test_a_document_that_is_not_an_object(value):
    result = run(value)
    assert codes(result) == [("", "document_not_object")]
