"""No page a person reads shows an internal key: every GET page of the URL map, as each role, in
Vietnamese and in English, with real ids (a submitted report, a draft with errors and warnings,
a returned report with comments, a declaration draft), its visible text scanned for document
paths (`years[0].sources[2].quantity`), the form definitions' snake_case keys, the result
figures' keys and the rule codes (issue 14).

Visible text: text nodes outside <script>, <style> and <template>, and the attributes a person
sees or hears (title, placeholder, aria-label, alt). The API's own pages (its documentation and
schema) are for programmers and name keys on purpose; they are left out.
"""
from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

import pytest

from forms.declaration import DECLARATION_FORM
from forms.definition import Field, Group, Section, Table, Variant
from forms.figures import DECLARATION_FIGURES, GHG_YEAR_FIGURES
from forms.ghg import GHG_FORM
from forms.rules import RULES
from tests.conftest import TEST_PASSWORD, csrf_token_from
from tests.web.shared_world import DOCUMENT, ROLES, open_world

DOCUMENT_PATH = re.compile(r"\b[a-z_]+\[\d+\]")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
# For programmers: the API's documentation names its keys on purpose.
NOT_FOR_PEOPLE = {"api_docs", "api-docs.openapi_json", "static", "healthz"}


def _keys_of(children) -> set[str]:
    keys: set[str] = set()
    for node in children:
        if isinstance(node, (Field, Group, Section, Table, Variant)):
            keys.add(node.key) if getattr(node, "key", None) else None
        if isinstance(node, Variant):
            keys.add(node.value)
        keys |= _keys_of(getattr(node, "children", ()) or ())
        keys |= _keys_of(getattr(node, "variants", ()) or ())
    return keys


def internal_words() -> set[str]:
    """Every key with an underscore of the form definitions and figures, every rule code with
    one (a code like `negative` is also a word)."""
    keys = _keys_of(GHG_FORM.children) | _keys_of(DECLARATION_FORM.children)
    keys |= {figure.key for figure in (*GHG_YEAR_FIGURES, *DECLARATION_FIGURES)}
    keys |= {rule.code for rule in RULES}
    return {key for key in keys if key and "_" in key}


