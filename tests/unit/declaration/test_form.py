"""The form definition: the contract's keys, both languages, and docs/declaration.md generated
from it."""
from pathlib import Path

from forms.declaration import DECLARATION_FORM, FORM_KEY, FORM_VERSION
from forms.declaration_docs import replace_generated
from forms.definition import Field
from forms.registry import form_definition
from forms.rules import rules_for

ROOT = Path(__file__).resolve().parents[3]
CONTRACT_PATHS = {
    "form", "form_version", "year", "facility.tax_code", "facility.name", "facility.address",
    "facility.commune_code", "facility.vsic", "facility.employees", "permits[*].kind",
    "permits[*].number", "permits[*].date", "permits[*].authority", "products[*].name",
    "products[*].quantity", "products[*].unit", "materials[*].name", "materials[*].quantity",
    "materials[*].unit", "materials[*].hazardous", "energy.electricity_kwh", "energy.fuels[*].fuel",
    "energy.fuels[*].quantity", "energy.fuels[*].unit", "water.supply_m3", "water.sources",
    "wastewater[*].stream", "wastewater[*].volume_m3_per_day", "wastewater[*].treated",
    "wastewater[*].receiving_body", "wastewater[*].standard", "air_emissions[*].stack_id",
    "air_emissions[*].source", "air_emissions[*].flow_m3_per_h", "air_emissions[*].treatment",
    "solid_waste.ordinary_industrial_kg", "solid_waste.domestic_kg", "solid_waste.recycled_kg",
    "hazardous_waste[*].code", "hazardous_waste[*].name", "hazardous_waste[*].quantity_kg",
    "hazardous_waste[*].handler", "hazardous_waste[*].handler_licence",
    "plastics.single_use_plastic_kg", "plastics.plastic_packaging_kg",
}


def test_the_form_has_every_key_the_contract_fixes():
    assert (DECLARATION_FORM.key, DECLARATION_FORM.version) == (FORM_KEY, FORM_VERSION) == ("env-declaration", "2026.1")
    assert CONTRACT_PATHS <= {e.path for e in DECLARATION_FORM.fields()}
    assert "incidents" in {e.path for e in DECLARATION_FORM.tables()}
    assert form_definition("env-declaration") is DECLARATION_FORM


def test_every_field_is_labelled_in_both_languages():
    for entry in DECLARATION_FORM.fields():
        field: Field = entry.field
        assert field.label_vi and field.label_en, entry.path
        for choice in field.choices:
            assert choice.label_vi and choice.label_en, (entry.path, choice.value)


def test_the_declaration_rules_are_in_the_catalogue():
    codes = {r.code for r in rules_for("env-declaration")}
    assert {"hazardous_waste_code", "wastewater_above_supply", "hazardous_waste_without_handler",
            "hazardous_waste_handler_without_licence", "declaration_large_change",
            "energy_mismatch_ghg", "fuel_energy_not_converted", "year_not_ended",
            "tax_code_check_digit", "commune_not_in_hanoi", "negative"} <= codes
    assert "provisional_grid_factor" not in codes


def test_docs_declaration_md_is_generated_from_the_definition():
    text = (ROOT / "docs" / "declaration.md").read_text(encoding="utf-8")
    assert replace_generated(text) == text, "regenerate: python -m forms.declaration_docs"
