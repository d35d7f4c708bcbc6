"""Property-based tests of the reader: whatever JSON comes in, a result document comes out."""
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain.declaration import TOTAL_KEYS, compare_with_ghg, evaluate
from intake.domain.ghg import dumps
from tests.unit.declaration.conftest import TODAY, load

CONTRACT_KEYS = {"valid", "errors", "warnings", "totals"}
PROBLEM_KEYS = {"path", "code", "message", "message_vi"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=10) | st.sampled_from(["-1", "1.000", "1e999", "NaN", "16 01 06", "t", "kWh"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=20)

SECTIONS = ["form", "form_version", "year", "facility", "permits", "products", "materials", "energy",
            "water", "wastewater", "air_emissions", "solid_waste", "hazardous_waste", "plastics",
            "incidents", "acknowledgements"]


def assert_result_document(result):
    assert CONTRACT_KEYS <= set(result)
    assert isinstance(result["valid"], bool)
    assert result["valid"] == (result["errors"] == [])
    assert all(PROBLEM_KEYS <= set(p) and p["message_vi"] for p in result["errors"] + result["warnings"])
    assert set(result["totals"]) == set(TOTAL_KEYS)
    json.loads(dumps(result))  # always writable as JSON


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_gives_a_result_document(value):
    assert_result_document(evaluate(value, today=TODAY))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SECTIONS), json_values)
def test_any_section_replaced_by_anything_never_crashes(section, value):
    document = load("brewery-2025")
    document[section] = value
    assert_result_document(evaluate(document, today=TODAY, previous=load("paper-mill-2025")))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["energy", "hazardous_waste", "wastewater", "products"]), st.data())
def test_any_value_inside_a_row_never_crashes(section, data):
    document = load("paper-mill-2025")
    rows = document[section]["fuels"] if section == "energy" else document[section]
    row = rows[0]
    row[data.draw(st.sampled_from(sorted(row)))] = data.draw(json_values)
    assert_result_document(evaluate(document, today=TODAY, previous=document, ghg_document=document))


@settings(max_examples=150, deadline=None)
@given(json_values, json_values)
def test_the_consistency_check_takes_any_two_objects(energy, years):
    declaration = {"year": 2025, "energy": energy}
    assert isinstance(compare_with_ghg(declaration, {"years": years}), list)
    assert isinstance(compare_with_ghg(declaration, {"years": [{"year": 2025, "sources": years}]}), list)


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, places=3))
def test_any_non_negative_quantity_is_valid_and_totalled(quantity):
    document = load("brewery-2025")
    document["hazardous_waste"][0]["quantity_kg"] = str(quantity)
    result = evaluate(document, today=TODAY)
    assert result["valid"] is True
    assert result["totals"]["hazardous_waste_kg"] == quantity
