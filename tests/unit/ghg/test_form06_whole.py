"""Form 06 beyond the source lines: II.2 production (the intensity of the results, output
against design capacity), on-site generation, data gaps, recalculation (Art. 22), per-source
uncertainty, the steam table, vehicle identification; and the plausibility rules of the
declaration (recycled above generated, an expired permit, output above capacity)."""
from __future__ import annotations

import decimal
from decimal import Decimal

from intake.domain.declaration import evaluate as evaluate_declaration
from intake.domain.documents import evaluate
from intake.models import FormKind
from tests.unit.declaration.conftest import TODAY as DECLARATION_DAY
from tests.unit.declaration.conftest import load as load_declaration
from tests.unit.ghg.conftest import TODAY, diesel, document
from tests.unit.ghg.helpers import codes, run

OUTPUT = "41234.567890123456789"  # more digits than a float holds


def with_production(*rows: dict, **extra) -> dict:
    doc = document(diesel(), **extra)
    doc["production"] = [{"year": 2024, **row} for row in rows]
    return doc


def test_the_intensity_is_the_years_tco2e_per_tonne_of_product():
    result = run(with_production({"product": "Giấy bao bì", "quantity": OUTPUT, "unit": "t"},
                                 {"product": "Bột giấy", "quantity": "500", "unit": "kg"},
                                 {"product": "Hơi bán ra", "quantity": "10", "unit": "MWh"}))
    assert result["valid"], result["errors"]
    year = result["years"]["2024"]
    tonnes = Decimal(OUTPUT) + Decimal("0.5")  # kg counted in t; MWh is no tonne of product
    # Divided in the calculation's 50 significant digits (a float would keep 16).
    assert year["tco2e_per_t_product"] == decimal.Context(prec=50).divide(year["total_tco2e"], tonnes)
    assert run(document(diesel()))["years"]["2024"]["tco2e_per_t_product"] is None


def test_output_above_design_capacity_is_pointed_out_on_its_row():
    result = run(with_production({"product": "Giấy bao bì", "quantity": "52000", "unit": "t", "capacity": "50000"}))
    assert ("production[0].quantity", "output_above_capacity") in codes(result, "warnings")
    (warning,) = [w for w in result["warnings"] if w["code"] == "output_above_capacity"]
    assert "52000 t" in warning["message_vi"] and "50000 t/năm" in warning["message_vi"]
    assert not [w for w in run(with_production({"product": "Giấy", "quantity": "50000", "unit": "t",
                                                "capacity": "50000"}))["warnings"]
                if w["code"] == "output_above_capacity"]


def test_an_intensity_twice_the_previous_reports_is_pointed_out():
    doc = with_production({"product": "Giấy bao bì", "quantity": "1000", "unit": "t"})
    now = run(doc)["years"]["2024"]["tco2e_per_t_product"]  # 3.196749 tCO2e/t
    doubled = evaluate(FormKind.GHG_INVENTORY, doc, today=TODAY, previous_intensity=(2023, now / 2))
    (warning,) = [w for w in doubled["warnings"] if w["code"] == "intensity_change"]
    assert warning["path"] == "production" and "2.00" in warning["message"] and "2023" in warning["message_vi"]
    close = evaluate(FormKind.GHG_INVENTORY, doc, today=TODAY, previous_intensity=(2023, now * Decimal("0.9")))
    assert "intensity_change" not in {w["code"] for w in close["warnings"]}


def test_the_rest_of_form_06_is_recorded_and_counts_nothing_twice():
    doc = document(diesel(uncertainty_percent="5"),
                   {"category": "purchased_steam", "quantity": "2000", "unit": "t", "ef_tco2_per_t": "0.2",
                    "ef_source": "Hợp đồng mua hơi 2024", "steam_pressure_bar": "10", "steam_temperature_c": "184",
                    "boiler_fuel": "sub_bituminous_coal"},
                   {"category": "mobile_combustion", "fuel": "diesel_oil", "quantity": "12", "unit": "t",
                    "vehicle_id": "29C-123.45"})
    doc["onsite_generation"] = [{"year": 2024, "kind": "solar", "capacity_kw": "990", "generated_mwh": "1250.5"}]
    doc["recalculation"] = {"recalculated": True, "years": "2023", "reason": "Hệ số lưới điện 2023 được công bố"}
    doc["quality"] = {"data_gaps": "Thiếu hóa đơn dầu tháng 3: ước tính theo giờ chạy máy", "uncertainty_percent": "7"}
    result = run(doc)
    assert result["valid"], result["errors"]
    assert not [w for w in result["warnings"] if w["code"] == "field_not_used"]
    # Solar is recorded, never an emission; the steam line is its supplier's factor.
    assert result["years"]["2024"]["total_tco2e"] == sum(line["tco2e"] for line in result["lines"])
    assert result["lines"][1]["tco2e"] == Decimal("2000") * Decimal("0.2")
    wrong = run(document(diesel(vehicle_id="29C-123.45")))
    assert ("years[0].sources[0].vehicle_id", "field_not_used") in codes(wrong, "warnings")


