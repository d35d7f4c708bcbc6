"""The environmental declaration: realistic declarations pass, every bad field is named with a
Vietnamese message, implausible data and disagreements with the GHG inventory are warned of."""
import copy
import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain.declaration import compare_with_ghg, evaluate, fuel_energy

DATA = Path(__file__).resolve().parents[2] / "data" / "declaration"
TODAY = dt.date(2026, 1, 20)


def load(name):
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["paper-mill-2025", "brewery-2025"])
def test_realistic_declarations_are_valid(name):
    result = evaluate(load(name), today=TODAY)
    assert result["valid"] and result["errors"] == [] and result["warnings"] == []


def test_totals_of_the_paper_mill():
    totals = evaluate(load("paper-mill-2025"), today=TODAY)["totals"]
    # 8,200 t anthracite × 26.7 TJ/Gg + 120 t diesel × 43.0 TJ/Gg
    assert totals["energy_tj"] == Decimal("8.2") * Decimal("26.7") + Decimal("0.12") * Decimal("43.0")
    # electricity 31.5 GWh × 0.0001543 TOE/kWh; diesel 120 t × 1.02 TOE/t (MOIT table);
    # anthracite has no MOIT row: 218.94 TJ... from TJ at 41.868 GJ/TOE
    anthracite_toe = Decimal("8.2") * Decimal("26.7") * 1000 / Decimal("41.868")
    expected = Decimal("31500000") * Decimal("0.0001543") + Decimal(120) * Decimal("1.02") + anthracite_toe
    assert totals["energy_toe"] == pytest.approx(expected, rel=Decimal("1e-12"))
    assert totals["wastewater_m3_per_year"] == Decimal(1650 * 330 + 35 * 300)
    assert totals["hazardous_waste_kg"] == Decimal(1070)
    assert totals["solid_waste_kg"] == Decimal(1945000)


def test_fuel_energy_units_convert_both_ways():
    assert fuel_energy("diesel_oil", Decimal(1000), "kg")[0] == fuel_energy("diesel_oil", Decimal(1), "t")[0]
    tj, toe = fuel_energy("diesel_oil", Decimal(2000), "GJ")
    assert tj == Decimal(2)
    assert fuel_energy("diesel_oil", Decimal(1), "1000 L")[1] == Decimal("0.88")  # MOIT row by volume


def broken(change):
    document = load("paper-mill-2025")
    change(document)
    return {(e["path"], e["code"]): e for e in evaluate(document, today=TODAY)["errors"]}


