"""Every unit trap of calculation.md."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.unit.ghg.conftest import diesel, document, grid
from tests.unit.ghg.helpers import codes, line_total, run


def test_kg_is_a_thousandth_of_a_tonne():
    assert line_total(run(document(diesel("1000000", "kg")))) == \
        line_total(run(document(diesel("1000", "t"))))
    assert line_total(run(document(diesel("1000", "kg")))) * 1000 == \
        line_total(run(document(diesel("1000", "t"))))


def test_kwh_is_a_thousandth_of_an_mwh():
    assert line_total(run(document(grid("1000000", "kWh"), year=2022))) == Decimal("676.6")
    assert line_total(run(document(grid("1", "GWh"), year=2022))) == Decimal("676.6")
    assert line_total(run(document(grid("1000", "kWh"), year=2022))) == Decimal("0.6766")


def test_gj_is_a_thousandth_of_a_tj():
    assert line_total(run(document(diesel("43000", "GJ")))) == \
        line_total(run(document(diesel("43", "TJ")))) == Decimal("3196.749")


def test_mwh_of_fuel_energy_is_not_accepted_for_fuels():
    assert codes(run(document(diesel("100", "MWh")))) == [
        ("years[0].sources[0].unit", "unit_wrong_dimension")]


@pytest.mark.parametrize("factor", ["676.6", "0.0006766"])
def test_electricity_factor_in_the_wrong_unit_is_pointed_out(factor):
    # 676.6 is kg/MWh entered as t/MWh (or kg/kWh × 1000); 0.0006766 is t/kWh.
    result = run(document(grid(ef_tco2_per_mwh=factor, ef_source="Hóa đơn EVN")))
    assert ("years[0].sources[0].ef_tco2_per_mwh", "implausible_factor") in \
        codes(result, "warnings")


def test_electricity_factor_given_per_kwh_in_kg_is_the_same_number_per_mwh_in_t():
    # kg CO2/kWh and t CO2/MWh are the same ratio: 0.6766 is plausible, no warning (in its
    # own data year: in another it is `grid_factor_other_year`, see test_gas_and_factor_traps).
    result = run(document(grid(ef_tco2_per_mwh="0.6766", ef_source="Thông báo 2022"),
                          year=2022))
    assert result["warnings"] == []
    assert line_total(result) == Decimal("676.6")


def test_a_combustion_factor_a_thousand_times_off_is_pointed_out():
    result = run(document(diesel(ef_co2_kg_per_tj="74.1", ef_source="Phân tích")))
    assert codes(result, "warnings") == [("years[0].sources[0].ef_co2_kg_per_tj",
                                          "implausible_factor")]


def test_density_in_kg_per_m3_entered_as_kg_per_l_is_pointed_out():
    result = run(document(diesel("1000", "L", density_kg_per_l="845")))
    assert ("years[0].sources[0].density_kg_per_l", "implausible_factor") in \
        codes(result, "warnings")


@pytest.mark.parametrize("text", ["1.234,5", "1,234.5", "1 234,5", "1.234.567", "12,5"])
def test_grouped_or_comma_decimal_strings_are_refused_not_guessed(text):
    result = run(document(diesel(text)))
    assert codes(result) == [("years[0].sources[0].quantity", "number_format")]
    assert "dấu chấm thập phân" in result["errors"][0]["message_vi"]


def test_number_format_error_suggests_the_canonical_spelling():
    result = run(document(diesel("1.234,5")))
    assert "1234.5" in result["errors"][0]["message"]


def test_98_300_is_read_as_98_point_3_with_a_warning():
    result = run(document(diesel("98.300")))
    assert result["valid"]
    assert codes(result, "warnings") == [("years[0].sources[0].quantity",
                                          "thousands_separator_suspected")]
    assert "98300" in result["warnings"][0]["message_vi"]
    assert result["lines"][0]["energy_tj"] == Decimal("98.3") * Decimal("0.043")


def test_plain_decimal_strings_and_json_numbers_agree():
    assert line_total(run(document(diesel("1234.5")))) == \
        line_total(run(document(diesel(Decimal("1234.5"))))) == \
        line_total(run(document(diesel(1234.5))))


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_a_blank_quantity_is_not_zero(blank):
    result = run(document(diesel(blank)))
    assert codes(result) == [("years[0].sources[0].quantity", "blank_quantity")]
    assert "không phải là số 0" in result["errors"][0]["message_vi"]


def test_a_missing_quantity_is_refused_too():
    line = diesel()
    del line["quantity"]
    assert codes(run(document(line))) == [("years[0].sources[0].quantity", "blank_quantity")]


def test_zero_is_a_valid_quantity():
    result = run(document(diesel("0")))
    assert result["valid"]
    assert line_total(result) == 0
