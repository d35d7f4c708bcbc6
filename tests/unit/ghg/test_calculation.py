"""Each source category, GWP sets, blends, overrides and the provisional grid factor."""
from __future__ import annotations

from decimal import Decimal

import pytest

from intake.domain.ghg import evaluate
from tests.unit.ghg.conftest import TODAY, diesel, document, grid
from tests.unit.ghg.helpers import close, codes, line_total, run


def test_ar4_changes_the_first_worked_example_to_3197_213():
    result = run(document(diesel(), gwp_set="AR4"))
    assert result["gwp_set"] == "AR4"
    # 3186.3 + 0.129 × 25 + 0.0258 × 298 = 3197.2134, shown as 3,197.213 in calculation.md
    assert line_total(result) == Decimal("3197.2134")
    assert round(line_total(result), 3) == Decimal("3197.213")


def test_ar6_uses_its_own_gwp():
    result = run(document(diesel(), gwp_set="AR6"))
    # 3186.3 + 0.129 × 27.9 + 0.0258 × 273
    assert line_total(result) == Decimal("3186.3") + Decimal("0.129") * Decimal("27.9") \
        + Decimal("0.0258") * 273


def test_gwp_set_defaults_to_ar5_when_absent():
    result = run(document(diesel(), gwp_set=None))
    assert result["valid"] and result["gwp_set"] == "AR5"
    assert line_total(result) == Decimal("3196.749")


@pytest.mark.parametrize(("gwp_set", "expected"), [
    ("AR5", Decimal("0.5") * 677 + Decimal("0.5") * 3170),
    ("AR4", Decimal("0.5") * 675 + Decimal("0.5") * 3500),
])
def test_refrigerant_blend_gwp_is_mass_weighted(gwp_set, expected):
    line = {"category": "refrigerant", "gas": "R-410A", "quantity": "25", "unit": "kg"}
    result = run(document(line, gwp_set=gwp_set))
    assert result["valid"]
    assert line_total(result) == Decimal("0.025") * expected
    assert result["lines"][0]["gases_t"] == {"HFC-32": Decimal("0.0125"),
                                            "HFC-125": Decimal("0.0125")}
    # HFCs enter the total through their GWP, not the CO2/CH4/N2O masses.
    year = result["years"]["2024"]
    assert year["co2_t"] == year["ch4_t"] == year["n2o_t"] == 0
    assert year["total_tco2e"] == year["scope1_tco2e"] == line_total(result)


def test_grid_factor_of_the_data_year_and_provisional_fallback():
    published = run(document(grid(), year=2022))
    assert published["warnings"] == []
    assert line_total(published) == Decimal("676.6")
    later = run(document(grid(), year=2025))
    assert codes(later, "warnings") == [("years[0].sources[0]", "provisional_grid_factor")]
    warning = later["warnings"][0]
    assert "2023" in warning["message"] and "2023" in warning["message_vi"]
    assert line_total(later) == Decimal("659.2")
    assert later["years"]["2025"]["provisional"] is True
    assert later["valid"] is True


def test_grid_factor_before_the_first_published_year_is_an_error():
    result = run(document(grid(), year=2010))
    assert codes(result) == [("years[0].sources[0]", "grid_factor_unavailable")]


def test_electricity_counts_as_co2_in_scope_2():
    result = run(document(diesel(), grid(), year=2023))
    year = result["years"]["2023"]
    assert year["scope2_tco2e"] == Decimal("659.2")
    assert year["co2_t"] == Decimal("3186.3") + Decimal("659.2")
    assert year["energy_tj"] == 43  # electricity is not fuel energy
    assert year["total_tco2e"] == year["scope1_tco2e"] + year["scope2_tco2e"]


def test_biogenic_co2_is_a_memo_item_outside_the_totals():
    wood = {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "wood",
            "quantity": "100", "unit": "t"}
    result = run(document(wood))
    year = result["years"]["2024"]
    energy = Decimal("100") * Decimal("0.001") * Decimal("15.6")
    assert year["biogenic_co2_t"] == energy * 112000 / 1000
    assert year["co2_t"] == 0
    ch4, n2o = energy * 30 / 1000, energy * 4 / 1000
    assert year["total_tco2e"] == ch4 * 28 + n2o * 265
    assert "memo" in result["lines"][0]["trace"] and "ghi nhớ" in result["lines"][0]["trace_vi"]


def test_combustion_sector_selects_ch4_and_n2o_factors():
    commercial = run(document(diesel(sector="commercial")))
    assert commercial["lines"][0]["ch4_t"] == Decimal("43") * 10 / 1000


