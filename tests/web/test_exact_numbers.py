"""Exact numbers end to end (issue 11): whichever channel carried a number (the API as a JSON
number or a decimal string, the web form in Vietnamese or English, with or without script),
the same Decimal is stored, hashed, printed and counted.

Values are chosen that a binary float cannot hold (`1000.12345678901234567`,
`12345678.1234567891`): a float anywhere on the way changes a digit.
"""
import io
import re
from decimal import Decimal

import pytest
import simplejson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from forms.documents import normalized
from forms.ghg import GHG_FORM
from intake.domain import jsonio
from intake.domain.documents import canonical_json, sha256_of
from intake.domain.workflow import FormKind
from intake.models import Facility, Report, ReportingPeriod, ReportVersion, User
from intake.services.seeding import seed_demo
from intake.web.document_form import build_document, flatten
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.conftest import token_for
from tests.web.test_filing import form_fields, html, start

FLOAT_BREAKERS = (Decimal("1000.12345678901234567"), Decimal("12345678.1234567891"),
                  Decimal("0.30000000000000000001"))


def doc_with(quantity, density="0.845", top_up="12.345", year=2022):
    """A three-line inventory whose numbers are the given texts or Decimals."""
    return {
        "form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
        "facility": {"tax_code": "0100112437", "name": "Công ty Ví dụ", "address": "KCN Thăng Long",
                     "commune_code": "00493"},
        "years": [{"year": year, "sources": [
            {"id": "S1", "category": "stationary_combustion", "sector": "manufacturing",
             "fuel": "diesel_oil", "quantity": quantity, "unit": "L", "density_kg_per_l": density},
            {"id": "S2", "category": "refrigerant", "gas": "R-410A", "quantity": top_up, "unit": "kg"},
            {"id": "S3", "category": "purchased_electricity", "supply": "grid", "quantity": quantity,
             "unit": "MWh"},
        ]}],
    }


def json_text(document, numbers_as):
    """The request body as an integrator's program writes it: every quantity a JSON number
    with all its digits, or a decimal string."""
    def spelled(value):
        if isinstance(value, Decimal):
            # As written, trailing zeros included: a program may write 0.8450 or "0.8450".
            return simplejson.RawJSON(format(value, "f")) if numbers_as == "number" \
                else {"__string__": format(value, "f")}
        if isinstance(value, dict):
            return {k: spelled(v) for k, v in value.items()}
        if isinstance(value, list):
            return [spelled(v) for v in value]
        return value

    text = jsonio.dumps({"form": "ghg-inventory", "facility_id": "__FACILITY__", "document": spelled(document)})
    return re.sub(r'\{"__string__":"([^"]*)"\}', r'"\1"', text)


def post_raw(client, filer, body: str, facility_id: int | None = None):
    body = body.replace('"__FACILITY__"', str(facility_id or filer["facility_id"]))
    return client.post("/api/v1/reports", data=body, content_type="application/json",
                       headers=filer["headers"])


def add_facility(session, filer, name):
    user = session.scalar(select(User).where(User.email == filer["email"]))
    facility = Facility(name=name, commune_code="00493", enterprise_id=user.enterprise_id, address="x")
    session.add(facility)
    session.commit()
    return facility.id


@pytest.mark.parametrize("numbers_as", ["number", "string"])
def test_the_api_keeps_every_digit_of_a_json_number_or_string(client, api_filer, session, numbers_as):
    quantity = FLOAT_BREAKERS[0]
    body = json_text(doc_with(quantity), numbers_as)
    spelt = '"quantity":1000.12345678901234567' if numbers_as == "number" else '"quantity":"1000.12345678901234567"'
    assert spelt in body
    response = post_raw(client, api_filer, body)
    assert response.status_code == 201, response.get_json()
    report = session.get(Report, response.get_json()["id"])
    stored = report.document["years"][0]["sources"][0]["quantity"]
    assert isinstance(stored, Decimal) and stored == quantity
    assert str(stored) == "1000.12345678901234567"
    # The answer carries it exactly too: read it back without a float.
    answer = jsonio.loads(response.get_data())
    assert answer["document"]["years"][0]["sources"][0]["quantity"] == quantity
    # The electricity line: quantity × the grid factor, in Decimal arithmetic.
    line = next(l for l in answer["result"]["lines"] if l["id"] == "S3")
    assert line["tco2e"] == quantity * Decimal("0.6766")


