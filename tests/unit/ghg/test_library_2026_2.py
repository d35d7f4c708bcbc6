"""Factor library 2026.2: the full IPCC 2006 fuel list, the national list of Decision
2626/QĐ-BTNMT served first (Circular 38, Art. 18), the refrigerants and blends Vietnamese plants
use. The library is checked against the reference files row by row, and calculations against
values computed here from those files (never from the library), with quantities a float cannot
hold."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from forms.library import GWP_SETS, load_library
from intake.domain.declaration import evaluate as evaluate_declaration
from tests.unit.declaration.conftest import TODAY as DECLARATION_DAY
from tests.unit.declaration.conftest import load as load_declaration
from tests.unit.ghg.conftest import document
from tests.unit.ghg.helpers import codes, run

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = ROOT.parent / "shared" / "reference"
EXACT = "1234.567890123456789"  # 19 significant digits: a float keeps 15 to 17
SECTORS = {"energy_industries": "energy", "manufacturing_construction": "manufacturing",
           "commercial_institutional": "commercial"}

LIB = load_library("2026.2")


def reference(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the project (CI has it)")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gwp_of(gas: str, gwp_set: str) -> Decimal:
    """A gas's GWP from the reference files themselves."""
    for r in reference("gwp-refrigerants.csv") + reference("gwp.csv"):
        if r["gas"] == gas and r[gwp_set.lower()]:
            return Decimal(r[gwp_set.lower()])
    raise KeyError(gas)


def blend_gwp(blend: str, gwp_set: str) -> Decimal:
    (row,) = [r for r in reference("refrigerant-blends-full.csv") if r["blend"] == blend]
    return sum((Decimal(fraction) * gwp_of(gas, gwp_set)
                for gas, fraction in (part.split(":") for part in row["composition"].split(";"))), Decimal(0))


def refrigerant(gas: str, quantity: str = EXACT, unit: str = "kg") -> dict:
    return {"category": "refrigerant", "gas": gas, "quantity": quantity, "unit": unit}


def combustion(fuel: str, quantity: str = EXACT, sector: str = "manufacturing", **extra) -> dict:
    return {"category": "stationary_combustion", "sector": sector, "fuel": fuel, "quantity": quantity,
            "unit": "t", **extra}


# --- the library against its sources --------------------------------------------------------------

def test_every_ipcc_fuel_is_in_the_library_with_its_values():
    rows = reference("ipcc2006-fuels-full.csv")
    assert len(rows) == 53 and set(LIB.fuels) == {r["fuel"] for r in rows}
    for r in rows:
        ipcc = {(f.parameter, f.sector): f for f in LIB.fuel_factors if f.fuel == r["fuel"] and f.authority == "ipcc2006"}
        assert LIB.fuels[r["fuel"]].biogenic is (r["biogenic"] == "yes")
        assert LIB.fuels[r["fuel"]].name_vi == r["name_vi"]
        if r["ncv_tj_per_gg"]:
            assert ipcc[("ncv", "")].value == Decimal(r["ncv_tj_per_gg"]), r["fuel"]
        else:
            assert ("ncv", "") not in ipcc
        assert ipcc[("co2", "")].value == Decimal(r["co2_kg_per_tj"])
        for sector in ("energy", "manufacturing", "commercial"):
            for gas in ("ch4", "n2o"):
                assert ipcc[(gas, sector)].value == Decimal(r[f"{gas}_{sector}_kg_per_tj"]), (r["fuel"], gas, sector)


def test_the_national_list_is_in_the_library_cited_by_part_and_row_and_served_first():
    used = 0
    for r in reference("vn-2626-emission-factors.csv"):
        parts = r["key"].split(".")
        if parts[0] != "fuel_combustion" or parts[1] not in SECTORS or r["fuel"] not in LIB.fuels:
            continue
        chosen = LIB.fuel_factor(r["fuel"], parts[3], SECTORS[parts[1]])
        assert chosen.authority == "national" and chosen.value == Decimal(r["value"]), r["key"]
        assert chosen.source.table == "Phần I" and chosen.source.row == f"STT {r['decision_row']}"
        assert "2626/QĐ-BTNMT" in chosen.source.cite()
        used += 1
    assert used == 53  # every Part I row of the three combustion sectors