def test_mobile_combustion_uses_road_transport_factors():
    line = {"category": "mobile_combustion", "fuel": "motor_gasoline", "quantity": "10",
            "unit": "t", "distance_km": "120000"}
    result = run(document(line))
    energy = Decimal("10") * Decimal("0.001") * Decimal("44.3")
    out = result["lines"][0]
    assert out["co2_t"] == energy * 69300 / 1000
    assert out["ch4_t"] == energy * 33 / 1000
    assert out["n2o_t"] == energy * Decimal("3.2") / 1000


def test_mobile_combustion_refuses_a_fuel_without_road_factors():
    line = {"category": "mobile_combustion", "fuel": "anthracite", "quantity": "1", "unit": "t"}
    assert codes(run(document(line))) == [("years[0].sources[0].fuel", "fuel_not_for_category")]


def test_override_with_a_source_is_used_and_cited():
    line = diesel(ncv_tj_per_gg="42.5", ef_co2_kg_per_tj="73000",
                  ef_source="Kết quả phân tích mẫu dầu 2024, Vinacontrol")
    result = run(document(line))
    assert result["valid"] and result["warnings"] == []
    out = result["lines"][0]
    assert out["energy_tj"] == Decimal("42.5")
    assert out["co2_t"] == Decimal("42.5") * 73000 / 1000
    assert out["ch4_t"] == Decimal("42.5") * 3 / 1000  # not overridden: library value
    assert "Vinacontrol" in out["trace"] and "giá trị riêng của cơ sở" in out["trace_vi"]
    origins = {f["parameter"]: f["origin"] for f in out["factors"] if f["parameter"] != "gwp"}
    # Circular 38 Art. 18: the facility's values, then the national list (Decision 2626 gives
    # diesel in manufacturing), then IPCC 2006 (the NCV, which the national list does not give).
    assert origins["ncv"] == "facility" and origins["ch4"] == "national"


def test_override_without_a_source_is_refused():
    result = run(document(diesel(ef_co2_kg_per_tj="73000")))
    assert codes(result) == [("years[0].sources[0].ef_source", "override_without_source")]
    message = result["errors"][0]["message_vi"]
    assert "Nguồn của giá trị riêng" in message and "ef_source" not in message
    assert message.startswith("Năm 2024 › Nguồn S1 › Nguồn của giá trị riêng: ")


def test_grid_override_needs_a_source_but_a_supplier_factor_only_warns():
    assert codes(run(document(grid(ef_tco2_per_mwh="0.5")))) == [
        ("years[0].sources[0].ef_source", "override_without_source")]
    supplier = {"category": "purchased_electricity", "supply": "other", "quantity": "100",
                "unit": "MWh", "ef_tco2_per_mwh": "0.4"}
    result = run(document(supplier))
    assert result["valid"]
    assert codes(result, "warnings") == [("years[0].sources[0].ef_source",
                                          "factor_without_source")]
    assert line_total(result) == 40


def test_other_supplier_needs_its_factor():
    supplier = {"category": "purchased_electricity", "supply": "other", "quantity": "100",
                "unit": "MWh"}
    assert codes(run(document(supplier))) == [("years[0].sources[0].ef_tco2_per_mwh",
                                               "required")]


def test_volume_with_density():
    line = diesel("1000", "L", density_kg_per_l="0.845")
    result = run(document(line))
    energy = Decimal("0.845") / 1000 * Decimal("0.001") * 43 * 1000
    assert result["lines"][0]["energy_tj"] == energy
    assert "kg/L" in result["lines"][0]["trace"]


def test_volume_in_thousand_litres_and_gas_in_nm3():
    thousand = run(document(diesel("1", "1000 L", density_kg_per_l="0.845")))
    litres = run(document(diesel("1000", "L", density_kg_per_l="0.845")))
    assert line_total(thousand) == line_total(litres)
    gas = {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "natural_gas",
           "quantity": "1000000", "unit": "Nm3", "density_kg_per_m3": "0.75"}
    mass = run(document({**gas, "quantity": "750", "unit": "t", "density_kg_per_m3": None}))
    assert line_total(run(document(gas))) == line_total(mass)


def test_volume_with_heating_value_per_unit():
    line = diesel("1000", "L", ncv_tj_per_unit="0.0000363")
    result = run(document(line))
    assert result["lines"][0]["energy_tj"] == Decimal("0.0363")


def test_volume_without_density_is_refused():
    result = run(document(diesel("1000", "L")))
    assert codes(result) == [("years[0].sources[0].unit", "volume_needs_density")]