INTERNAL = internal_words()
INTERNAL_WORD = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, INTERNAL), key=len,
                                                               reverse=True)) + r")(?![\w-])")


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden_depth += 1
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden":
            return
        self.parts += [value for name, value in attrs if name in VISIBLE_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def internal_keys_in(html: str) -> list[str]:
    text = visible_text(html)
    found = [m.group(0) for m in DOCUMENT_PATH.finditer(text)]
    found += [m.group(1) for m in INTERNAL_WORD.finditer(text)]
    return sorted(set(found))


def test_the_scanner_finds_what_it_looks_for():
    assert INTERNAL >= {"density_kg_per_l", "ncv_tj_per_unit", "provisional_grid_factor",
                        "electricity_kwh", "energy_toe", "form_version"}
    page = ('<p>years[0].sources[2].quantity: bad</p><p title="density_kg_per_l">x</p>'
            '<script>var a = "ncv_tj_per_unit"</script><input type="hidden" value="gwp_set">'
            '<option value="diesel_oil">Dầu diesel</option>')
    assert internal_keys_in(page) == ["density_kg_per_l", "sources[2]", "years[0]"]
    assert internal_keys_in("<p>Năm 2024 › Nguồn LH-01 › Khối lượng riêng (kg/L)</p>") == []


def _problem_document() -> dict:
    """A GHG draft with errors (a negative quantity, two ways of one density) and warnings (a
    field that does not apply, a quantity that grows fivefold)."""
    document = copy.deepcopy(DOCUMENT)
    sources = document["years"][0]["sources"]
    sources[0]["quantity"] = "-5"
    sources.append({"id": "S5", "category": "stationary_combustion", "sector": "manufacturing",
                    "fuel": "diesel_oil", "quantity": "100", "unit": "L",
                    "density_kg_per_l": "0.84", "ncv_tj_per_unit": "0.00003"})
    sources[3]["distance_km"] = "5"
    document["years"][1]["sources"][0]["quantity"] = "5000"
    return document


def _more_reports(world) -> dict[str, int]:
    from intake.extensions import db
    from intake.models import Facility, User
    from intake.services import reports as filing

    app = world.app
    with app.app_context():
        filer = db.session.query(User).filter_by(email=world.emails["enterprise_a"]).one()
        ids = {}
        for name in ("problems", "returned"):
            facility = Facility(name=f"Xưởng {name}", commune_code="00493",
                                enterprise_id=filer.enterprise_id, address="Hà Nội")
            db.session.add(facility)
            db.session.flush()
            document = _problem_document() if name == "problems" else DOCUMENT
            report = filing.create_report(db.session, filer, form="ghg-inventory",
                                          facility_id=facility.id, document=document)
            if name == "returned":
                filing.submit_report(db.session, filer, report.id, certify=True,
                                     password=TEST_PASSWORD, hash_profile="test")
            ids[name] = report.id
        db.session.commit()
        db.session.remove()
    returned = world.clients["anonymous"].post(
        f"/api/v1/reports/{ids['returned']}/review", headers=world.tokens["reviewer"], json={
            "action": "return", "comments": [
                {"path": "years[0].sources[2].quantity", "message": "Kiểm tra lại lượng than"},
                {"path": "gwp_set", "message": "Giữ bộ GWP của năm trước"}]})
    assert returned.status_code == 200, returned.get_json()
    return ids


@pytest.fixture(scope="module")
def world(backend, database_template, tmp_path_factory):
    with open_world(backend, database_template, tmp_path_factory.mktemp("keys")) as opened:
        opened.extra.update(_more_reports(opened))
        yield opened


def _urls(world) -> list[tuple[str, str]]:
    """(endpoint, url) of every GET page, once per real id its arguments can take."""
    from flask import url_for

    choices = {"report_id": [world.report_id, world.draft_id, world.extra["problems"],
                             world.extra["returned"]],
               "facility_id": [world.facility_id], "number": [1], "form": ["ghg-inventory",
                                                                          "env-declaration"],
               "kind": ["receipt"], "obligation_id": [1], "code": ["vi"], "comment_id": [1], "extension_id": [1], "attachment_id": [1],
               "token": ["not-a-real-token"], "digest": ["0" * 64], "sha256": ["0" * 64],
               "job": ["no-such-job"], "filename": ["css/intake.css"], "period_id": [1]}
    urls = []
    with world.app.test_request_context():
        for rule in world.app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in NOT_FOR_PEOPLE \
                    or rule.endpoint.startswith("api"):
                continue
            combos = [{}]
            for name in rule.arguments:
                combos = [{**c, name: value} for c in combos for value in choices[name]]
            urls += [(rule.endpoint, url_for(rule.endpoint, **c)) for c in combos]
    return sorted(set(urls))


def _switch_language(client, code: str) -> None:
    token = csrf_token_from(client.get("/account/forgot").get_data(as_text=True))
    response = client.post(f"/language/{code}", data={"csrf_token": token})
    assert response.status_code in (302, 303), response.status_code


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_page_shows_an_internal_key(world, language):
    urls = _urls(world)
    found: list[str] = []
    pages = 0
    for role in ROLES:
        client = world.clients[role]
        _switch_language(client, language)
        for endpoint, url in urls:
            response = client.get(url)
            response.close()  # a file sent (the favicon, a PDF) is closed
            if response.status_code != 200 or not response.mimetype == "text/html":
                continue
            pages += 1
            html = response.get_data(as_text=True)
            assert f'lang="{language}"' in html, (url, role)
            keys = internal_keys_in(html)
            if keys:
                found.append(f"{role} {url} ({endpoint}): {', '.join(keys)}")
    assert pages > 40
    assert not found, "internal keys shown to people:\n" + "\n".join(found)


def test_the_problem_draft_has_errors_and_warnings_named_by_their_place(world):
    from flask import url_for

    client = world.clients["enterprise_a"]
    _switch_language(client, "vi")
    with world.app.test_request_context():
        url = url_for("filing.edit", report_id=world.extra["problems"])
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    text = visible_text(html)
    assert "Năm 2022 › Nguồn S1 › Số liệu hoạt động" in text
    assert "Khối lượng riêng (kg/L)" in text  # two ways of one density, named by label and unit
    assert 'href="#f-years-0-sources-0-quantity"' in html  # the message links to its field


def test_the_api_names_the_place_and_keeps_path_and_code(world):
    body = world.clients["anonymous"].get(f"/api/v1/reports/{world.extra['problems']}",
                                          headers=world.tokens["enterprise_a"]).get_json()
    result = body.get("result") or body
    negative = next(e for e in result["errors"] if e["code"] == "negative")
    assert negative["path"] == "years[0].sources[0].quantity"
    assert negative["message_vi"].startswith("Năm 2022 › Nguồn S1 › Số liệu hoạt động: ")
    assert negative["message"].startswith("Year 2022 › Source S1 › Activity data: ")
    unused = next(w for w in result["warnings"] if w["code"] == "field_not_used")
    assert unused["path"] == "years[0].sources[3].distance_km"
    assert "distance_km" not in unused["message_vi"] and "Quãng đường" in unused["message_vi"]