def test_every_refrigerant_is_known_by_name_and_number_with_its_gwp_or_none():
    for r in reference("gwp-refrigerants.csv"):
        assert LIB.canonical_gas(r["gas"]) == r["gas"]
        if r["refrigerant_no"]:
            assert LIB.canonical_gas(r["refrigerant_no"]) == r["gas"], r["refrigerant_no"]
        assert LIB.gases[r["gas"]].ozone_depleting is (r["ozone_depleting"] == "yes")
        for gwp_set in GWP_SETS:
            value = r[gwp_set.lower()]
            if value:
                assert LIB.gwp_value(r["gas"], gwp_set).value == Decimal(value)
            else:  # no value in the source: none in the library, never a zero
                assert (r["gas"], gwp_set) not in LIB.gwp


def test_every_blend_has_its_composition():
    for r in reference("refrigerant-blends-full.csv"):
        parts = {gas: Decimal(f) for gas, f in (p.split(":") for p in r["composition"].split(";"))}
        key = LIB.canonical_gas(r["blend"])
        if key in LIB.blends:
            assert {c.gas: c.mass_fraction for c in LIB.blends[key].components} == parts
        else:  # R-134a, R-32: a single compound, the gas itself
            assert parts == {key: 1}


# --- calculations ---------------------------------------------------------------------------------

@pytest.mark.parametrize("gwp_set", ["AR4", "AR5"])
@pytest.mark.parametrize("typed", ["R-22", "R22", "HCFC-22"])
def test_r22_by_number_or_name_is_hcfc22_flagged_ozone_depleting(gwp_set, typed):
    result = run(document(refrigerant(typed), gwp_set=gwp_set))
    assert result["valid"], result["errors"]
    (line,) = result["lines"]
    assert line["tco2e"] == Decimal(EXACT) / 1000 * gwp_of("HCFC-22", gwp_set)
    assert line["gases_t"] == {"HCFC-22": Decimal(EXACT) / 1000}
    assert line["ozone_depleting"] == ["HCFC-22"]
    assert "ozone-depleting substance" in line["trace"] and "suy giảm tầng ô-dôn" in line["trace_vi"]


@pytest.mark.parametrize("gwp_set", ["AR4", "AR5"])
@pytest.mark.parametrize("blend", ["R-407A", "R-507A", "R-404A", "R-410A", "R-427A"])
def test_a_blend_counts_the_mass_weighted_gwp_of_its_components(gwp_set, blend):
    result = run(document(refrigerant(blend), gwp_set=gwp_set))
    assert result["valid"], result["errors"]
    assert result["lines"][0]["tco2e"] == Decimal(EXACT) / 1000 * blend_gwp(blend, gwp_set)
    assert "ozone_depleting" not in result["lines"][0]


def test_a_gas_without_a_gwp_in_the_set_is_an_error_naming_the_set_never_a_zero():
    result = run(document(refrigerant("R-448A"), gwp_set="AR5"))
    assert not result["valid"]
    (error,) = result["errors"]
    assert (error["path"], error["code"]) == ("years[0].sources[0].gas", "gwp_not_in_set")
    assert "AR5" in error["message"] and "HFO-1234yf" in error["message"] and "AR6" in error["message"]
    assert "không bao giờ tính là 0" in error["message_vi"]
    assert result["lines"] == []
    assert run(document(refrigerant("R-448A"), gwp_set="AR6"))["valid"]
    ammonia = run(document(refrigerant("R-717"), gwp_set="AR4"))
    assert codes(ammonia) == [("years[0].sources[0].gas", "gwp_not_in_set")]


@pytest.mark.parametrize("fuel", ["other_primary_solid_biomass", "charcoal", "sulphite_lyes", "waste_oils",
                                  "wood", "peat"])