def test_two_ways_to_convert_a_volume_conflict():
    line = diesel("1000", "L", density_kg_per_l="0.845", ncv_tj_per_unit="0.0000363")
    assert codes(run(document(line))) == [("years[0].sources[0].ncv_tj_per_unit",
                                           "conflicting_values")]


@pytest.mark.parametrize(("category", "extra"), [
    ("industrial_process", {"process": "Sản xuất vôi", "gas": "CO2"}),
    ("purchased_steam", {}),
    ("waste", {"gas": "CH4", "waste_type": "Bùn thải"}),
])
def test_per_tonne_categories(category, extra):
    line = {"category": category, "quantity": "200", "unit": "t", "ef_tco2_per_t": "0.75",
            "ef_source": "Nhà cung cấp", **extra}
    result = run(document(line))
    assert result["valid"], result["errors"]
    gwp = 28 if extra.get("gas") == "CH4" else 1
    assert line_total(result) == Decimal("150") * gwp
    scope = 2 if category == "purchased_steam" else 1
    assert result["lines"][0]["scope"] == scope


def test_fugitive_methane_counts_in_ch4_mass():
    line = {"category": "fugitive", "gas": "CH4", "quantity": "500", "unit": "kg"}
    result = run(document(line))
    assert result["years"]["2024"]["ch4_t"] == Decimal("0.5")
    assert line_total(result) == 14


def test_energy_in_toe_from_the_moit_table_or_from_tj():
    diesel_toe = run(document(diesel()))["lines"][0]["energy_toe"]
    assert diesel_toe == Decimal("1020")  # MOIT: 1.02 TOE per t of diesel oil
    coal = {"category": "stationary_combustion", "sector": "manufacturing",
            "fuel": "other_bituminous_coal", "quantity": "10000", "unit": "t"}
    coal_toe = run(document(coal))["lines"][0]["energy_toe"]
    assert close(coal_toe, Decimal(258) * 1000 / Decimal("41.868"))


def test_fields_of_another_category_are_ignored_with_a_warning():
    result = run(document(grid(fuel="diesel_oil", gas="CH4"), year=2023))
    assert result["valid"]
    assert ("years[0].sources[0].gas", "field_not_used") in codes(result, "warnings")
    assert line_total(result) == Decimal("659.2")


def test_large_change_between_the_two_years_is_a_warning():
    doc = document(diesel("100"), year=2023)
    doc["years"].append({"year": 2024, "sources": [{"id": "S1", **diesel("350")}]})
    result = run(doc)
    assert result["valid"]
    assert codes(result, "warnings") == [("years[1].sources[0].quantity", "large_change")]


def test_acknowledged_warnings_carry_their_reason():
    doc = document(grid(), year=2025, acknowledgements=[
        {"path": "years[0].sources[0]", "code": "provisional_grid_factor",
         "reason": "Hệ số 2025 chưa công bố"}])
    (warning,) = run(doc)["warnings"]
    assert warning["acknowledged"] is True and warning["reason"] == "Hệ số 2025 chưa công bố"


def test_trace_reads_as_activity_times_factor_times_gwp_with_sources():
    out = run(document(diesel()))["lines"][0]
    assert "1,000 t × 0.001 Gg/t × 43 TJ/Gg" in out["trace"]
    assert "IPCC 2006 default: IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Ch. 1, " \
           "Table 1.2" in out["trace"]  # the NCV: the national list gives none
    assert "national list: Quyết định 2626/QĐ-BTNMT (10/10/2022) công bố danh mục hệ số phát thải, Phần I, " \
           "row “STT 1.29”" in out["trace"]  # CH4 of diesel in manufacturing
    assert "1.000 t × 0,001 Gg/t × 43 TJ/Gg" in out["trace_vi"]
    assert "Tổng: 3.196,749 tCO2e" in out["trace_vi"]
    assert "Total: 3,196.749 tCO2e" in out["trace"]


def test_lines_without_errors_are_calculated_in_an_invalid_document():
    result = run(document(diesel(), diesel("-1")))
    assert not result["valid"]
    assert [ln["id"] for ln in result["lines"]] == ["S1"]
    assert result["years"] == {}  # no total of a year with an error


def test_traces_can_be_left_out_without_changing_any_figure():
    doc = document(diesel(), grid(), year=2023)
    full, bare = run(doc), evaluate(doc, today=TODAY, traces=False)
    assert "trace" not in bare["lines"][0] and "trace_vi" not in bare["lines"][0]
    assert bare["years"] == full["years"]