def test_the_sha256_is_the_same_whichever_spelling_carried_the_numbers(client, api_filer, session):
    digests = []
    for numbers_as in ("number", "string"):
        facility_id = add_facility(session, api_filer, f"Nhà máy {numbers_as}")
        body = json_text(doc_with(FLOAT_BREAKERS[1], density=Decimal("0.8450"), top_up=Decimal("12.3450")),
                         numbers_as)
        created = post_raw(client, api_filer, body, facility_id).get_json()
        submitted = client.post(f"/api/v1/reports/{created['id']}/submit", headers=api_filer["headers"],
                                json={"certify": True, "password": TEST_PASSWORD})
        assert submitted.status_code == 200, submitted.get_json()
        version = session.scalar(select(ReportVersion).where(ReportVersion.report_id == created["id"]))
        digests.append(version.sha256)
        assert version.sha256 == sha256_of(version.canonical_json)
        assert '"quantity":12345678.1234567891' in version.canonical_json
        assert '"density_kg_per_l":0.845' in version.canonical_json  # one spelling: no trailing zero
    assert digests[0] == digests[1]


def test_the_copy_of_record_prints_the_certified_digits(client, api_filer, session):
    created = post_raw(client, api_filer, json_text(doc_with(FLOAT_BREAKERS[1]), "number")).get_json()
    client.post(f"/api/v1/reports/{created['id']}/submit", headers=api_filer["headers"],
                json={"certify": True, "password": TEST_PASSWORD})
    response = client.get(f"/api/v1/reports/{created['id']}/versions/1/record.pdf",
                          headers=api_filer["headers"])
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "12.345.678,1234567891" in re.sub(r"\s+", "", text)
    assert "12.345.678,12345679" not in re.sub(r"\s+", "", text)


def test_the_reviewers_diff_shows_the_certified_digits(client, api_filer, session, make_user):
    created = post_raw(client, api_filer, json_text(doc_with(Decimal("1")), "number")).get_json()
    headers = api_filer["headers"]
    client.post(f"/api/v1/reports/{created['id']}/submit", headers=headers,
                json={"certify": True, "password": TEST_PASSWORD})
    _, reviewer = make_user("reviewer")
    reviewer_headers = token_for(client, reviewer)
    returned = client.post(f"/api/v1/reports/{created['id']}/review", headers=reviewer_headers,
                           json={"action": "return", "comments": [{"path": "", "message": "Kiểm tra lại"}]})
    assert returned.status_code == 200, returned.get_json()
    current = client.get(f"/api/v1/reports/{created['id']}", headers=headers)
    body = json_text(doc_with(FLOAT_BREAKERS[1]), "number").replace('"__FACILITY__"', "0")
    document = jsonio.loads(body)["document"]
    updated = client.put(f"/api/v1/reports/{created['id']}", data=jsonio.dumps({"document": document}),
                         content_type="application/json",
                         headers={**headers, "If-Match": current.headers["ETag"]})
    assert updated.status_code == 200, updated.get_json()
    client.post(f"/api/v1/reports/{created['id']}/submit", headers=headers,
                json={"certify": True, "password": TEST_PASSWORD})
    log_in(client, reviewer)
    page = html(client.get(f"/review/{created['id']}"))
    assert "12.345.678,1234567891" in page


# --- the web form ----------------------------------------------------------------------------


@pytest.fixture
def web_filer(client, make_user, session):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127",
                        enterprise_id=user.enterprise_id, address="672 Ngô Gia Tự")
    session.add(facility)
    seed_demo(session)
    session.commit()
    log_in(client, email)
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY))
    return {"facility_id": facility.id, "period": period, "email": email}


def set_language(client, language):
    home = html(client.get("/home"))
    client.post(f"/language/{language}", data={"csrf_token": csrf_token_from(home)})


def stored_sources(session, report_id):
    session.expire_all()
    return session.get(Report, report_id).document["years"][0]["sources"]


def fill_three_lines(client, report_id, typed: dict[str, str]):
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    for _ in range(3):
        client.post(f"/reports/{report_id}", data={**fields, "_add_row": "years[0].sources"})
        fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.update({
        "years[0].sources[0].id": "S1", "years[0].sources[0].category": "stationary_combustion",
        "years[0].sources[0].sector": "manufacturing", "years[0].sources[0].fuel": "diesel_oil",
        "years[0].sources[0].quantity": typed["quantity"], "years[0].sources[0].unit": "L",
        "years[0].sources[0].density_kg_per_l": typed["density"],
        "years[0].sources[1].id": "S2", "years[0].sources[1].category": "refrigerant",
        "years[0].sources[1].gas": "R-410A", "years[0].sources[1].quantity": typed["top_up"],
        "years[0].sources[1].unit": "kg",
        "years[0].sources[2].id": "S3", "years[0].sources[2].category": "purchased_electricity",
        "years[0].sources[2].supply": "grid", "years[0].sources[2].quantity": typed["quantity"],
        "years[0].sources[2].unit": "MWh",
    })
    response = client.post(f"/reports/{report_id}", data=fields)
    assert response.status_code == 302


