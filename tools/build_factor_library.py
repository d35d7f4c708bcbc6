"""Build factor-library version 2026.2 from the reference files (`../shared/reference/`).

    python tools/build_factor_library.py [REFERENCE_DIR]

Writes `forms/library/2026.2/`. The folder is committed; this script is how it was made, and
`tests/unit/ghg/test_library_sources.py` checks it against the same files row by row. It is
never run on a version that reports were calculated with (a version is never edited).

What 2026.2 adds to 2026.1:
- the full IPCC 2006 fuel list (`ipcc2006-fuels-full.csv`, Vol. 2 Tables 1.2, 1.4, 2.2-2.4);
- the national list, Decision 2626/QĐ-BTNMT Part I (fuel combustion), each value cited by part
  and row, `authority` national: the library serves it before the IPCC default (Circular 38,
  Art. 18), and the trace cites it;
- Decision 2626 Part II for the industrial processes a line selects (`process-factors.csv`), with
  the IPCC 2006 default beside it where the reference file states one;
- the refrigerants of `gwp-refrigerants.csv` (by gas name and refrigerant number, ozone-
  depleting HCFCs flagged) and the blends of `refrigerant-blends-full.csv`.
"""
from __future__ import annotations

import csv
import shutil
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "forms" / "library"
PREVIOUS, VERSION = "2026.1", "2026.2"

IPCC_CH1 = "IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Ch. 1"
IPCC_CH2 = "IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Ch. 2"
IPCC_CH3 = "IPCC 2006 Guidelines for National Greenhouse Gas Inventories, Vol. 2, Ch. 3"
DECISION_2626 = "Quyết định 2626/QĐ-BTNMT (10/10/2022) công bố danh mục hệ số phát thải"
SECTOR_TABLES = {"energy": "Table 2.2", "manufacturing": "Table 2.3", "commercial": "Table 2.4"}
# Decision 2626 Part I activity -> the combustion sector of the form, or the vehicle of a
# mobile source.
NATIONAL_SECTORS = {"energy_industries": "energy", "manufacturing_construction": "manufacturing",
                    "commercial_institutional": "commercial"}
NATIONAL_VEHICLES = {"road_transport": "road", "railways": "rail", "domestic_navigation": "navigation",
                     "domestic_aviation": "aviation"}
# 2626's road-transport gasoline factors are IPCC's for uncontrolled vehicles.
ROAD_VEHICLE = {"motor_gasoline": "road_uncontrolled"}

GASEOUS = {"natural_gas", "biogas", "landfill_gas", "sludge_gas", "refinery_gas", "ethane",
           "gas_works_gas", "coke_oven_gas", "blast_furnace_gas", "oxygen_steel_furnace_gas"}
SOLID = {"petroleum_coke", "anthracite", "coking_coal", "other_bituminous_coal", "sub_bituminous_coal",
         "lignite", "coke_oven_coke", "oil_shale_tar_sands", "brown_coal_briquettes", "patent_fuel",
         "gas_coke", "peat", "municipal_wastes_non_biomass", "industrial_wastes", "paraffin_waxes"}
SOLID_BIOMASS = {"wood", "other_primary_solid_biomass", "charcoal", "municipal_wastes_biomass"}

