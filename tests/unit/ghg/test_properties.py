"""Property-based tests: linearity, kg and t agree, any JSON gives a result, never a crash."""
from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.ghg import GHG_FORM
from intake.domain.ghg import dumps, loads
from tests.unit.ghg.conftest import diesel, document
from tests.unit.ghg.helpers import run

quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("1e9"), places=4,
                         allow_nan=False, allow_infinity=False)
scales = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000"), places=3,
                     allow_nan=False, allow_infinity=False)
fuels = st.sampled_from(["diesel_oil", "natural_gas", "other_bituminous_coal", "wood", "lpg"])
sectors = st.sampled_from(["energy", "manufacturing", "commercial"])
gwp_sets = st.sampled_from(["AR4", "AR5", "AR6"])


def _total(doc):
    result = run(doc)
    assert result["valid"], result["errors"]
    return result["years"]["2024"]["total_tco2e"]


@given(quantity=quantities, factor=scales, fuel=fuels, sector=sectors, gwp_set=gwp_sets)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_results_scale_linearly_with_quantity(quantity, factor, fuel, sector, gwp_set):
    line = {**diesel(str(quantity)), "fuel": fuel, "sector": sector}
    scaled = {**line, "quantity": str(quantity * factor)}
    base = _total(document(line, gwp_set=gwp_set))
    assert _total(document(scaled, gwp_set=gwp_set)) == base * factor


@given(quantity=quantities, fuel=fuels)
@settings(max_examples=60)
def test_kg_and_t_give_the_same_answer(quantity, fuel):
    in_t = {**diesel(str(quantity)), "fuel": fuel}
    in_kg = {**in_t, "quantity": str(quantity * 1000), "unit": "kg"}
    assert _total(document(in_t)) == _total(document(in_kg))


@given(quantity=quantities, gas=st.sampled_from(["R-410A", "R-404A", "R-407C", "HFC-134a",
                                                   "SF6", "CH4"]), gwp_set=gwp_sets)
@settings(max_examples=40)
def test_refrigerant_lines_scale_and_convert(quantity, gas, gwp_set):
    line = {"category": "refrigerant", "gas": gas, "quantity": str(quantity), "unit": "kg"}
    in_t = {**line, "quantity": str(quantity / 1000), "unit": "t"}
    assert _total(document(line, gwp_set=gwp_set)) == _total(document(in_t, gwp_set=gwp_set))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)
SOURCE_KEYS = [e.field.key for e in GHG_FORM.fields() if e.path.startswith("years[*].sources")]


@st.composite
def plausible_documents(draw):
    """Documents near the valid shape, with any JSON value in any source-line key."""
    line = {key: draw(json_values | st.sampled_from(["t", "kg", "L", "MWh", "diesel_oil",
                                                      "grid", "R-410A", "1000", "-1"]))
            for key in draw(st.lists(st.sampled_from(SOURCE_KEYS), max_size=8, unique=True))}
    line.setdefault("category", draw(st.sampled_from(
        ["stationary_combustion", "mobile_combustion", "refrigerant", "fugitive",
         "industrial_process", "waste", "purchased_electricity", "purchased_steam"])))
    doc = document(line, year=draw(st.sampled_from([2014, 2023, 2025, 2026, 1, "x"])),
                   gwp_set=draw(st.sampled_from(["AR4", "AR5", "AR6", None, "x"])))
    if draw(st.booleans()):
        doc[draw(st.sampled_from(["facility", "years", "gwp_set", "form"]))] = draw(json_values)
    return doc


def _result_document_round_trips(value):
    result = run(value)
    assert set(result) >= {"valid", "errors", "warnings", "years", "lines"}
    assert result["valid"] is (not result["errors"])
    for problem in result["errors"] + result["warnings"]:
        assert problem["message"] and problem["message_vi"]
        assert isinstance(problem["path"], str)
    json.loads(dumps(result))  # always serialisable


@given(json_values)
@settings(max_examples=150)
def test_any_json_value_gives_a_result_document(value):
    _result_document_round_trips(value)


@given(plausible_documents())
@settings(max_examples=250, suppress_health_check=[HealthCheck.too_slow])
def test_any_near_valid_document_gives_a_result_document(doc):
    _result_document_round_trips(doc)


@given(st.text(max_size=40))
@settings(max_examples=100)
def test_reading_any_text_gives_json_or_a_value_error(text):
    try:
        loads(text)
    except ValueError:
        pass
