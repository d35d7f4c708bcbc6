"""The fast paths of the engine give exactly what the reference code gives.

`trace.render_both` fills a cached template per line signature; `schemas.build._fast_load`
loads a clean document without marshmallow's schema machinery. Both must be indistinguishable
from `trace.render` and `Schema.load`, key order included.
"""
from __future__ import annotations

import copy

import pytest

from forms import ghg
from intake.domain.ghg import evaluate, trace
from intake.domain.ghg.calculate import calculate_line
from intake.domain.ghg.evaluation import _applicable
from schemas.build import _fast_load, _plan_for, load_document, schema_for
from schemas.ghg import validate_ghg_document
from tests.unit.ghg.conftest import TODAY, document

LINES = [
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
     "unit": "t"},
    {"category": "stationary_combustion", "sector": "commercial", "fuel": "natural_gas",
     "unit": "Nm3", "density_kg_per_m3": "0.75"},
    {"category": "stationary_combustion", "sector": "commercial", "fuel": "natural_gas",
     "unit": "Nm3", "density_kg_per_m3": "0.750"},
    {"category": "stationary_combustion", "sector": "energy", "fuel": "wood", "unit": "GJ"},
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "lpg",
     "unit": "1000 m3", "ncv_tj_per_unit": "0.036", "ef_source": "Hóa đơn {1}"},
    {"category": "mobile_combustion", "fuel": "motor_gasoline", "unit": "1000 L",
     "density_kg_per_l": "0.74"},
    {"category": "refrigerant", "gas": "R-410A", "unit": "t"},
    {"category": "fugitive", "gas": "SF6", "unit": "kg"},
    {"category": "waste", "gas": "CH4", "ef_tco2_per_t": "0.05", "ef_source": "QĐ",
     "unit": "kg"},
    {"category": "purchased_electricity", "supply": "grid", "unit": "kWh"},
    {"category": "purchased_steam", "ef_tco2_per_t": "0.2", "ef_source": "NCC", "unit": "t"},
]
QUANTITIES = ["0", "1", "1234.5", "0.000001", "98300", "1e3"]


@pytest.mark.parametrize("year", [2022, 2025])
def test_render_both_equals_render(year: int) -> None:
    lib = validate_ghg_document(document(), today=TODAY).library
    for template in LINES:
        for i, quantity in enumerate(QUANTITIES):  # the first builds the template
            doc = document({**template, "quantity": quantity, "id": f"L.{i},{{x}}"},
                           year=year)
            checked = validate_ghg_document(doc, today=TODAY)
            line = _applicable(checked.data["years"][0]["sources"][0])
            result = calculate_line(line, year=year, index=0, gwp_set="AR5", lib=lib)
            assert trace.render_both(result, lib) == (trace.render(result, lib, "en"),
                                                      trace.render(result, lib, "vi"))


def test_fast_load_equals_marshmallow_load() -> None:
    doc = document(*[{**line, "quantity": "12.5"} for line in LINES],
                   factor_library_version="2026.1")
    schema = schema_for(ghg.GHG_FORM)
    plan = _plan_for(ghg.GHG_FORM, schema)
    assert plan is not None
    expected = schema.load(copy.deepcopy(doc))
    loaded = _fast_load(plan, copy.deepcopy(doc))
    assert loaded == expected
    assert repr(loaded) == repr(expected)  # same key order, same Decimal exponents


def test_a_problem_still_reports_through_marshmallow() -> None:
    doc = document({**LINES[0], "quantity": "-5", "colour": "red"})
    data, problems = load_document(ghg.GHG_FORM, doc)
    assert sorted((p.path, p.code) for p in problems) == [
        ("years[0].sources[0].colour", "unknown_field"),
        ("years[0].sources[0].quantity", "negative")]
    assert evaluate(doc, today=TODAY)["errors"]
