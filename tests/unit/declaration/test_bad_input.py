"""Every bad field is named by its path, with its rule code and a Vietnamese message."""
import datetime as dt

import pytest

from intake.domain.declaration import evaluate
from tests.unit.declaration.conftest import TODAY, load

VIETNAMESE = set("ăâđêôơưàáảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵ")


def errors_of(change, name="paper-mill-2025", today=TODAY):
    document = load(name)
    change(document)
    result = evaluate(document, today=today)
    assert result["valid"] is False
    return {(e["path"], e["code"]): e for e in result["errors"]}


@pytest.mark.parametrize(("change", "path", "code"), [
    (lambda d: d["facility"].update(tax_code="0100112438"), "facility.tax_code", "tax_code_check_digit"),
    (lambda d: d["facility"].update(tax_code="01001"), "facility.tax_code", "tax_code_format"),
    (lambda d: d["facility"].update(commune_code="99999"), "facility.commune_code", "commune_not_in_hanoi"),
    # 26734: a code in Ho Chi Minh City's range of the national list, not a Hanoi one
    (lambda d: d["facility"].update(commune_code="26734"), "facility.commune_code", "commune_not_in_hanoi"),
    (lambda d: d["products"][0].update(quantity="-1"), "products[0].quantity", "negative"),
    (lambda d: d["energy"].update(electricity_kwh=-5), "energy.electricity_kwh", "negative"),
    (lambda d: d["hazardous_waste"][1].update(quantity_kg="-950"), "hazardous_waste[1].quantity_kg", "negative"),
    (lambda d: d["wastewater"][0].update(volume_m3_per_day="-1650"), "wastewater[0].volume_m3_per_day", "negative"),
    (lambda d: d["products"][0].update(unit="bao"), "products[0].unit", "unknown_choice"),
    (lambda d: d["energy"]["fuels"][0].update(unit="cái"), "energy.fuels[0].unit", "unknown_choice"),
    (lambda d: d["energy"]["fuels"][0].update(unit="MWh"), "energy.fuels[0].unit", "unknown_choice"),
    (lambda d: d["energy"]["fuels"][0].update(fuel="uranium"), "energy.fuels[0].fuel", "unknown_choice"),
    (lambda d: d["hazardous_waste"][0].update(code="160106"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d["hazardous_waste"][0].update(code="16-01-06"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d["hazardous_waste"][0].update(code="16 01 06 01"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d["hazardous_waste"][0].update(code="A6 01 06"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d.update(year=2026), "year", "year_not_ended"),
    (lambda d: d.update(year="2026"), "year", "year_not_ended"),
    (lambda d: d.update(year=2025.5), "year", "wrong_type"),
    (lambda d: d.update(form="ghg-inventory"), "form", "wrong_form"),
    (lambda d: d.update(form_version="2019.1"), "form_version", "unknown_form_version"),
    (lambda d: d["water"].update(supply_m3="nhiều"), "water.supply_m3", "not_a_number"),
    (lambda d: d["water"].update(supply_m3="620.000,5"), "water.supply_m3", "number_format"),
    (lambda d: d["water"].update(supply_m3=float("nan")), "water.supply_m3", "not_finite"),
    (lambda d: d["water"].update(supply_m3=float("inf")), "water.supply_m3", "not_finite"),
    (lambda d: d["water"].update(supply_m3="Infinity"), "water.supply_m3", "not_finite"),
    (lambda d: d["water"].update(supply_m3="NaN"), "water.supply_m3", "not_finite"),
    (lambda d: d["solid_waste"].update(domestic_kg=True), "solid_waste.domestic_kg", "wrong_type"),
    (lambda d: d["solid_waste"].update(domestic_kg=[95000]), "solid_waste.domestic_kg", "wrong_type"),
    (lambda d: d["materials"][0].update(hazardous="không"), "materials[0].hazardous", "wrong_type"),
    (lambda d: d["facility"].update(employees="350 người"), "facility.employees", "wrong_type"),
    (lambda d: d["permits"][0].update(date="10/05/2024"), "permits[0].date", "invalid_date"),
    (lambda d: d.update(wastewater={"stream": "industrial"}), "wastewater", "wrong_type"),
    (lambda d: d.update(energy=[]), "energy", "wrong_type"),
    (lambda d: d["wastewater"][0].pop("volume_m3_per_day"), "wastewater[0].volume_m3_per_day", "blank_quantity"),
    (lambda d: d["hazardous_waste"][0].update(quantity_kg=""), "hazardous_waste[0].quantity_kg", "blank_quantity"),
    (lambda d: d["facility"].pop("tax_code"), "facility.tax_code", "required"),
    (lambda d: d.pop("facility"), "facility", "required"),
    (lambda d: d["energy"].update(electricity_mwh="31500"), "energy.electricity_mwh", "unknown_field"),
    (lambda d: d["air_emissions"].append({"stack_id": "K1"}), "air_emissions[1].stack_id", "duplicate_key"),
    (lambda d: d["water"].update(sources=["groundwater", "giếng khoan"]), "water.sources", "unknown_choice"),
])
def test_every_bad_field_is_named_with_a_vietnamese_message(change, path, code):
    errors = errors_of(change)
    assert (path, code) in errors, sorted(errors)
    error = errors[(path, code)]
    assert error["message_vi"] != error["message"]
    assert VIETNAMESE & set(error["message_vi"].lower()), error["message_vi"]


def test_the_year_has_ended_only_from_the_first_of_january():
    document = load("brewery-2025")
    assert evaluate(document, today=dt.date(2025, 12, 31))["errors"][0]["code"] == "year_not_ended"
    assert evaluate(document, today=dt.date(2026, 1, 1))["valid"] is True


def test_several_bad_fields_are_all_reported_at_once_and_later_rows_keep_their_index():
    errors = errors_of(lambda d: (d["hazardous_waste"][0].update(code="1601"),
                                  d["hazardous_waste"][1].update(quantity_kg="-1"),
                                  d["facility"].update(tax_code="0100112438")))
    assert {path for path, _ in errors} == {
        "hazardous_waste[0].code", "hazardous_waste[1].quantity_kg", "facility.tax_code"}


def test_a_bad_value_counts_for_nothing_in_the_totals():
    document = load("paper-mill-2025")
    document["hazardous_waste"][1]["quantity_kg"] = "-950"
    assert evaluate(document, today=TODAY)["totals"]["hazardous_waste_kg"] == 120


@pytest.mark.parametrize("document", [None, [], "text", 42, [{"form": "env-declaration"}]])
def test_a_document_that_is_not_an_object(document):
    result = evaluate(document, today=TODAY)
    assert result["valid"] is False
    assert result["errors"][0]["code"] == "document_not_object" and result["errors"][0]["path"] == ""
