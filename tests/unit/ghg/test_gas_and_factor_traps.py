"""Unit plausibility of gases and factors (issue 11): each trap flagged on its line with its
code and the values that look wrong, in both languages; realistic lines left alone."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from forms.rules import rule, rules_for
from intake.domain.declaration import evaluate as evaluate_declaration
from intake.domain.documents import evaluate as evaluate_document
from intake.domain.ghg import evaluate as evaluate_ghg
from intake.domain.workflow import FormKind
from tests.unit.declaration.conftest import TODAY as DECLARATION_TODAY
from tests.unit.declaration.conftest import load as load_declaration
from tests.unit.ghg.conftest import TODAY, diesel, document, grid, load_example
from tests.unit.ghg.helpers import codes, line_total, run

ROOT = Path(__file__).resolve().parents[3]
SHARED_EXAMPLES = Path("/work/shared/examples")
VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
INTERNAL_KEYS = ("density_kg_per_l", "density_kg_per_m3", "ncv_tj_per_unit", "ef_tco2_per_mwh",
                 "ef_tco2_per_t", "charge_kg", "equipment_count", "natural_gas", "gwp_set")


def gas(quantity: str = "100000", unit: str = "Nm3", fuel: str = "natural_gas",
        **extra: Any) -> dict[str, Any]:
    return {"category": "stationary_combustion", "sector": "manufacturing", "fuel": fuel,
            "quantity": quantity, "unit": unit, **extra}


def refrigerant(quantity: str, unit: str = "kg", **extra: Any) -> dict[str, Any]:
    return {"category": "refrigerant", "gas": "R-410A", "quantity": quantity, "unit": unit,
            **extra}


def process(factor: str, **extra: Any) -> dict[str, Any]:
    return {"category": "industrial_process", "process": "Sản xuất clinker",
            "ef_tco2_per_t": factor, "ef_source": "Quyết định phê duyệt", "quantity": "100000",
            "unit": "t", **extra}


SOURCE = {"ef_source": "Hóa đơn PV Gas"}

# (line, data year, field that looks wrong, code, values the messages must show)
TRAPS = {
    "liquid density on Nm3 of gas": (
        gas(density_kg_per_m3="720"), 2024, "density_kg_per_m3", "gas_density_impossible",
        ["720"]),
    "kg/L density on Nm3 of gas": (
        gas(density_kg_per_l="0.72"), 2024, "density_kg_per_l", "gas_density_impossible",
        ["0.72", "720"]),
    "t/m3 typed as kg/m3 on Nm3 of gas": (
        gas(density_kg_per_m3="0.00072"), 2024, "density_kg_per_m3", "gas_density_impossible",
        ["0.00072"]),
    "liquid density on m3 of gas": (
        gas(unit="m3", density_kg_per_m3="720"), 2024, "density_kg_per_m3",
        "gas_density_implausible", ["720"]),
    "kg/L density on m3 of biogas": (
        gas(unit="m3", fuel="biogas", density_kg_per_l="1.15"), 2024, "density_kg_per_l",
        "gas_density_implausible", ["1.15", "1150"]),
    "kg/L density on 1000 m3 of gas": (
        gas(quantity="100", unit="1000 m3", density_kg_per_l="0.75"), 2024, "density_kg_per_l",
        "gas_density_implausible", ["0.75", "750"]),
    "kg/L density typed into kg/m3 for diesel": (
        diesel("100", "m3", density_kg_per_m3="0.845"), 2024, "density_kg_per_m3",
        "implausible_factor", ["0.845", "300–1500"]),
    "MJ/Nm3 typed as TJ/Nm3": (
        gas(ncv_tj_per_unit="34.4", **SOURCE), 2024, "ncv_tj_per_unit",
        "heating_value_impossible", ["34.4", "0.000036", "36"]),
    "GJ/Nm3 typed as TJ/Nm3": (
        gas(ncv_tj_per_unit="0.0344", **SOURCE), 2024, "ncv_tj_per_unit",
        "heating_value_impossible", ["0.0344", "0.000036"]),
    "kJ/Nm3 typed as TJ/Nm3 (10⁻³)": (
        gas(ncv_tj_per_unit="0.0000000344", **SOURCE), 2024, "ncv_tj_per_unit",
        "heating_value_impossible", ["0.0000000344"]),
    "GJ/m3 typed as TJ/m3": (
        gas(unit="m3", ncv_tj_per_unit="0.0344", **SOURCE), 2024, "ncv_tj_per_unit",
        "heating_value_implausible", ["0.0344", "10³", "0.000036"]),
    "TJ per m3 given on a line in 1000 m3": (
        gas(quantity="100", unit="1000 m3", ncv_tj_per_unit="0.0000344", **SOURCE), 2024,
        "ncv_tj_per_unit", "heating_value_impossible", ["0.0000344", "0.036"]),
    "MJ/L typed as TJ/L for diesel": (
        diesel("1000", "L", ncv_tj_per_unit="36.3", ef_source="Phân tích"), 2024,
        "ncv_tj_per_unit", "heating_value_impossible", ["36.3", "0.0000363"]),
    "GJ per 1000 L typed as TJ": (
        diesel("10", "1000 L", ncv_tj_per_unit="36.3", ef_source="Phân tích"), 2024,
        "ncv_tj_per_unit", "heating_value_impossible", ["36.3", "0.0363"]),
    "TJ per m3 given on a line in litres (10⁻³)": (
        diesel("1000", "L", ncv_tj_per_unit="0.0000000363", ef_source="Phân tích"), 2024,
        "ncv_tj_per_unit", "heating_value_implausible", ["0.0000000363", "10⁻³", "0.0000363"]),
    "grid factor of 2021 in a 2023 report": (
        grid(ef_tco2_per_mwh="0.7221", ef_source="Công văn 1278/BĐKH-TTBVTOD"), 2023,
        "ef_tco2_per_mwh", "grid_factor_other_year", ["0.7221", "2021", "2023", "0.6592"]),
    "grid factor of 2022, rounded, in a 2023 report": (
        grid(ef_tco2_per_mwh="0.677", ef_source="Công văn 327/BĐKH-PTCBT"), 2023,
        "ef_tco2_per_mwh", "grid_factor_other_year", ["0.677", "2022", "0.6592"]),
    "latest factor typed for an unpublished year": (
        grid(ef_tco2_per_mwh="0.6592", ef_source="Thông báo 2024"), 2025, "ef_tco2_per_mwh",
        "grid_factor_other_year", ["0.6592", "2023", "2025"]),
    "grid factor of no year": (
        grid(ef_tco2_per_mwh="0.55", ef_source="Ước tính"), 2023, "ef_tco2_per_mwh",
        "grid_factor_not_published", ["0.55", "0.6592"]),
    "refrigerant top-up in t instead of kg": (
        refrigerant("25", "t", equipment_count=4, charge_kg="12"), 2024, "quantity",
        "refrigerant_above_charge", ["25", "4", "12", "48"]),
    "refrigerant top-up above one unit's charge": (
        refrigerant("60", charge_kg="35"), 2024, "quantity", "refrigerant_above_charge",
        ["60", "35"]),
    "process factor divided by 1000": (
        process("0.00052"), 2024, "ef_tco2_per_t", "process_factor_too_small",
        ["0.00052", "0.001"]),
    "CO2 process factor stated with its gas, divided by 1000": (
        process("0.00075", gas="CO2", process="Nung vôi"), 2024, "ef_tco2_per_t",
        "process_factor_too_small", ["0.00075"]),
}


@pytest.mark.parametrize("name", TRAPS)
def test_each_trap_is_flagged_on_its_line_with_the_values_that_look_wrong(name):
    line, year, key, code, values = TRAPS[name]
    # The trap is the third line, after two correct ones, so that its path is its own.
    result = run(document(diesel(), refrigerant("10"), line, year=year))
    path = f"years[0].sources[2].{key}"
    found = [p for p in result["errors"] + result["warnings"] if p["code"] == code]
    assert [p["path"] for p in found] == [path], (result["errors"], result["warnings"])
    [flag] = found
    assert flag["severity"] == rule(code).severity
    for value in values:
        assert value in flag["message"] and value in flag["message_vi"], (value, flag)
    assert VIETNAMESE.search(flag["message_vi"])
    for internal in INTERNAL_KEYS:
        assert internal not in flag["message"] and internal not in flag["message_vi"]
    others = [p for p in result["errors"] + result["warnings"]
              if p["path"].startswith(("years[0].sources[0]", "years[0].sources[1]"))]
    assert others == []


def test_an_impossible_value_is_an_error_and_keeps_the_year_out_of_the_totals():
    result = run(document(gas(density_kg_per_m3="720")))
    assert result["valid"] is False and result["years"] == {}
    assert codes(result) == [("years[0].sources[0].density_kg_per_m3", "gas_density_impossible")]


def test_the_issue_figures_are_flagged_and_the_correct_ones_give_194_tco2e():
    correct = run(document(gas(density_kg_per_m3="0.72")))
    assert correct["valid"] and correct["warnings"] == []
    assert line_total(correct) == Decimal("194.069952")
    for wrong in (gas(density_kg_per_m3="720"), gas(density_kg_per_l="0.72"),
                  gas(ncv_tj_per_unit="34.4", **SOURCE)):
        assert not run(document(wrong))["valid"]


def test_a_warning_can_be_explained_in_the_acknowledgements():
    cng = gas(unit="m3", density_kg_per_m3="180", description="CNG, thể tích bình chứa")
    path = "years[0].sources[0].density_kg_per_m3"
    result = run(document(cng, acknowledgements=[
        {"path": path, "code": "gas_density_implausible",
         "reason": "Khí nén CNG 200 bar: thể tích theo bình chứa, 180 kg/m3."}]))
    assert result["valid"]
    [warning] = result["warnings"]
    assert (warning["path"], warning["code"], warning["acknowledged"]) == \
        (path, "gas_density_implausible", True)


REALISTIC = [
    gas(density_kg_per_m3="0.72"),
    gas(density_kg_per_m3="0.8"),
    gas(unit="m3", density_kg_per_m3="0.68"),  # at 15 °C
    gas(density_kg_per_l="0.00075"),  # correct, if in an odd field
    gas(ncv_tj_per_unit="0.0000344", **SOURCE),  # 34.4 MJ/Nm3
    gas(ncv_tj_per_unit="0.0000378", **SOURCE),  # 37.8 MJ/Nm3, gross
    gas(quantity="100", unit="1000 m3", ncv_tj_per_unit="0.0344", **SOURCE),
    gas(quantity="100", unit="1000 m3", density_kg_per_m3="0.75"),
    gas(unit="m3", fuel="biogas", density_kg_per_m3="1.15"),
    gas(unit="m3", fuel="biogas", ncv_tj_per_unit="0.0000215", **SOURCE),  # 60 % CH4
    gas(unit="m3", fuel="lpg", density_kg_per_m3="2.2"),  # vapour
    gas(unit="m3", fuel="lpg", density_kg_per_m3="540"),  # liquid
    gas(unit="Nm3", fuel="lpg", density_kg_per_m3="2.35"),
    gas(unit="L", fuel="lpg", density_kg_per_l="0.54"),
    gas(unit="1000 L", fuel="lpg", ncv_tj_per_unit="0.0255", **SOURCE),
    gas(unit="m3", fuel="lpg", ncv_tj_per_unit="0.000105", **SOURCE),  # vapour
    diesel("1000", "L", density_kg_per_l="0.845"),
    diesel("10", "1000 L", density_kg_per_l="0.84"),
    diesel("10", "m3", density_kg_per_m3="845"),
    diesel("1000", "L", ncv_tj_per_unit="0.0000363", ef_source="Phân tích"),
    diesel("10", "1000 L", ncv_tj_per_unit="0.0363", ef_source="Phân tích"),
    {**diesel("5000", "L", density_kg_per_l="0.74"), "fuel": "motor_gasoline"},
    {**diesel("200", "1000 L", density_kg_per_l="0.95"), "fuel": "residual_fuel_oil"},
    {**diesel("300", "m3", density_kg_per_l="0.85"), "fuel": "other_bituminous_coal"},
    {**diesel("300", "m3", ncv_tj_per_unit="0.0078", ef_source="Đo"), "fuel": "wood"},
    {"category": "mobile_combustion", "fuel": "diesel_oil", "quantity": "12000", "unit": "L",
     "density_kg_per_l": "0.84"},
    refrigerant("25", equipment_count=4, charge_kg="12"),
    refrigerant("48", equipment_count=4, charge_kg="12"),  # equal to the charge
    refrigerant("0.03", "t", equipment_count=2, charge_kg="20"),
    refrigerant("25"),  # no charge declared: nothing to compare
    process("0.52"),
    process("0.75", process="Nung vôi"),
    process("0.004", process="Gạch ốp lát (cacbonat trong đất sét)"),
    process("0.007", gas="N2O", process="Sản xuất axit nitric"),
    process("0.00004", gas="CF4", process="Điện phân nhôm"),
    process("0"),
    {"category": "waste", "gas": "N2O", "ef_tco2_per_t": "0.00024", "ef_source": "IPCC",
     "waste_type": "Ủ phân hữu cơ", "quantity": "500", "unit": "t"},
    {"category": "purchased_steam", "ef_tco2_per_t": "0.2", "ef_source": "Nhà cung cấp",
     "quantity": "5000", "unit": "t"},
    {"category": "purchased_electricity", "supply": "other", "ef_tco2_per_mwh": "0.45",
     "ef_source": "Hợp đồng mua điện", "quantity": "800", "unit": "MWh"},
]


@pytest.mark.parametrize("line", REALISTIC, ids=lambda line: json.dumps(line)[:90])
def test_realistic_lines_are_not_flagged(line):
    result = run(document(line))
    assert result["valid"], result["errors"]
    assert result["warnings"] == []


@pytest.mark.parametrize("year", range(2014, 2024))
def test_the_published_factor_of_the_data_year_is_not_flagged(year):
    factor = {2014: "0.6612", 2015: "0.8154", 2016: "0.9185", 2017: "0.8649", 2018: "0.9130",
              2019: "0.8458", 2020: "0.8041", 2021: "0.7221", 2022: "0.6766",
              2023: "0.6592"}[year]
    for typed in (factor, factor.rstrip("0") + "0", str(round(Decimal(factor), 3))):
        result = run(document(grid(ef_tco2_per_mwh=typed, ef_source="Thông báo"), year=year))
        assert result["warnings"] == [], (year, typed)


@pytest.mark.parametrize("typed", ["0.918", "0.919", "0.92", "0.9185"])
def test_a_grid_factor_rounded_either_way_at_a_half_is_the_published_one(typed):
    result = run(document(grid(ef_tco2_per_mwh=typed, ef_source="Thông báo"), year=2016))
    assert result["warnings"] == []


def test_a_grid_factor_matching_several_years_names_them():
    result = run(document(grid(ef_tco2_per_mwh="0.66", ef_source="Làm tròn"), year=2021))
    [warning] = result["warnings"]
    assert warning["code"] == "grid_factor_other_year"
    assert "2014, 2023" in warning["message"] and "2014, 2023" in warning["message_vi"]


def test_an_implausible_grid_factor_is_not_also_matched_to_a_year():
    result = run(document(grid(ef_tco2_per_mwh="676.6", ef_source="EVN"), year=2023))
    assert codes(result, "warnings") == [("years[0].sources[0].ef_tco2_per_mwh",
                                          "implausible_factor")]
    assert "“Electricity emission factor”" in result["warnings"][0]["message"]
    assert "“Hệ số phát thải điện”" in result["warnings"][0]["message_vi"]


# --- the GWP set of the previous report ---------------------------------------------------

def test_a_gwp_set_other_than_the_previous_reports_is_warned_at_gwp_set():
    assert run(document(diesel(), gwp_set="AR6"))["warnings"] == []  # no previous report
    result = evaluate_ghg(document(diesel(), gwp_set="AR6"), today=TODAY,
                          previous_gwp_set="AR5")
    assert result["valid"]
    [warning] = result["warnings"]
    assert (warning["path"], warning["code"], warning["severity"]) == \
        ("gwp_set", "gwp_set_changed", "warning")
    assert "AR6" in warning["message"] and "AR5" in warning["message"]
    assert "AR6" in warning["message_vi"] and "báo cáo trước" in warning["message_vi"]


@pytest.mark.parametrize(("gwp_set", "previous", "warned"), [
    ("AR5", "AR5", False), (None, "AR5", False), (None, "AR4", True), ("AR4", None, False),
    ("AR4", "AR6", True), ("AR9", "AR5", False),  # an unknown set is an error already
])
def test_gwp_set_comparison(gwp_set, previous, warned):
    result = evaluate_ghg(document(diesel(), gwp_set=gwp_set), today=TODAY,
                          previous_gwp_set=previous)
    assert (("gwp_set", "gwp_set_changed") in codes(result, "warnings")) is warned


def test_documents_evaluate_passes_the_previous_gwp_set_through():
    doc = document(diesel(), gwp_set="AR4")
    result = evaluate_document(FormKind.GHG_INVENTORY, doc, today=TODAY, previous_gwp_set="AR5")
    assert codes(result, "warnings") == [("gwp_set", "gwp_set_changed")]
    assert evaluate_document(FormKind.GHG_INVENTORY, doc, today=TODAY)["warnings"] == []


# --- worked examples and the bench documents stay clean -------------------------------------

@pytest.mark.parametrize("folder", [None, SHARED_EXAMPLES])
def test_the_worked_examples_give_no_new_warning(folder):
    if folder is None:
        doc = load_example("ghg-worked-examples.json")
    elif (folder / "ghg-worked-examples.json").exists():
        doc = json.loads((folder / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    else:
        pytest.skip("shared examples not mounted")
    result = evaluate_ghg(doc, today=TODAY, previous_gwp_set="AR5")
    assert result["valid"] and result["errors"] == [] and result["warnings"] == []


def test_the_benchmark_documents_give_no_plausibility_warning():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_ghg
    finally:
        sys.path.remove(str(ROOT / "bench"))
    for seed in range(10):
        result = run(bench_ghg.make_document(seed))
        # 2024 and 2025 have no published grid factor, and quantities vary from year to year.
        assert result["valid"] and {w["code"] for w in result["warnings"]} <= \
            {"provisional_grid_factor", "large_change"}, seed


# --- the catalogue -------------------------------------------------------------------------

NEW_RULES = {
    "gas_density_impossible": "error", "gas_density_implausible": "warning",
    "heating_value_impossible": "error", "heating_value_implausible": "warning",
    "grid_factor_other_year": "warning", "grid_factor_not_published": "warning",
    "refrigerant_above_charge": "warning", "process_factor_too_small": "warning",
    "gwp_set_changed": "warning",
}


def test_the_new_rules_are_in_the_catalogue_with_their_severity():
    ghg_codes = {r.code: r.severity for r in rules_for("ghg-inventory")}
    assert {code: ghg_codes.get(code) for code in NEW_RULES} == NEW_RULES
    declaration = {r.code for r in rules_for("env-declaration")}
    assert {"gas_density_impossible", "gas_density_implausible",
            "implausible_factor"} <= declaration
    assert not {"heating_value_implausible", "grid_factor_other_year",
                "gwp_set_changed"} & declaration


def test_intake_rules_list_shows_the_new_rules():
    done = subprocess.run([sys.executable, "-m", "intake", "rules", "list", "--format", "json",
                           "--form", "ghg-inventory"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    listed = {r["code"]: r["severity"] for r in json.loads(done.stdout)}
    assert {code: listed.get(code) for code in NEW_RULES} == NEW_RULES


def test_docs_name_every_new_rule():
    text = (ROOT / "docs" / "ghg.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in text for code in NEW_RULES)


# --- the command line ----------------------------------------------------------------------

def test_intake_ghg_calculate_flags_every_trap_on_its_line(tmp_path):
    traps = [(line, key, code) for line, year, key, code, _ in TRAPS.values() if year == 2024]
    lines = [line for line, _, _ in traps]
    expected = {(f"years[0].sources[{j}].{key}", code) for j, (_, key, code) in enumerate(traps)}
    path = tmp_path / "traps.json"
    path.write_text(json.dumps(document(*lines), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "intake", "ghg", "calculate", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # some traps are errors: the document is invalid
    result = json.loads(done.stdout)
    flagged = {(p["path"], p["code"]) for p in result["errors"] + result["warnings"]}
    assert expected <= flagged, expected - flagged


# --- the environmental declaration shares the density checks ---------------------------------

def _declaration_with(*fuels: dict[str, Any]) -> dict[str, Any]:
    doc = load_declaration("paper-mill-2025")
    doc["energy"]["fuels"].extend(fuels)
    return doc


@pytest.mark.parametrize(("row", "code"), [
    ({"fuel": "natural_gas", "quantity": "100000", "unit": "Nm3", "density_kg_per_l": "0.72"},
     "gas_density_impossible"),
    ({"fuel": "natural_gas", "quantity": "100000", "unit": "m3", "density_kg_per_l": "0.72"},
     "gas_density_implausible"),
    ({"fuel": "diesel_oil", "quantity": "100000", "unit": "L", "density_kg_per_l": "845"},
     "implausible_factor"),
])
def test_declaration_fuel_rows_get_the_same_density_checks(row, code):
    result = evaluate_declaration(_declaration_with(row), today=DECLARATION_TODAY)
    found = [(p["path"], p["code"]) for p in result["errors"] + result["warnings"]]
    assert found == [("energy.fuels[2].density_kg_per_l", code)]
    assert result["valid"] is (rule(code).severity == "warning")


def test_a_correct_gas_density_per_litre_on_a_declaration_is_not_flagged():
    row = {"fuel": "natural_gas", "quantity": "100000", "unit": "Nm3",
           "density_kg_per_l": "0.00075"}
    result = evaluate_declaration(_declaration_with(row), today=DECLARATION_TODAY)
    assert result["valid"] and result["warnings"] == []