def test_the_declaration_points_out_recycled_above_generated_an_expired_permit_and_output_above_capacity():
    declaration = load_declaration("paper-mill-2025")
    declaration["solid_waste"]["recycled_kg"] = str(Decimal(declaration["solid_waste"]["ordinary_industrial_kg"])
                                                    + Decimal(declaration["solid_waste"].get("domestic_kg", "0")) + 1)
    declaration["permits"][0]["valid_until"] = "2025-06-30"
    declaration["products"][0]["capacity"] = str(Decimal(declaration["products"][0]["quantity"]) - 1)
    result = evaluate_declaration(declaration, today=DECLARATION_DAY)
    found = {(w["path"], w["code"]) for w in result["warnings"]}
    assert {("solid_waste.recycled_kg", "recycled_above_generated"), ("permits[0].valid_until", "permit_expired"),
            ("products[0].quantity", "output_above_capacity")} <= found
    permit = next(w for w in result["warnings"] if w["code"] == "permit_expired")
    assert "30/06/2025" in permit["message_vi"] and "Giấy phép môi trường" in permit["message_vi"]
    clean = evaluate_declaration(load_declaration("paper-mill-2025"), today=DECLARATION_DAY)
    assert not {w["code"] for w in clean["warnings"]} & {"recycled_above_generated", "permit_expired",
                                                          "output_above_capacity"}


def test_the_declarations_monitoring_results_and_water_by_source_are_checked():
    declaration = load_declaration("paper-mill-2025")
    supply = Decimal(declaration["water"]["supply_m3"])
    declaration["water"]["volumes"] = [{"source": "groundwater", "volume_m3": str(supply - 1)},
                                       {"source": "municipal", "volume_m3": "2"}]
    declaration["monitoring_results"] = [
        {"medium": "wastewater", "point": "XT1", "parameter": "COD", "value": "160.5", "unit": "mg/L", "limit": "150",
         "standard": "QCVN 40:2025/BTNMT"},
        {"medium": "air", "point": "K1", "parameter": "Bụi tổng", "value": "120", "unit": "mg/Nm3", "limit": "200"}]
    result = evaluate_declaration(declaration, today=DECLARATION_DAY)
    assert result["valid"], result["errors"]
    found = {(w["path"], w["code"]): w for w in result["warnings"]}
    above = found[("monitoring_results[0].value", "monitoring_above_limit")]
    assert "COD tại XT1: 160.5 mg/L, vượt giới hạn cho phép 150 mg/L" in above["message_vi"]
    assert ("monitoring_results[1].value", "monitoring_above_limit") not in found
    assert f"{supply + 1} m3" in found[("water.volumes", "water_sources_sum")]["message"]


def test_the_review_comparison_shows_the_intensity_when_a_report_states_production():
    from intake.domain.comparison import compare_figures

    before = run(with_production({"product": "Giấy bao bì", "quantity": "1000", "unit": "t"}))
    now = run(with_production({"product": "Giấy bao bì", "quantity": "800", "unit": "t"}))
    rows = {c.key: c for c in compare_figures(now, before)}
    assert rows["tco2e_per_t_product"].before == before["years"]["2024"]["tco2e_per_t_product"]
    assert rows["tco2e_per_t_product"].after == now["years"]["2024"]["tco2e_per_t_product"]
    assert "tco2e_per_t_product" not in {c.key for c in compare_figures(run(document(diesel())),
                                                                          run(document(diesel())))}