@pytest.mark.parametrize("change, path, code", [
    (lambda d: d["facility"].update(tax_code="0100112438"), "facility.tax_code", "tax_code_check_digit"),
    (lambda d: d["facility"].update(tax_code="01001"), "facility.tax_code", "tax_code_format"),
    (lambda d: d["facility"].update(commune_code="99999"), "facility.commune_code", "commune_not_in_hanoi"),
    (lambda d: d["products"][0].update(quantity="-1"), "products[0].quantity", "negative"),
    (lambda d: d["products"][0].update(unit="bao"), "products[0].unit", "unknown_choice"),
    (lambda d: d["energy"]["fuels"][0].update(unit="cái"), "energy.fuels[0].unit", "unknown_choice"),
    (lambda d: d["energy"]["fuels"][0].update(fuel="uranium"), "energy.fuels[0].fuel", "unknown_choice"),
    (lambda d: d["hazardous_waste"][0].update(code="160106"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d["hazardous_waste"][0].update(code="16-01-06"), "hazardous_waste[0].code", "hazardous_waste_code"),
    (lambda d: d.update(year=2026), "year", "year_not_ended"),
    (lambda d: d["water"].update(supply_m3="nhiều"), "water.supply_m3", "not_a_number"),
    (lambda d: d["water"].update(supply_m3=float("nan")), "water.supply_m3", "not_finite"),
    (lambda d: d["water"].update(supply_m3="Infinity"), "water.supply_m3", "not_finite"),
    (lambda d: d["solid_waste"].update(domestic_kg=True), "solid_waste.domestic_kg", "wrong_type"),
    (lambda d: d["permits"][0].update(date="10/05/2024"), "permits[0].date", "invalid_date"),
    (lambda d: d.update(wastewater={"stream": "industrial"}), "wastewater", "wrong_type"),
])
def test_every_bad_field_is_named_with_a_vietnamese_message(change, path, code):
    errors = broken(change)
    assert (path, code) in errors, sorted(errors)
    assert errors[(path, code)]["message_vi"] and errors[(path, code)]["message_vi"] != errors[(path, code)]["message"]


def warnings_of(document, **kwargs):
    return {w["code"]: w for w in evaluate(document, today=TODAY, **kwargs)["warnings"]}


def test_wastewater_above_the_water_used_is_warned():
    document = load("paper-mill-2025")
    document["water"]["supply_m3"] = "400000"  # 1650 m3/day × 330 days + 35 m3/day × 300 days
    warning = warnings_of(document)["wastewater_above_supply"]
    assert warning["path"] == "wastewater" and "555000" in warning["message_vi"]


def test_hazardous_waste_without_a_handler_is_warned():
    document = load("brewery-2025")
    document["hazardous_waste"][0]["handler"] = ""
    assert warnings_of(document)["hazardous_waste_without_handler"]["path"] == "hazardous_waste[0].handler"


def test_a_quantity_far_from_last_years_is_warned():
    previous = load("paper-mill-2025")
    previous["year"] = 2024
    previous["energy"]["electricity_kwh"] = "10000000"
    assert warnings_of(load("paper-mill-2025"), previous=previous)["declaration_large_change"]["path"] \
        == "energy.electricity_kwh"


def ghg_inventory(electricity_mwh, anthracite_t, unit="MWh"):
    return {"years": [{"year": 2025, "sources": [
        {"id": "E", "category": "purchased_electricity", "supply": "grid", "quantity": electricity_mwh, "unit": unit},
        {"id": "C", "category": "stationary_combustion", "sector": "manufacturing", "fuel": "anthracite",
         "quantity": anthracite_t, "unit": "t"}]}]}


def test_the_declaration_agrees_with_the_ghg_inventory_within_ten_percent():
    declaration = load("paper-mill-2025")
    # 31,500,000 kWh declared = 31,500 MWh inventoried: the kWh/MWh trap is converted away.
    assert compare_with_ghg(declaration, ghg_inventory("31500", "8200")) == []
    assert compare_with_ghg(declaration, ghg_inventory("31500000", "8200", unit="kWh")) == []
    assert compare_with_ghg(declaration, ghg_inventory("30000", "7600")) == []  # within 10 %


def test_a_difference_over_ten_percent_is_warned_naming_both_values():
    declaration = load("paper-mill-2025")
    problems = {p.path: p for p in compare_with_ghg(declaration, ghg_inventory("25000", "8200000", ))}
    electricity = problems["energy.electricity_kwh"]
    assert electricity.code == "energy_mismatch_ghg" and electricity.severity == "warning"
    assert "31500 MWh" in electricity.message_vi and "25000 MWh" in electricity.message_vi
    assert "energy.fuels[0].quantity" in problems  # 8,200 t declared vs 8,200,000 t inventoried


def test_consistency_warnings_come_through_evaluate():
    warnings = warnings_of(load("paper-mill-2025"), ghg_document=ghg_inventory("20000", "8200"))
    assert "energy_mismatch_ghg" in warnings


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_gives_a_result_document(value):
    result = evaluate(value, today=TODAY)
    assert {"valid", "errors", "warnings", "totals"} <= set(result)
    assert all({"path", "code", "message", "message_vi"} <= set(e) for e in result["errors"])


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["products", "energy", "water", "wastewater", "solid_waste", "hazardous_waste",
                        "facility", "year", "plastics"]), json_values)
def test_any_section_replaced_by_garbage_never_crashes(section, value):
    document = load("brewery-2025")
    document[section] = value
    result = evaluate(document, today=TODAY)
    assert isinstance(result["valid"], bool)


def run(*args):
    return subprocess.run([sys.executable, "-m", "intake", "declaration", "validate", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_command_line(tmp_path):
    valid = run(str(DATA / "brewery-2025.json"))
    assert valid.returncode == 0, valid.stderr
    body = json.loads(valid.stdout)
    assert body["valid"] and float(body["totals"]["water_supply_m3"]) == 780000
    bad = load("brewery-2025")
    bad["hazardous_waste"][0]["code"] = "18 2 1"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    invalid = run(str(tmp_path / "bad.json"))
    assert invalid.returncode == 1
    assert json.loads(invalid.stdout)["errors"][0]["path"] == "hazardous_waste[0].code"
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    for target in (tmp_path / "broken.json", tmp_path / "missing.json", tmp_path):
        unreadable = run(str(target))
        assert unreadable.returncode == 2 and "Traceback" not in unreadable.stderr
        assert json.loads(unreadable.stdout)["valid"] is False
