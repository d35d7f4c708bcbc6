"""The form-definition machinery, the factor library, units, rules and generated docs."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from forms import reference_docs
from forms.definition import Field, Table
from forms.ghg import GHG_FORM
from forms.library import available_versions, load_communes, load_library
from forms.problems import format_path, join_path
from forms.rules import RULES, problem, rules_for
from forms.units import UNITS, Dimension, UnitError, convert

ROOT = Path(__file__).resolve().parents[3]


def test_walking_the_form_gives_every_field_with_its_path():
    paths = {e.path for e in GHG_FORM.fields()}
    assert {"facility.tax_code", "gwp_set", "years[*].year", "years[*].sources[*].quantity",
            "years[*].sources[*].ef_source"} <= paths
    assert not any(p.startswith("results") for p in paths)  # computed, not input
    tables = [t.path for t in GHG_FORM.tables()]
    assert tables == ["production", "onsite_generation", "years", "years[*].sources", "acknowledgements"]
    (sources,) = [t for t in GHG_FORM.tables() if t.path == "years[*].sources"]
    assert sources.parents[0].key == "years" and sources.table.sheet_name == "Nguồn thải"


def test_node_at_a_concrete_path():
    node = GHG_FORM.node_at("years[0].sources[1].quantity")
    assert isinstance(node, Field) and node.key == "quantity" and node.required
    assert isinstance(GHG_FORM.node_at("years"), Table)
    assert GHG_FORM.node_at("years[0].nope") is None


def test_every_field_has_both_labels_and_known_checks():
    for entry in GHG_FORM.fields(include_computed=True):
        assert entry.field.label_vi and entry.field.label_en, entry.path
        assert set(entry.field.checks) <= {"non_negative", "tax_code", "hanoi_commune",
                                           "year_ended"}


def test_paths_are_formatted_like_the_contract():
    assert format_path(("years", 0, "sources", 1, "quantity")) == "years[0].sources[1].quantity"
    assert join_path("years[0]", "sources", 1) == "years[0].sources[1]"
    assert join_path("", "facility") == "facility"


def test_library_values_carry_their_source():
    lib = load_library()
    assert lib.version in available_versions()
    for factor in lib.fuel_factors:
        assert factor.source.document and factor.source.table and factor.source.row
    assert lib.fuel_factor("diesel_oil", "ncv").value == Decimal("43.0")
    assert lib.gwp_value("N2O", "AR4").value == 298
    assert sum(c.mass_fraction for c in lib.blends["R-407C"].components) == 1
    assert lib.grid_factor(2023)[1] is False and lib.grid_factor(2030)[1] is True


def test_library_rows_for_the_database_seed():
    rows = list(load_library().rows())
    keys = [(r.dataset, r.row_key) for r in rows]
    assert len(keys) == len(set(keys))
    assert {r.dataset for r in rows} >= {"fuels", "gwp", "grid_emission_factors", "communes"}


def test_hanoi_has_126_wards_and_communes():
    communes = load_communes()
    assert len(communes) == 126
    assert communes["00493"].name == "Xã Thiên Lộc"
    assert {c.kind for c in communes.values()} == {"phuong", "xa"}


@pytest.mark.parametrize(("value", "source", "target", "expected"), [
    ("1000", "kg", "t", "1"), ("1", "t", "kg", "1000"),
    ("1000", "kWh", "MWh", "1"), ("1", "GWh", "kWh", "1000000"),
    ("1000", "GJ", "TJ", "1"), ("1", "TJ", "MJ", "1000000"),
    ("1", "m3", "L", "1000"), ("1", "1000 L", "m3", "1"),
])
def test_conversions_both_ways(value, source, target, expected):
    assert convert(Decimal(value), source, target) == Decimal(expected)
    assert convert(Decimal(expected), target, source) == Decimal(value)


def test_every_unit_round_trips_through_its_base():
    for unit in UNITS.values():
        for other in UNITS.values():
            if other.dimension is unit.dimension:
                x = Decimal("123.456")
                assert convert(convert(x, unit.key, other.key), other.key, unit.key) == x


def test_no_conversion_across_dimensions():
    with pytest.raises(UnitError):
        convert(Decimal(1), "MWh", "TJ")
    with pytest.raises(UnitError):
        convert(Decimal(1), "L", "kg")
    assert {u.dimension for u in UNITS.values()} == set(Dimension)


def test_rule_catalogue_is_complete_and_bilingual():
    assert len({r.code for r in RULES}) == len(RULES)
    vietnamese = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]")
    for r in RULES:
        assert r.severity in ("error", "warning")
        assert vietnamese.search(r.message_vi) and vietnamese.search(r.description_vi), r.code
    assert rules_for("ghg-inventory") and len(rules_for("env-declaration")) < len(RULES)


def test_every_code_used_in_the_code_base_is_in_the_catalogue():
    known = {r.code for r in RULES}
    used = set()
    for folder in ("forms", "schemas", "intake/domain/ghg", "intake/cli"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r'problem\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= known, used - known


def test_problem_renders_both_languages():
    p = problem("negative", "years[0].sources[0].quantity", label_en="Activity data",
                label_vi="Số liệu hoạt động", value="-5")
    assert p.as_dict()["message_vi"] == "“Số liệu hoạt động” không được là số âm (-5)."
    assert {"path", "code", "message", "message_vi", "severity"} <= set(p.as_dict())


def test_docs_ghg_md_is_up_to_date():
    text = (ROOT / "docs" / "ghg.md").read_text(encoding="utf-8")
    assert reference_docs.replace_generated(text) == text, \
        "run: python -m forms.reference_docs docs/ghg.md"
