"""Realistic declarations of two facilities of the register are valid, and their totals are
the sums a reviewer would work out by hand."""
from decimal import Decimal

import pytest

from forms.declaration import DECLARATION_FORM
from forms.library import load_obliged_facilities
from intake.domain.declaration import TOTAL_KEYS, evaluate, fuel_energy
from tests.unit.declaration.conftest import EXAMPLES, TODAY, load


@pytest.mark.parametrize("name", EXAMPLES)
def test_realistic_declarations_are_valid_without_warnings(name):
    result = evaluate(load(name), today=TODAY)
    assert result["valid"] is True
    assert result["errors"] == [] and result["warnings"] == []
    assert result["form"] == "env-declaration" and result["year"] == 2025
    assert set(result["totals"]) == set(TOTAL_KEYS)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_are_facilities_of_the_register(name):
    facility = load(name)["facility"]
    register = {(f.name, f.commune_code) for f in load_obliged_facilities()}
    assert (facility["name"], facility["commune_code"]) in register


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_fill_every_section_of_the_form(name):
    document = load(name)
    for key in ("permits", "products", "materials", "energy", "water", "wastewater",
                "air_emissions", "solid_waste", "hazardous_waste", "plastics"):
        assert document[key], key
    assert {e.path.split("[")[0].split(".")[0] for e in DECLARATION_FORM.fields()} >= set(document)


def test_totals_of_the_paper_mill():
    totals = evaluate(load("paper-mill-2025"), today=TODAY)["totals"]
    # 8,200 t anthracite × 26.7 TJ/Gg + 120 t diesel oil × 43.0 TJ/Gg (IPCC 2006 NCVs)
    anthracite_tj = Decimal("8.2") * Decimal("26.7")
    assert totals["energy_tj"] == anthracite_tj + Decimal("0.12") * Decimal("43.0")
    # Anthracite has no MOIT row: from TJ at 41.868 GJ/TOE; diesel oil 1.02 TOE/t (MOIT);
    # electricity 0.0001543 TOE/kWh.
    fuels_toe = anthracite_tj * 1000 / Decimal("41.868") + 120 * Decimal("1.02")
    assert totals["fuel_energy_toe"] == fuels_toe
    assert totals["electricity_toe"] == Decimal("31500000") * Decimal("0.0001543")
    assert totals["energy_toe"] == fuels_toe + totals["electricity_toe"]
    assert totals["electricity_mwh"] == 31500
    assert totals["wastewater_m3_per_day"] == 1650 + 35
    # 1,650 m3/day × 330 days declared + 35 m3/day × the 300 days assumed
    assert totals["wastewater_m3_per_year"] == 1650 * 330 + 35 * 300
    assert totals["solid_waste_kg"] == 1850000 + 95000
    assert totals["hazardous_waste_kg"] == 120 + 950
    assert all(isinstance(v, Decimal) for v in totals.values())


def test_totals_of_the_brewery():
    totals = evaluate(load("brewery-2025"), today=TODAY)["totals"]
    # 2,100 t residual fuel oil × 40.4 TJ/Gg + 150 t LPG × 47.3 TJ/Gg
    assert totals["energy_tj"] == Decimal("2.1") * Decimal("40.4") + Decimal("0.15") * Decimal("47.3")
    assert totals["fuel_energy_toe"] == 2100 * Decimal("0.99") + 150 * Decimal("1.09")
    assert totals["water_supply_m3"] == 780000
    assert totals["plastic_packaging_kg"] == 86000


def test_fuel_energy_converts_mass_energy_and_volume_units():
    assert fuel_energy("diesel_oil", Decimal(1000), "kg").tj == fuel_energy("diesel_oil", Decimal(1), "t").tj
    in_gj = fuel_energy("diesel_oil", Decimal(2000), "GJ")
    assert in_gj.tj == 2 and in_gj.tonnes is None
    by_volume = fuel_energy("diesel_oil", Decimal(1), "1000 L")
    assert by_volume.toe == Decimal("0.88") and by_volume.tj is None  # MOIT row by volume
    with_density = fuel_energy("diesel_oil", Decimal(1000), "L", density_kg_per_l=Decimal("0.84"))
    assert with_density.tonnes == Decimal("0.84") and with_density.tj == Decimal("0.00084") * 43


def test_a_fuel_by_volume_without_density_is_warned_not_silently_dropped():
    document = load("paper-mill-2025")
    document["energy"]["fuels"].append({"fuel": "anthracite", "quantity": "50", "unit": "m3"})
    result = evaluate(document, today=TODAY)
    assert result["valid"]
    [warning] = result["warnings"]
    assert warning["code"] == "fuel_energy_not_converted" and warning["path"] == "energy.fuels[2].quantity"
    document["energy"]["fuels"][2]["density_kg_per_l"] = "0.9"
    assert evaluate(document, today=TODAY)["warnings"] == []
