"""The declaration against the same facility's GHG inventory of the same year: units
converted, more than 10 % apart is a warning naming both documents' values."""
import pytest

from intake.domain.declaration import compare_with_ghg, evaluate
from tests.unit.declaration.conftest import TODAY, combustion, electricity, ghg_inventory, load


def by_path(problems):
    return {p.path: p for p in problems}


@pytest.mark.parametrize("inventory", [
    ghg_inventory(electricity("31500"), combustion("anthracite", "8200"), combustion("diesel_oil", "120")),
    # the kWh/MWh and kg/t traps are converted away
    ghg_inventory(electricity("31500000", "kWh"), combustion("anthracite", "8200000", "kg"),
                  combustion("diesel_oil", "120000", "kg")),
    ghg_inventory(electricity("31.5", "GWh"), combustion("anthracite", "4100"), combustion("anthracite", "4100"),
                  combustion("diesel_oil", "5.16", "TJ")),  # 120 t × 43.0 TJ/Gg
    # within 10 % of the inventory's value
    ghg_inventory(electricity("29000"), combustion("anthracite", "7500"), combustion("diesel_oil", "130")),
])
def test_agreeing_documents_give_no_warning(inventory):
    assert compare_with_ghg(load("paper-mill-2025"), inventory) == []


def test_electricity_in_kwh_against_mwh_over_ten_percent_names_both_values():
    inventory = ghg_inventory(electricity("25000"), combustion("anthracite", "8200"), combustion("diesel_oil", "120"))
    [warning] = compare_with_ghg(load("paper-mill-2025"), inventory)
    assert (warning.path, warning.code, warning.severity) == ("energy.electricity_kwh", "energy_mismatch_ghg", "warning")
    assert "31500000 kWh = 31500 MWh" in warning.message_vi and "25000 MWh" in warning.message_vi
    assert "2025" in warning.message_vi and "26.0 %" in warning.message_vi
    assert "25000 MWh" in warning.message


def test_a_fuel_in_tonnes_against_kilograms_over_ten_percent():
    inventory = ghg_inventory(electricity("31500"), combustion("anthracite", "9500000", "kg"),
                              combustion("diesel_oil", "120"))
    [warning] = compare_with_ghg(load("paper-mill-2025"), inventory)
    assert warning.path == "energy.fuels[0].quantity"
    assert "8200 t" in warning.message_vi and "9500000 kg = 9500 t" in warning.message_vi
    assert "Than antraxit" in warning.message_vi or "anthracite" in warning.message_vi.lower()


def test_just_over_and_at_ten_percent():
    declaration = load("paper-mill-2025")  # 31,500 MWh
    at_limit = ghg_inventory(electricity("35000"), combustion("anthracite", "8200"),
                             combustion("diesel_oil", "120"))
    assert compare_with_ghg(declaration, at_limit) == []  # 3,500 / 35,000: exactly 10 %
    # 2,864 / 28,636 = 10.001 % of the inventory's value
    over = ghg_inventory(electricity("28636"), combustion("anthracite", "8200"), combustion("diesel_oil", "120"))
    assert "energy.electricity_kwh" in by_path(compare_with_ghg(declaration, over))


def test_a_fuel_in_one_document_only_is_warned():
    inventory = ghg_inventory(electricity("31500"), combustion("anthracite", "8200"), combustion("lpg", "40"))
    warnings = by_path(compare_with_ghg(load("paper-mill-2025"), inventory))
    assert set(warnings) == {"energy.fuels[1].quantity", "energy.fuels"}  # diesel only declared, LPG only inventoried
    assert {w.code for w in warnings.values()} == {"energy_in_one_form_only"}
    assert "0 t" in warnings["energy.fuels"].message_vi and "40 t" in warnings["energy.fuels"].message_vi


def test_electricity_missing_from_the_inventory_is_warned():
    inventory = ghg_inventory(combustion("anthracite", "8200"), combustion("diesel_oil", "120"))
    [warning] = compare_with_ghg(load("paper-mill-2025"), inventory)
    assert (warning.path, warning.code) == ("energy.electricity_kwh", "energy_in_one_form_only")


def test_several_rows_of_a_fuel_are_summed():
    declaration = load("paper-mill-2025")
    declaration["energy"]["fuels"][0]["quantity"] = "4000"
    declaration["energy"]["fuels"].append({"fuel": "anthracite", "quantity": "4200", "unit": "t"})
    inventory = ghg_inventory(electricity("31500"), combustion("anthracite", "8200"), combustion("diesel_oil", "120"))
    assert compare_with_ghg(declaration, inventory) == []


def test_no_inventory_for_the_declared_year_gives_nothing():
    inventory = ghg_inventory(electricity("100"), year=2024)
    assert compare_with_ghg(load("paper-mill-2025"), inventory) == []


@pytest.mark.parametrize("inventory", [{}, {"years": "2025"}, {"years": [None, {"year": 2025, "sources": "x"}]},
                                       {"years": [{"year": 2025, "sources": [
                                           {"category": "purchased_electricity", "quantity": "nhiều", "unit": "MWh"},
                                           {"category": "stationary_combustion", "fuel": 7, "quantity": 1, "unit": "t"},
                                           {"category": "purchased_electricity", "quantity": "5", "unit": "bbl"}]}]}])
def test_a_malformed_inventory_never_raises(inventory):
    assert isinstance(compare_with_ghg(load("paper-mill-2025"), inventory), list)


def test_consistency_warnings_come_through_evaluate_for_filer_and_reviewer():
    inventory = ghg_inventory(electricity("20000"), combustion("anthracite", "8200"), combustion("diesel_oil", "120"))
    result = evaluate(load("paper-mill-2025"), today=TODAY, ghg_document=inventory)
    assert result["valid"] is True
    assert [w["code"] for w in result["warnings"]] == ["energy_mismatch_ghg"]