def test_the_fuels_plants_burn_with_the_national_list_first_and_ipcc_as_fallback(fuel):
    (row,) = [r for r in reference("ipcc2006-fuels-full.csv") if r["fuel"] == fuel]
    national = {r["key"].split(".")[3]: Decimal(r["value"]) for r in reference("vn-2626-emission-factors.csv")
                if r["key"].startswith(f"fuel_combustion.manufacturing_construction.{fuel}.")}
    result = run(document(combustion(fuel), gwp_set="AR4"))
    assert result["valid"], result["errors"]
    (line,) = result["lines"]
    tj = Decimal(EXACT) / 1000 * Decimal(row["ncv_tj_per_gg"])
    assert line["energy_tj"] == tj
    factor = {gas: national.get(gas, Decimal(row[f"{gas}_manufacturing_kg_per_tj"] if gas != "co2"
                                             else row["co2_kg_per_tj"])) for gas in ("co2", "ch4", "n2o")}
    co2 = tj * factor["co2"] / 1000
    expected = tj * factor["ch4"] / 1000 * gwp_of("CH4", "AR4") + tj * factor["n2o"] / 1000 * gwp_of("N2O", "AR4")
    if row["biogenic"] == "yes":  # a memo item outside the totals
        assert line["biogenic_co2_t"] == co2
    else:
        expected += co2
    assert line["tco2e"] == expected
    origins = {f["parameter"]: f["origin"] for f in line["factors"] if f["parameter"] in ("ch4", "n2o")}
    assert origins == {gas: "national" if gas in national else "ipcc2006" for gas in ("ch4", "n2o")}
    if national:
        assert "Quyết định 2626/QĐ-BTNMT" in line["trace"] and "Phần I" in line["trace_vi"]
        # Cited in the reader's words: "dòng" in Vietnamese, "row" in English.
        assert "Phần I, dòng “STT" in line["trace_vi"] and "row “STT" not in line["trace_vi"]


def test_a_fuel_without_an_ipcc_heating_value_needs_the_facilitys():
    result = run(document(combustion("industrial_wastes")))
    assert codes(result) == [("years[0].sources[0].ncv_tj_per_gg", "ncv_required")]
    stated = run(document(combustion("industrial_wastes", ncv_tj_per_gg="9.5", ef_source="Phiếu phân tích 12/2024")))
    assert stated["valid"], stated["errors"]
    assert stated["lines"][0]["energy_tj"] == Decimal(EXACT) / 1000 * Decimal("9.5")


def test_railway_diesel_uses_the_national_factors():
    line = {"category": "mobile_combustion", "fuel": "diesel_oil", "vehicle": "rail", "quantity": EXACT, "unit": "t"}
    result = run(document(line))
    assert result["valid"], result["errors"]
    n2o = next(r for r in reference("vn-2626-emission-factors.csv") if r["key"] == "fuel_combustion.railways.diesel_oil.n2o")
    assert result["lines"][0]["n2o_t"] == Decimal(EXACT) / 1000 * 43 * Decimal(n2o["value"]) / 1000


def test_a_report_on_library_2026_1_keeps_its_factors_and_is_told_what_that_version_lacks():
    old = run(document(combustion("diesel_oil"), factor_library_version="2026.1"))
    assert old["valid"] and old["factor_library_version"] == "2026.1"
    assert {f["origin"] for f in old["lines"][0]["factors"] if f["parameter"] == "ch4"} == {"ipcc2006"}
    missing = run(document(refrigerant("R-22"), combustion("charcoal"), factor_library_version="2026.1"))
    assert codes(missing) == [("years[0].sources[0].gas", "not_in_library"),
                              ("years[0].sources[1].fuel", "not_in_library")]
    assert "2026.2" in missing["errors"][0]["message_vi"]
    assert run(document(refrigerant("R-22")))["factor_library_version"] == "2026.2"


