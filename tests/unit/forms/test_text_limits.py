"""Every text of a document has a bound, from its field or its type's default, reported as
`too_long` at the field's path by the one validation path: JSON, the web form's parsing and
the Excel reader all end in it. Nothing is cut: the value is kept for the draft."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from exporters.xlsx import write_template
from forms.declaration import DECLARATION_FORM
from forms.definition import DEFAULT_MAX_LENGTH, FieldType
from forms.ghg import GHG_FORM
from forms.types import value_type
from intake.domain.text_limits import (
    COMMENT_PATH,
    FACILITY_ADDRESS,
    FACILITY_NAME,
    FACILITY_VSIC,
    LEGAL_BASIS,
    PERIOD_NAME,
)
from intake.models import Facility, Obligation, ReportingPeriod, ReviewComment
from intake.services.xlsx_intake import check_workbook
from schemas.build import load_document

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def ghg_document():
    return json.loads((DATA / "api" / "ghg-worked-examples.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("form", [GHG_FORM, DECLARATION_FORM], ids=lambda f: f.key)
def test_every_text_field_of_every_form_is_bounded(form):
    texts = [entry for entry in form.fields() if entry.field.type is FieldType.TEXT]
    assert texts
    assert all(entry.field.length_limit for entry in texts)
    assert DEFAULT_MAX_LENGTH[FieldType.TEXT] == 500


def test_a_field_without_its_own_limit_takes_its_types_default():
    tax_code = GHG_FORM.node_at("facility.tax_code")
    assert tax_code.max_length is None and tax_code.length_limit == 500
    assert GHG_FORM.node_at("facility.name").length_limit == 300  # the definition's own


def test_too_long_is_reported_at_the_path_with_the_limit_in_both_languages(ghg_document):
    ghg_document["facility"]["name"] = "N" * 301
    ghg_document["years"][0]["sources"][0]["description"] = "m" * 501
    kept = copy.deepcopy(ghg_document)
    _data, problems = load_document(GHG_FORM, ghg_document)
    found = {p.path: p for p in problems if p.code == "too_long"}
    assert set(found) == {"facility.name", "years[0].sources[0].description"}
    name = found["facility.name"]
    assert name.is_error and name.params["max_length"] == 300
    assert name.message == "“Facility name” is longer than 300 characters."
    assert name.message_vi == "“Tên cơ sở” dài quá 300 ký tự."
    assert ghg_document == kept  # validation never cuts the value


def test_at_the_limit_is_accepted(ghg_document):
    ghg_document["facility"]["name"] = "N" * 300
    _data, problems = load_document(GHG_FORM, ghg_document)
    assert not [p for p in problems if p.code == "too_long"]


def test_the_web_forms_typed_text_goes_through_the_same_rule():
    kind = value_type(GHG_FORM.node_at("facility.contact_name"))
    typed = kind.parse("  Chị " + "H" * 200 + " ", "vi")
    assert typed == "Chị " + "H" * 200  # read as typed, not cut
    with pytest.raises(ValueError, match="too_long"):
        kind.load(typed)


def test_the_excel_reader_reports_too_long_at_the_cell(ghg_document):
    ghg_document["facility"]["name"] = "N" * 301
    outcome = check_workbook(write_template(GHG_FORM, ghg_document), today=dt.date(2026, 3, 1))
    [error] = [e for e in outcome["errors"] if e["code"] == "too_long"]
    assert error["path"] == "facility.name" and error["cell"] and "300" in error["message_vi"]
    assert outcome["document"]["facility"]["name"] == "N" * 301


def test_the_record_limits_use_the_same_rule():
    assert FACILITY_NAME.refusal("N" * 300, "name") is None
    message, message_vi = FACILITY_NAME.refusal("N" * 301, "name")
    assert message == "“Facility name” is longer than 300 characters."
    assert message_vi == "“Tên cơ sở” dài quá 300 ký tự."


def test_a_facility_records_bounds_are_the_forms_facility_fields():
    for key, limit in (("name", FACILITY_NAME), ("address", FACILITY_ADDRESS), ("vsic", FACILITY_VSIC)):
        for form in (GHG_FORM, DECLARATION_FORM):
            field = form.node_at(f"facility.{key}")
            assert (limit.length, limit.label_en, limit.label_vi) == (
                field.length_limit, field.label_en, field.label_vi), (form.key, key)


@pytest.mark.parametrize(("limit", "column"), [
    (FACILITY_NAME, Facility.__table__.c.name), (FACILITY_VSIC, Facility.__table__.c.vsic),
    (PERIOD_NAME, ReportingPeriod.__table__.c.name), (LEGAL_BASIS, Obligation.__table__.c.legal_basis),
    (COMMENT_PATH, ReviewComment.__table__.c.path)], ids=lambda x: getattr(x, "name", ""))
def test_a_bound_is_the_width_of_its_column(limit, column):
    # PostgreSQL refuses a VARCHAR longer than its width (a 500), SQLite stores it: the service's
    # bound must be the column's, whichever of the two restates the other.
    assert column.type.length == limit.length