@pytest.mark.parametrize("language, typed", [
    ("vi", {"quantity": "1.000,12345678901234567", "density": "0,845", "top_up": "12,345"}),
    ("en", {"quantity": "1,000.12345678901234567", "density": "0.845", "top_up": "12.345"}),
])
def test_what_the_form_renders_posts_back_unchanged(client, web_filer, session, language, typed):
    """The issue's sequence without script: type 0,845, save, reload, save again untouched."""
    set_language(client, language)
    report_id = start(client, web_filer)
    fill_three_lines(client, report_id, typed)
    expected = [FLOAT_BREAKERS[0], Decimal("0.845"), Decimal("12.345")]
    sources = stored_sources(session, report_id)
    assert [sources[0]["quantity"], sources[0]["density_kg_per_l"], sources[1]["quantity"]] == expected
    # The page shows each number in its own language's notation...
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    assert fields["years[0].sources[0].density_kg_per_l"] == typed["density"]
    assert fields["years[0].sources[1].quantity"] == typed["top_up"]
    # ...and posting it back, as a browser posts what it rendered, changes nothing, however often.
    for _ in range(3):
        assert client.post(f"/reports/{report_id}", data=fields).status_code == 302
        sources = stored_sources(session, report_id)
        assert [sources[0]["quantity"], sources[0]["density_kg_per_l"], sources[1]["quantity"]] == expected
        fields = form_fields(html(client.get(f"/reports/{report_id}")))


def test_autosave_of_another_field_keeps_the_saved_number(client, web_filer, session):
    """With script: the page's autosave posts the whole form as rendered, in Vietnamese."""
    report_id = start(client, web_filer)
    fill_three_lines(client, report_id, {"quantity": "100", "density": "0,845", "top_up": "12,345"})
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields["years[0].sources[0].description"] = "Lò hơi 10 t/h"
    response = client.post(f"/reports/{report_id}/autosave", data=fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    sources = stored_sources(session, report_id)
    assert sources[0]["density_kg_per_l"] == Decimal("0.845")
    assert sources[1]["quantity"] == Decimal("12.345")
    assert sources[0]["description"] == "Lò hơi 10 t/h"


def test_a_value_that_fails_validation_is_echoed_as_typed(client, web_filer, session):
    report_id = start(client, web_filer)
    fill_three_lines(client, report_id, {"quantity": "1.00O,5", "density": "0,845", "top_up": "12,345"})
    page = html(client.get(f"/reports/{report_id}"))
    assert form_fields(page)["years[0].sources[0].quantity"] == "1.00O,5"
    assert stored_sources(session, report_id)[0]["quantity"] == "1.00O,5"  # the draft keeps it


# --- every channel, random documents ---------------------------------------------------------

# Up to 19 significant digits and 10 decimals: most have no exact float.
exact_decimals = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(min_value=0, max_value=10**19 - 1), st.integers(min_value=4, max_value=10))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quantity=exact_decimals, density=exact_decimals, top_up=exact_decimals)
def test_every_channel_stores_the_same_decimals(client, api_filer, session, quantity, density, top_up):
    document = doc_with(quantity, density=density, top_up=top_up)
    expected = normalized(GHG_FORM, document)
    stored = []
    for numbers_as in ("number", "string"):
        facility_id = add_facility(session, api_filer, f"API {numbers_as} {quantity}")
        created = post_raw(client, api_filer, json_text(document, numbers_as), facility_id)
        assert created.status_code == 201
        stored.append(session.get(Report, created.get_json()["id"]).document)
    for language in ("vi", "en"):
        # The web form of the API's draft, rendered in each language and posted back.
        values = flatten(GHG_FORM, stored[0], language)


        stored.append(normalized(GHG_FORM, build_document(GHG_FORM, MultiDict(values), language=language,
                                                          base=stored[0])))
    assert all(canonical_json(s) == canonical_json(expected) for s in stored)
    assert all(s["years"][0]["sources"][0]["quantity"] == quantity for s in stored)


def test_a_data_year_with_no_lines_posts_back_as_an_empty_list():
    # Read as absent, the year lost its "no sources" warning after the first save from the form.
    document = {"form": "ghg-inventory", "years": [{"year": 2024, "sources": []}]}
    posted = build_document(GHG_FORM, MultiDict(flatten(GHG_FORM, document)), base=document)
    assert posted["years"] == [{"year": 2024, "sources": []}]
