"""Benchmark: validate + calculate GHG documents of 2 years × 30 lines, on one core.

Goal (issue 3): ≥ 200 documents/s, and at least half the rate of a bare marshmallow load of
the same documents (a hand-written plain schema of the same shape), measured in the same run.

    .venv/bin/python bench/bench_ghg.py [--documents 300] [--repeat 5]
"""
from __future__ import annotations

import argparse
import copy
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from marshmallow import Schema, fields

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake.domain.ghg import evaluate  # noqa: E402

TODAY = dt.date(2026, 11, 24)
GOAL_DOCS_PER_S = 200
GOAL_RATIO = 0.5

LINE_TEMPLATES = [
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
     "unit": "t"},
    {"category": "stationary_combustion", "sector": "energy", "fuel": "other_bituminous_coal",
     "unit": "t"},
    {"category": "stationary_combustion", "sector": "commercial", "fuel": "natural_gas",
     "unit": "Nm3", "density_kg_per_m3": "0.75"},
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
     "unit": "L", "density_kg_per_l": "0.845"},
    {"category": "mobile_combustion", "fuel": "motor_gasoline", "unit": "t"},
    {"category": "refrigerant", "gas": "R-410A", "unit": "kg"},
    {"category": "fugitive", "gas": "SF6", "unit": "kg"},
    {"category": "industrial_process", "process": "Sản xuất vôi", "ef_tco2_per_t": "0.75",
     "ef_source": "Quyết định phê duyệt", "unit": "t"},
    {"category": "purchased_electricity", "supply": "grid", "unit": "kWh"},
    {"category": "purchased_steam", "ef_tco2_per_t": "0.2", "ef_source": "Nhà cung cấp",
     "unit": "t"},
]


def make_document(seed: int) -> dict:
    years = []
    for year in (2024, 2025):
        lines = []
        for i in range(30):
            template = LINE_TEMPLATES[(i + seed) % len(LINE_TEMPLATES)]
            lines.append({"id": f"S{i + 1}", **template,
                          "quantity": str(100 + (seed * 37 + i * 11 + year) % 9000),
                          "description": f"Nguồn {i + 1}"})
        years.append({"year": year, "sources": lines})
    return {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
            "facility": {"tax_code": "0100112437", "name": "Công ty Ví dụ",
                         "address": "xã Thiên Lộc, thành phố Hà Nội", "commune_code": "00493"},
            "years": years}


class PlainLine(Schema):
    """The baseline: every key of a source line, plain marshmallow fields, no rules."""

    id = fields.String(required=True)
    category = fields.String(required=True)
    description = fields.String()
    sector = fields.String()
    fuel = fields.String()
    vehicle = fields.String()
    distance_km = fields.Decimal()
    gas = fields.String()
    process = fields.String()
    waste_type = fields.String()
    supply = fields.String()
    supplier = fields.String()
    equipment = fields.String()
    equipment_count = fields.Integer()
    charge_kg = fields.Decimal()
    quantity = fields.Decimal(required=True)
    unit = fields.String(required=True)
    density_kg_per_l = fields.Decimal()
    density_kg_per_m3 = fields.Decimal()
    ncv_tj_per_gg = fields.Decimal()
    ncv_tj_per_unit = fields.Decimal()
    ef_co2_kg_per_tj = fields.Decimal()
    ef_ch4_kg_per_tj = fields.Decimal()
    ef_n2o_kg_per_tj = fields.Decimal()
    ef_tco2_per_mwh = fields.Decimal()
    ef_tco2_per_t = fields.Decimal()
    ef_source = fields.String()
    data_source = fields.String()


class PlainYear(Schema):
    year = fields.Integer(required=True)
    notes = fields.String()
    sources = fields.List(fields.Nested(PlainLine))


class PlainFacility(Schema):
    tax_code = fields.String(required=True)
    name = fields.String(required=True)
    address = fields.String(required=True)
    commune_code = fields.String(required=True)
    vsic = fields.String()
    main_products = fields.String()
    legal_representative = fields.String()
    contact_name = fields.String()
    contact_phone = fields.String()
    contact_email = fields.String()


class PlainDocument(Schema):
    form = fields.String(required=True)
    form_version = fields.String(required=True)
    gwp_set = fields.String()
    facility = fields.Nested(PlainFacility, required=True)
    years = fields.List(fields.Nested(PlainYear), required=True)


def rates(functions, documents, repeat: int) -> list[float]:
    """Median documents per second of each function over `repeat` rounds. A round runs one
    pass of each function in turn, so that load from other processes on the machine weighs
    on the baseline and the engine alike rather than on whichever ran during it."""
    passes: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for function, measured in zip(functions, passes):
            start = time.perf_counter()
            for doc in documents:
                function(doc)
            measured.append(len(documents) / (time.perf_counter() - start))
    return [statistics.median(measured) for measured in passes]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    documents = [make_document(seed) for seed in range(args.documents)]
    check = evaluate(copy.deepcopy(documents[0]), today=TODAY)
    assert check["valid"], check["errors"]
    plain = PlainDocument()
    evaluate(documents[1], today=TODAY)  # warm caches (library, schema, trace templates)
    plain.load(documents[1])

    baseline, engine, no_trace = rates(
        (plain.load, lambda d: evaluate(d, today=TODAY),
         lambda d: evaluate(d, today=TODAY, traces=False)), documents, args.repeat)
    ratio = engine / baseline
    print(f"documents: {args.documents} × (2 years × 30 lines), median of {args.repeat} "
          "interleaved passes")
    print(f"bare marshmallow load:                 {baseline:8.1f} documents/s")
    print(f"validate + calculate (with traces):    {engine:8.1f} documents/s  "
          f"ratio {ratio:.2f}")
    print(f"validate + calculate (traces=False):   {no_trace:8.1f} documents/s  "
          f"ratio {no_trace / baseline:.2f}")
    print(f"goal: ≥ {GOAL_DOCS_PER_S} documents/s and ratio ≥ {GOAL_RATIO} (with traces)")
    ok = engine >= GOAL_DOCS_PER_S and ratio >= GOAL_RATIO
    print("goal met" if ok else f"GOAL NOT MET (≥ {GOAL_DOCS_PER_S} documents/s and "
                                f"ratio ≥ {GOAL_RATIO})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