def test_intake_ghg_calculate_takes_a_refrigerant_number(tmp_path):
    path = tmp_path / "r22.json"
    path.write_text(json.dumps(document(refrigerant("R-22", "25")), ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "intake", "ghg", "calculate", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout, parse_float=Decimal)
    assert result["years"]["2024"]["total_tco2e"] == Decimal("0.025") * gwp_of("HCFC-22", "AR5")


# --- the declaration converts like the inventory ------------------------------------------------

def test_a_declarations_gaseous_fuel_in_m3_converts_to_tj_with_its_density():
    declaration = load_declaration("paper-mill-2025")
    declaration["energy"]["fuels"] = [{"fuel": "natural_gas", "quantity": EXACT, "unit": "Nm3",
                                       "density_kg_per_m3": "0.7512345678901234567"}]
    result = evaluate_declaration(declaration, today=DECLARATION_DAY)
    assert result["valid"], result["errors"]
    (row,) = [r for r in reference("ipcc2006-fuels-full.csv") if r["fuel"] == "natural_gas"]
    tonnes = Decimal(EXACT) * Decimal("0.7512345678901234567") / 1000
    assert Decimal(str(result["totals"]["energy_tj"])) == tonnes / 1000 * Decimal(row["ncv_tj_per_gg"])
    assert not [w for w in result["warnings"] if w["code"] == "fuel_energy_not_converted"]


def test_the_same_diesel_gives_the_same_toe_in_both_forms():
    litres = {"fuel": "diesel_oil", "quantity": "120000", "unit": "L", "density_kg_per_l": "0.845"}
    inventory = run(document({"category": "stationary_combustion", "sector": "manufacturing", **litres}))
    declaration = load_declaration("paper-mill-2025")
    declaration["energy"]["fuels"] = [litres]
    totals = evaluate_declaration(declaration, today=DECLARATION_DAY)["totals"]
    (toe_row,) = [r for r in reference("toe-conversion.csv") if (r["fuel"], r["unit"]) == ("diesel_oil", "1000 L")]
    expected = Decimal(120) * Decimal(toe_row["toe_per_unit"])  # the MOIT per-1000-litre row: 105.6
    assert inventory["lines"][0]["energy_toe"] == expected
    assert Decimal(str(totals["fuel_energy_toe"])) == expected
    assert inventory["years"]["2024"]["fuel_energy_toe"] == expected
    # Fuels with electricity, under the same key in both forms.
    assert Decimal(str(totals["total_energy_toe"])) == expected + Decimal(str(totals["electricity_toe"]))


# --- industrial processes: Decision 2626 Part II ------------------------------------------------

def part_ii(key: str) -> Decimal:
    (row,) = [r for r in reference("vn-2626-emission-factors.csv") if r["key"] == key]
    return Decimal(row["value"])


def process(process_type: str, quantity: str = EXACT, **extra) -> dict:
    return {"category": "industrial_process", "process": "Dây chuyền 1", "process_type": process_type,
            "quantity": quantity, "unit": "t", **extra}


def test_a_process_type_takes_the_national_factor_and_says_which_ipcc_default_it_replaces():
    result = run(document(process("steel_eaf"), process("cement_clinker"), process("nitric_acid_medium_pressure"),
                          gwp_set="AR4"))
    assert result["valid"], result["errors"]
    eaf, clinker, nitric = result["lines"]
    assert eaf["co2_t"] == Decimal(EXACT) * part_ii("steel.eaf.co2_ef")
    assert "Phần II, row “STT 3.2”" in eaf["trace"] and "IPCC 2006 default 0.08 t CO2/t" in eaf["trace"]
    assert "not used" in eaf["trace"] and "không dùng giá trị mặc định IPCC 2006 0,08 t CO2/t" in eaf["trace_vi"]
    # Clinker: × the cement kiln dust correction of the same list (IPCC 2006 Vol. 3 eq. 2.2).
    assert clinker["co2_t"] == Decimal(EXACT) * part_ii("cement.clinker.co2_ef") * part_ii("cement.ckd_correction_factor")
    # Nitric acid: kg N2O per t, as N2O.
    assert nitric["n2o_t"] == Decimal(EXACT) * part_ii("nitric_acid.medium_pressure.n2o_ef") / 1000
    assert nitric["tco2e"] == nitric["n2o_t"] * gwp_of("N2O", "AR4")
    assert {f["origin"] for f in nitric["factors"] if f["parameter"] == "per_tonne"} == {"national"}


def test_a_process_line_needs_a_type_or_its_own_factor_and_the_types_gas():
    result = run(document({"category": "industrial_process", "process": "Lò nung", "quantity": "10", "unit": "t"},
                          process("nitric_acid_medium_pressure", gas="CO2")))
    assert codes(result) == [("years[0].sources[0].ef_tco2_per_t", "required"),
                             ("years[0].sources[1].gas", "process_gas_mismatch")]
    own = run(document(process("steel_bof", ef_tco2_per_t="1.9", ef_source="Đo kiểm 2024")))
    assert own["valid"] and own["lines"][0]["co2_t"] == Decimal(EXACT) * Decimal("1.9")  # the facility's first
    old = run(document(process("steel_bof"), factor_library_version="2026.1"))
    assert codes(old) == [("years[0].sources[0].process_type", "not_in_library")]
