"""The public worked examples of calculation.md, to 1e-6 relative, and the invalid example."""
from __future__ import annotations

from decimal import Decimal

from tests.unit.ghg.conftest import load_example
from tests.unit.ghg.helpers import close, codes, run

YEAR_KEYS = ("total_tco2e", "scope1_tco2e", "scope2_tco2e", "co2_t", "ch4_t", "n2o_t",
             "biogenic_co2_t", "energy_tj")


def test_worked_examples_match_the_expected_figures():
    result = run(load_example("ghg-worked-examples.json"))
    expected = load_example("ghg-worked-examples.expected.json")
    assert result["valid"] is True
    assert result["errors"] == [] and result["warnings"] == []
    assert set(result["years"]) == set(expected["years"])
    for year, figures in expected["years"].items():
        for key in YEAR_KEYS:
            assert close(result["years"][year][key], figures[key], "1e-6"), (year, key)
    got = {(ln["year"], ln["id"]): ln["tco2e"] for ln in result["lines"]}
    assert len(got) == len(expected["lines"])
    for line in expected["lines"]:
        assert close(got[(line["year"], line["id"])], line["tco2e"], "1e-6"), line


def test_worked_example_figures_are_exact_decimals():
    result = run(load_example("ghg-worked-examples.json"))
    by_id = {ln["id"]: ln for ln in result["lines"] if ln["year"] == 2022}
    assert str(by_id["S1"]["tco2e"].normalize()) == "3196.749"
    assert str(by_id["S2"]["tco2e"].normalize()) == "2695.416"
    assert str(by_id["S3"]["tco2e"].normalize()) == "24581.595"
    assert by_id["S1"]["energy_tj"] == 43
    assert by_id["S3"]["ch4_t"] == Decimal("2.58") and by_id["S3"]["n2o_t"] == Decimal("0.387")


def test_the_invalid_example_has_exactly_its_three_errors():
    result = run(load_example("ghg-invalid-example.json"))
    assert result["valid"] is False
    assert sorted(codes(result)) == sorted([
        ("facility.tax_code", "tax_code_check_digit"),
        ("years[0].sources[0].quantity", "negative"),
        ("years[0].sources[1].unit", "unit_wrong_dimension"),
    ])
    for error in result["errors"]:
        assert error["message"] and error["message_vi"]
    assert result["years"] == {} and result["lines"] == []