GWP_SOURCES = {
    "AR4": ("IPCC Fourth Assessment Report (2007), WG I, Ch. 2", "Table 2.14"),
    "AR5": ("IPCC Fifth Assessment Report (2013), WG I, Ch. 8", "Table 8.A.1"),
    "AR6": ("IPCC Sixth Assessment Report (2021), WG I, Ch. 7", "Table 7.SM.7"),
}
ASHRAE = "ANSI/ASHRAE Standard 34, Designation and Safety Classification of Refrigerants"
# Blends of one compound only: the refrigerant number names the compound itself (R-134a is
# HFC-134a), so it is an alias of the gas, not a blend.
SINGLE_COMPOUNDS = {"R-134a", "R-32"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(name: str, columns: list[str], rows: list[dict[str, str]]) -> None:
    with (LIBRARY / VERSION / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def fuel_group(key: str, biogenic: bool) -> str:
    if key in GASEOUS:
        return "gaseous"
    if key in SOLID_BIOMASS:
        return "biomass"
    return "solid" if key in SOLID else "liquid"


def fuels_and_factors(reference: Path) -> tuple[list[dict], list[dict]]:
    fuels, factors = [], []
    for r in read(reference / "ipcc2006-fuels-full.csv"):
        key, name = r["fuel"], r["name_en"]
        biogenic = r["biogenic"] == "yes"
        fuels.append({"fuel": key, "name_vi": r["name_vi"], "name_en": name,
                      "fuel_group": fuel_group(key, biogenic), "biogenic": r["biogenic"],
                      "document": IPCC_CH1, "table": "Table 1.2", "row": name})
        if r["ncv_tj_per_gg"]:  # industrial wastes have none: the line states its own
            factors.append(_factor(key, "ncv", "", r["ncv_tj_per_gg"], "TJ/Gg", IPCC_CH1, "Table 1.2", name))
        factors.append(_factor(key, "co2", "", r["co2_kg_per_tj"], "kg/TJ", IPCC_CH1, "Table 1.4", name))
        for sector, column in (("energy", "energy"), ("manufacturing", "manufacturing"),
                               ("commercial", "commercial")):
            for gas in ("ch4", "n2o"):
                factors.append(_factor(key, gas, sector, r[f"{gas}_{column}_kg_per_tj"], "kg/TJ", IPCC_CH2,
                                       SECTOR_TABLES[sector], name))
    return fuels, factors


def _factor(fuel, parameter, sector, value, unit, document, table, row, authority="ipcc2006") -> dict:
    return {"fuel": fuel, "parameter": parameter, "sector": sector, "value": str(Decimal(value)),
            "unit": unit, "authority": authority, "document": document, "table": table, "row": row}


def national(reference: Path, fuels: set[str]) -> tuple[list[dict], list[dict]]:
    """Decision 2626 Part I rows of the form's combustion sectors (stationary) and vehicles
    (mobile)."""
    stationary, mobile = [], []
    aviation_all: dict[str, dict[str, str]] = {}
    for r in read(reference / "vn-2626-emission-factors.csv"):
        parts = r["key"].split(".")
        if r["decision_part"] != "I" or parts[0] != "fuel_combustion" or r["factor_kind"] != "emission_factor":
            continue
        activity, fuel, gas = parts[1], parts[2], parts[3]
        row = f"STT {r['decision_row']}"
        table = f"Phần {r['decision_part']}"
        if activity in NATIONAL_SECTORS and fuel in fuels:
            stationary.append(_factor(fuel, gas, NATIONAL_SECTORS[activity], r["value"], "kg/TJ",
                                      DECISION_2626, table, row, authority="national"))
        elif activity in NATIONAL_VEHICLES:
            if fuel == "aviation_all_fuels":
                aviation_all[gas] = r
                continue
            vehicle = ROAD_VEHICLE.get(fuel, "road") if activity == "road_transport" else NATIONAL_VEHICLES[activity]
            mobile.append({"fuel": fuel, "vehicle": vehicle, "parameter": gas, "value": str(Decimal(r["value"])),
                           "unit": "kg/TJ", "authority": "national", "document": DECISION_2626,
                           "table": table, "row": row})
    # CH4 and N2O of aviation are given once for every aviation fuel.
    for fuel in sorted({m["fuel"] for m in mobile if m["vehicle"] == "aviation"}):
        for gas, r in sorted(aviation_all.items()):
            mobile.append({"fuel": fuel, "vehicle": "aviation", "parameter": gas, "value": str(Decimal(r["value"])),
                           "unit": "kg/TJ", "authority": "national", "document": DECISION_2626,
                           "table": f"Phần {r['decision_part']}", "row": f"STT {r['decision_row']}"})
    return stationary, mobile


# Decision 2626 Part II rows the form's industrial-process lines select (process, Part II key,
# gas, name_vi, name_en, the IPCC 2006 Tier 1 default where the reference file states it).
PROCESSES = (
    ("cement_clinker", "cement.clinker.co2_ef", "CO2", "Sản xuất clinker xi măng", "Cement clinker production",
     None),
    ("lime_high_calcium", "lime.high_calcium.co2_ef", "CO2", "Sản xuất vôi sống độ canxi cao",
     "High-calcium quicklime production", None),
    ("lime_dolomitic", "lime.dolomitic.co2_ef", "CO2", "Sản xuất vôi đôlômit", "Dolomitic lime production", None),
    ("float_glass", "glass.float_glass.co2_ef", "CO2", "Sản xuất kính nổi", "Float glass production",
     ("0.21", "IPCC 2006 Guidelines, Vol. 3, Ch. 2", "Table 2.6", "Float glass")),
    ("nitric_acid_medium_pressure", "nitric_acid.medium_pressure.n2o_ef", "N2O",
     "Sản xuất axit nitric, công nghệ áp suất trung bình", "Nitric acid production, medium pressure",
     ("0.007", "IPCC 2006 Guidelines, Vol. 3, Ch. 3", "Table 3.3", "Medium pressure combustion plants")),
    ("steel_bof", "steel.bof.co2_ef", "CO2", "Sản xuất thép lò thổi (BOF)", "Steel, basic oxygen furnace (BOF)",
     ("1.46", "IPCC 2006 Guidelines, Vol. 3, Ch. 4", "Table 4.1", "Basic oxygen furnace, Tier 1")),
    ("steel_eaf", "steel.eaf.co2_ef", "CO2", "Sản xuất thép lò hồ quang điện (EAF)", "Steel, electric arc furnace (EAF)",
     ("0.08", "IPCC 2006 Guidelines, Vol. 3, Ch. 4", "Table 4.1", "Electric arc furnace, Tier 1")),
)
# Units of Part II per tonne of product; kg of gas converted to t.
PER_TONNE = {"Kg N2O/tấn HNO3": Decimal("0.001")}


def process_factors(reference: Path) -> list[dict]:
    national = {r["key"]: r for r in read(reference / "vn-2626-emission-factors.csv") if r["decision_part"] == "II"}
    rows = []
    for process, key, gas, name_vi, name_en, ipcc in PROCESSES:
        r = national[key]
        value = Decimal(r["value"]) * PER_TONNE.get(r["unit"], Decimal(1))
        rows.append({"process": process, "name_vi": name_vi, "name_en": name_en, "gas": gas, "parameter": "ef",
                     "value": _plain(value), "unit": f"t {gas}/t", "authority": "national", "document": DECISION_2626,
                     "table": f"Phần {r['decision_part']}", "row": f"STT {r['decision_row']}"})
        if ipcc is not None:
            rows.append({"process": process, "name_vi": name_vi, "name_en": name_en, "gas": gas, "parameter": "ef",
                         "value": ipcc[0], "unit": f"t {gas}/t", "authority": "ipcc2006", "document": ipcc[1],
                         "table": ipcc[2], "row": ipcc[3]})
    # IPCC 2006 Vol. 3 eq. 2.2: clinker CO2 × the cement kiln dust correction.
    ckd = national["cement.ckd_correction_factor"]
    rows.append({"process": "cement_clinker", "name_vi": "Sản xuất clinker xi măng", "name_en": "Cement clinker production",
                 "gas": "CO2", "parameter": "ckd_correction", "value": _plain(Decimal(ckd["value"])), "unit": "CKD",
                 "authority": "national", "document": DECISION_2626, "table": f"Phần {ckd['decision_part']}",
                 "row": f"STT {ckd['decision_row']}"})
    return rows


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def gases_and_gwp(reference: Path) -> tuple[list[dict], list[dict]]:
    previous = {r["gas"]: r for r in read(LIBRARY / PREVIOUS / "gases.csv")}
    basic = {r["gas"]: r for r in read(reference / "gwp.csv")}
    refrigerants = {r["gas"]: r for r in read(reference / "gwp-refrigerants.csv")}
    gases, gwp = [], []
    for name in [*basic, *(g for g in refrigerants if g not in basic)]:
        ref = refrigerants.get(name, {})
        number = ref.get("refrigerant_no", "")
        number = "" if number == name else number
        old = previous.get(name)
        label = f"{name} ({number})" if number else name
        family = (basic.get(name) or ref)["family"]
        ods = ref.get("ozone_depleting") == "yes"
        gases.append({"gas": name, "family": family,
                      "name_vi": old["name_vi"] if old else label, "name_en": old["name_en"] if old else label,
                      "refrigerant_no": number, "ozone_depleting": "yes" if ods else "no",
                      "odp": ref.get("odp", ""), "montreal_annex": ref.get("montreal_annex", ""),
                      "document": GWP_SOURCES["AR5"][0], "table": GWP_SOURCES["AR5"][1], "row": name})
        for gwp_set, (document, table) in GWP_SOURCES.items():
            values = {source[gwp_set.lower()] for source in (basic.get(name), ref) if source and source[gwp_set.lower()]}
            if len(values) > 1:
                raise SystemExit(f"{name} {gwp_set}: the reference files disagree ({values})")
            if values:  # no value in a set: a calculation in that set is refused, never zero
                gwp.append({"gas": name, "gwp_set": gwp_set, "gwp_100": str(Decimal(values.pop())),
                            "document": document, "table": table, "row": name})
    return gases, gwp


def blends(reference: Path, gases: set[str]) -> list[dict]:
    rows = []
    for r in read(reference / "refrigerant-blends-full.csv"):
        if r["blend"] in SINGLE_COMPOUNDS:
            continue
        parts = [part.split(":") for part in r["composition"].split(";")]
        if sum(Decimal(f) for _, f in parts) != 1:
            raise SystemExit(f"{r['blend']}: fractions do not add up to 1")
        for component, fraction in parts:
            if component not in gases:
                raise SystemExit(f"{r['blend']}: unknown component {component}")
            rows.append({"refrigerant": r["blend"], "component": component, "mass_fraction": fraction,
                         "contains_ods": r["contains_ods"], "document": ASHRAE, "table": "Table 4-2",
                         "row": r["blend"]})
    return rows


def main(reference: Path) -> None:
    target = LIBRARY / VERSION
    target.mkdir(exist_ok=True)
    for name in ("fuel-densities.csv", "toe-conversion.csv", "grid-emission-factors.csv",
                 "hanoi-wards-communes-2025.csv", "hanoi-ghg-facilities-qd42-2026.csv"):
        shutil.copyfile(LIBRARY / PREVIOUS / name, target / name)
    # Circular 42/2020's Annex I as far as it is known: 8 of its 16 sectors (`load_declarant_sectors`).
    shutil.copyfile(reference / "circular42-declarant-sectors.csv", target / "circular42-declarant-sectors.csv")
    fuels, ipcc = fuels_and_factors(reference)
    stationary, mobile_national = national(reference, {f["fuel"] for f in fuels})
    factor_columns = ["fuel", "parameter", "sector", "value", "unit", "authority", "document", "table", "row"]
    write("fuels.csv", ["fuel", "name_vi", "name_en", "fuel_group", "biogenic", "document", "table", "row"], fuels)
    write("fuel-factors.csv", factor_columns, ipcc + stationary)
    mobile_ipcc = [{"fuel": r["fuel"], "vehicle": r["vehicle"], "parameter": gas, "value": str(Decimal(r[f"{gas}_kg_per_tj"])),
                    "unit": "kg/TJ", "authority": "ipcc2006", "document": IPCC_CH3,
                    "table": "Table 3.2.1" if gas == "co2" else "Table 3.2.2", "row": r["fuel"].replace("_", " ")}
                   for r in read(reference / "ipcc2006-mobile.csv") for gas in ("co2", "ch4", "n2o")]
    write("mobile-factors.csv", ["fuel", "vehicle", "parameter", "value", "unit", "authority", "document", "table",
                                 "row"], mobile_ipcc + mobile_national)
    write("process-factors.csv", ["process", "name_vi", "name_en", "gas", "parameter", "value", "unit", "authority",
                                  "document", "table", "row"], process_factors(reference))
    gases, gwp = gases_and_gwp(reference)
    write("gases.csv", ["gas", "family", "name_vi", "name_en", "refrigerant_no", "ozone_depleting", "odp",
                        "montreal_annex", "document", "table", "row"], gases)
    write("gwp.csv", ["gas", "gwp_set", "gwp_100", "document", "table", "row"], gwp)
    write("refrigerant-blends.csv", ["refrigerant", "component", "mass_fraction", "contains_ods", "document",
                                     "table", "row"], blends(reference, {g["gas"] for g in gases}))
    print(f"wrote {target}: {len(fuels)} fuels, {len(ipcc) + len(stationary)} fuel factors "
          f"({len(stationary)} national), {len(mobile_ipcc) + len(mobile_national)} mobile factors, "
          f"{len(gases)} gases, {len(gwp)} GWP values")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
