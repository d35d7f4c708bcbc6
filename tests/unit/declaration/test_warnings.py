"""Implausible data is warned of, not refused: the filer confirms it with a reason."""
import pytest

from intake.domain.declaration import evaluate
from tests.unit.declaration.conftest import TODAY, load


def warnings_of(document, **kwargs):
    result = evaluate(document, today=TODAY, **kwargs)
    assert result["valid"] is True, result["errors"]
    return {w["code"]: w for w in result["warnings"]}


def test_wastewater_above_the_water_used_compares_a_year_with_a_year():
    document = load("paper-mill-2025")
    # 1,650 m3/day × 330 days + 35 m3/day × 300 days = 555,000 m3 a year
    document["water"]["supply_m3"] = "554999"
    warning = warnings_of(document)["wastewater_above_supply"]
    assert warning["path"] == "wastewater"
    assert "555000" in warning["message_vi"] and "554999" in warning["message_vi"]
    document["water"]["supply_m3"] = "555000"
    assert warnings_of(document) == {}


def test_a_daily_flow_is_not_compared_with_a_yearly_supply():
    # 1,900 m3/day against 780,000 m3/year: fine, even though 1,900 × 365 would be 693,500.
    document = load("brewery-2025")
    assert warnings_of(document) == {}
    document["wastewater"][0]["operating_days"] = 365
    assert warnings_of(document) == {}
    document["wastewater"][0]["volume_m3_per_day"] = "2200"  # 803,000 m3 a year
    assert "wastewater_above_supply" in warnings_of(document)


def test_stormwater_is_not_supplied_water():
    document = load("brewery-2025")
    document["wastewater"].append({"stream": "stormwater", "volume_m3_per_day": "900"})
    assert warnings_of(document) == {}


@pytest.mark.parametrize("handler", ["", "   ", None])
def test_hazardous_waste_without_a_handler(handler):
    document = load("brewery-2025")
    document["hazardous_waste"][0]["handler"] = handler
    warning = warnings_of(document)["hazardous_waste_without_handler"]
    assert warning["path"] == "hazardous_waste[0].handler" and "18 02 01" in warning["message_vi"]


def test_a_handler_without_its_licence_number():
    document = load("brewery-2025")
    del document["hazardous_waste"][0]["handler_licence"]
    warning = warnings_of(document)["hazardous_waste_handler_without_licence"]
    assert warning["path"] == "hazardous_waste[0].handler_licence"
    assert "Thăng Long" in warning["message_vi"]


def test_no_handler_is_needed_for_none_generated():
    document = load("brewery-2025")
    document["hazardous_waste"][0].update(quantity_kg="0", handler="")
    assert warnings_of(document) == {}


def test_vietnamese_thousands_grouping_is_suspected():
    document = load("brewery-2025")
    document["plastics"]["single_use_plastic_kg"] = "1.800"
    warning = warnings_of(document)["thousands_separator_suspected"]
    assert warning["path"] == "plastics.single_use_plastic_kg" and "1800" in warning["message_vi"]


def last_year(change):
    previous = load("paper-mill-2025")
    previous["year"] = 2024
    change(previous)
    return previous


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d["energy"].update(electricity_kwh="10000000"), "energy.electricity_kwh"),
    (lambda d: d["water"].update(supply_m3="2000000"), "water.supply_m3"),
    (lambda d: d["energy"]["fuels"][0].update(quantity="3000000", unit="kg"), "energy.fuels[0].quantity"),
    (lambda d: d["wastewater"][0].update(volume_m3_per_day="300"), "wastewater"),
    (lambda d: d["hazardous_waste"][1].update(quantity_kg="9500"), "hazardous_waste"),
    (lambda d: d["products"][0].update(quantity="4200"), "products[0].quantity"),
    (lambda d: d["solid_waste"].update(domestic_kg="9500"), "solid_waste.domestic_kg"),
])
def test_a_quantity_far_from_last_years_is_warned(change, path):
    warning = warnings_of(load("paper-mill-2025"), previous=last_year(change))["declaration_large_change"]
    assert warning["path"] == path
    assert "năm trước" not in warning["message"] and "so với lần khai báo trước" in warning["message_vi"]


def test_last_years_figures_within_half_and_double_are_not_warned():
    previous = last_year(lambda d: (d["energy"].update(electricity_kwh="20000000"),
                                    d["energy"]["fuels"][0].update(quantity="8200000", unit="kg")))
    assert warnings_of(load("paper-mill-2025"), previous=previous) == {}


def test_a_far_from_last_year_message_names_both_values_with_their_unit():
    previous = last_year(lambda d: d["energy"].update(electricity_kwh="10000000"))
    warning = warnings_of(load("paper-mill-2025"), previous=previous)["declaration_large_change"]
    assert "10000000 kWh" in warning["message_vi"] and "31500000 kWh" in warning["message_vi"]
    assert "Điện tiêu thụ" in warning["message_vi"]


def test_an_acknowledged_warning_carries_the_filers_reason():
    document = load("brewery-2025")
    document["hazardous_waste"][0]["handler"] = ""
    document["acknowledgements"] = [{"path": "hazardous_waste[0].handler",
                                     "code": "hazardous_waste_without_handler",
                                     "reason": "Hợp đồng với đơn vị xử lý đang gia hạn"}]
    warning = warnings_of(document)["hazardous_waste_without_handler"]
    assert warning["acknowledged"] is True and warning["reason"].startswith("Hợp đồng")
