"""Malformed requests get a 4xx in the contract's shape, never a 500 (issue 13): JSON nested too
deep or too long on every write endpoint, web and API; ids and integers past what the database
holds on every `<int:>` route and in query strings and forms; bodies past the upload limit.

The routes are read from the URL map, so a new route is covered without a line here.
"""
from __future__ import annotations

import re

import pytest

from intake.domain import jsonio
from tests.conftest import csrf_token_from
from tests.web.shared_world import open_world

HUGE = 99999999999999999999  # the id: past SQLite's 64-bit integers
JUST_PAST = 2**31  # one past PostgreSQL's `integer`
DEEP = "[" * 100_000 + "]" * 100_000  # 200 kB: the C scanner would recurse 100,000 times
JUST_TOO_DEEP = '{"document": ' + "[" * jsonio.MAX_DEPTH + "]" * jsonio.MAX_DEPTH + "}"
SHAPE = {"path", "code", "message", "message_vi"}
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


@pytest.fixture(scope="module")
def world(backend, database_template, tmp_path_factory):
    with open_world(backend, database_template, tmp_path_factory.mktemp("malformed")) as opened:
        yield opened


def _rules(world, *, prefix: str = "", methods=("POST", "PUT", "PATCH", "DELETE")):
    rules = [rule for rule in world.app.url_map.iter_rules()
             if rule.rule.startswith(prefix) and rule.methods & set(methods)]
    # Logging out ends the session the later requests are made in: last.
    return sorted(rules, key=lambda rule: (rule.endpoint == "auth.logout", rule.rule))


def _values(world, **overrides) -> dict:
    values = {"report_id": world.draft_id, "facility_id": world.facility_id, "number": 1,
              "form": "ghg-inventory", "obligation_id": 1, "comment_id": 1, "extension_id": 1, "attachment_id": 1, "code": "vi", "token": "x",
              "digest": "0" * 64, "sha256": "0" * 64, "job": "x", "job_id": "x", "user_id": 1, "period_id": 1, "filename": "css/intake.css", "kind": "receipt"}
    values.update(overrides)
    return values


def _path(rule, values: dict) -> str:
    # Built by hand, not url_for: url_for refuses the out-of-range ids this module sends.
    return _ARGUMENT.sub(lambda match: str(values[match.group(1)]), rule.rule)


def _problems(response) -> list[dict]:
    body = response.get_json()
    assert body and body.get("errors"), response.get_data(as_text=True)[:300]
    assert all(SHAPE <= set(problem) and problem["message_vi"] for problem in body["errors"])
    return body["errors"]


def _csrf(client) -> str:
    return csrf_token_from(client.get("/account/password").get_data(as_text=True))


# --- JSON nested too deep, or too long -----------------------------------------------------

@pytest.mark.parametrize("body", [DEEP, JUST_TOO_DEEP], ids=["100000-deep", "65-deep"])
def test_deep_json_on_every_api_write_endpoint_is_a_400(world, body):
    spec = world.clients["anonymous"].get("/api/v1/openapi.json").get_json()
    for rule in _rules(world, prefix="/api/"):
        for method in sorted(rule.methods & {"POST", "PUT", "PATCH", "DELETE"}):
            for role in ("anonymous", "enterprise_a"):  # /api/v1/tokens is open to anyone
                headers = dict(world.fresh_token(role) if method == "DELETE" else world.tokens[role],
                               **{"If-Match": '"1.1"'})
                response = world.clients[role].open(_path(rule, _values(world)), method=method,
                                                    data=body, content_type="application/json",
                                                    headers=headers)
                where = f"{method} {rule.rule} as {role}"
                assert response.status_code < 500, where
                operation = spec["paths"][_openapi_path(rule)][method.lower()]
                if "requestBody" in operation:
                    assert response.status_code == 400, where
                    assert [p["code"] for p in _problems(response)] == ["too_deep"], where


def _openapi_path(rule) -> str:
    return _ARGUMENT.sub(r"{\1}", rule.rule)


def test_the_deepest_allowed_json_is_read(world):
    nested = "[" * (jsonio.MAX_DEPTH - 2) + "]" * (jsonio.MAX_DEPTH - 2)  # inside {"document": {...}}
    response = world.clients["anonymous"].post(
        "/api/v1/reports", headers=world.tokens["enterprise_a"], content_type="application/json",
        data='{"form": "ghg-inventory", "facility_id": %d, "document": {"x": %s}}'
             % (world.facility_id, nested))
    assert response.status_code == 409  # A's report of the period exists: past every parser


def test_json_longer_than_the_limit_is_a_413_in_shape(world):
    text = '{"email": "a@b.vn", "password": "%s"}' % ("x" * jsonio.MAX_LENGTH)
    response = world.clients["anonymous"].post("/api/v1/tokens", data=text,
                                               content_type="application/json")
    assert response.status_code == 413
    assert [p["code"] for p in _problems(response)] == ["too_large"]


def test_json_that_is_not_json_is_a_400_in_shape(world):
    for text in ("{not json", b"\xff\xfe{}", '{"a": 1} trailing'):
        response = world.clients["anonymous"].post("/api/v1/tokens", data=text,
                                                   content_type="application/json")
        assert response.status_code == 400
        assert [p["code"] for p in _problems(response)] == ["invalid_json"]


@pytest.mark.parametrize("body", [DEEP, "[1, 2]", '{"email": {"nested": [1]}}', '"text"', "null"],
                         ids=["deep", "list", "nested", "string", "null"])
def test_json_to_any_web_page_is_a_415_before_anything_reads_it(world, body):
    """The pages take forms. Flask-WTF would read a JSON body as a form's data (a list, a nested
    object: 500s before this), so a JSON body to a page, CSRF token and all, is refused."""
    client = world.clients["enterprise_a"]
    for rule in _rules(world):
        if rule.rule.startswith("/api/"):
            continue
        response = client.post(_path(rule, _values(world)), data=body,
                               content_type="application/json",
                               headers={"X-CSRFToken": _csrf(client)})
        assert response.status_code == 415, f"POST {rule.rule}: {response.status_code}"
    assert client.get("/home").status_code == 200  # not even /logout ran


def test_json_to_a_page_says_why_vietnamese_first(world):
    client = world.clients["enterprise_a"]
    response = client.post("/account/password", data=DEEP, content_type="application/json",
                           headers={"X-CSRFToken": _csrf(client), "Accept": "application/json"})
    assert response.status_code == 415
    assert [p["code"] for p in _problems(response)] == ["form_only"]
    page = client.post("/account/password", data=DEEP, content_type="application/json",
                       headers={"X-CSRFToken": _csrf(client)})
    html = page.get_data(as_text=True)
    assert page.status_code == 415 and page.mimetype == "text/html"
    assert html.index("không nhận JSON") < html.index("not JSON")


def test_flasks_own_json_reader_has_the_limits(world):
    with world.app.app_context():
        with pytest.raises(jsonio.JSONTooDeep):
            world.app.json.loads(DEEP)
        assert world.app.json.loads('{"x": 0.1}') == {"x": jsonio.Decimal("0.1")}


# --- integers past the database's ----------------------------------------------------------

def _int_rules(world):
    return [rule for rule in world.app.url_map.iter_rules()
            if any(type(c).__name__ == "DatabaseIntegerConverter" for c in rule._converters.values())]


@pytest.mark.parametrize("huge", [HUGE, JUST_PAST], ids=["huge", "just-past"])
def test_every_int_route_answers_404_past_the_database_integers(world, huge):
    rules = _int_rules(world)
    assert len(rules) >= 15  # web and API: reports, facilities, versions, obligations
    for rule in rules:
        for name in (n for n, c in rule._converters.items()
                     if type(c).__name__ == "DatabaseIntegerConverter"):
            path = _path(rule, _values(world, **{name: huge}))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                for role in ("enterprise_a", "reviewer"):
                    api = rule.rule.startswith("/api/")
                    response = world.clients[role].open(
                        path, method=method, headers=world.tokens[role] if api else {},
                        json={} if api else None)
                    assert response.status_code == 404, f"{method} {path} as {role}"
                    if rule.rule.startswith("/api/"):
                        assert [p["code"] for p in _problems(response)] == ["not_found"]


def test_the_largest_database_integer_is_an_id_that_does_not_exist(world):
    client = world.clients["enterprise_a"]
    assert client.get(f"/reports/{2**31 - 1}/history").status_code == 404
    assert client.get(f"/api/v1/reports/{2**31 - 1}",
                      headers=world.tokens["enterprise_a"]).status_code == 404


QUERY = "&".join(f"{name}={HUGE}" for name in (
    "page", "period", "period_id", "year", "facility_id", "report_id", "assignee", "status"))


@pytest.mark.parametrize("role", ["enterprise_a", "reviewer", "analyst", "admin"])
def test_huge_integers_in_query_strings_are_never_a_500(world, role):
    client = world.clients[role]
    for rule in world.app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        response = client.get(f"{_path(rule, _values(world, report_id=world.report_id))}?{QUERY}",
                              headers=world.tokens[role])
        response.close()
        assert response.status_code < 500, f"GET {rule.rule}?{QUERY} as {role}"


def test_huge_integers_in_forms_are_never_a_500(world):
    client = world.clients["enterprise_a"]
    form = {"facility_id": HUGE, "period_id": HUGE, "report_id": HUGE, "revision": HUGE,
            "request_id": HUGE, "assignee": HUGE}
    for rule in _rules(world, methods=("POST",)):
        if rule.rule.startswith("/api/") or rule.endpoint == "auth.logout":
            continue
        response = client.post(_path(rule, _values(world)), data={**form, "csrf_token": _csrf(client)})
        assert response.status_code < 500, f"POST {rule.rule}: {response.status_code}"
    reviewer = world.clients["reviewer"]
    response = reviewer.post(f"/review/{world.report_id}/act",
                             data={**form, "action": "assign", "csrf_token": _csrf(reviewer)})
    assert response.status_code < 500


def test_huge_integers_in_api_bodies_are_a_4xx(world):
    client = world.clients["anonymous"]
    for body in ({"form": "ghg-inventory", "facility_id": HUGE, "document": {}},
                 {"form": "ghg-inventory", "facility_id": world.facility_id, "period_id": HUGE,
                  "document": {}}):
        response = client.post("/api/v1/reports", headers=world.tokens["enterprise_a"], json=body)
        assert 400 <= response.status_code < 500, body
        _problems(response)


# --- bodies past the upload limit, and every API error in the contract's shape -------------

@pytest.fixture
def small_uploads(world):
    world.app.config["MAX_CONTENT_LENGTH"], saved = 1000, world.app.config["MAX_CONTENT_LENGTH"]
    yield
    world.app.config["MAX_CONTENT_LENGTH"] = saved


def test_a_body_past_the_upload_limit_is_a_413_in_shape(world, small_uploads):
    client = world.clients["anonymous"]
    response = client.post("/api/v1/tokens", data='{"email": "%s"}' % ("x" * 5000),
                           content_type="application/json")
    assert response.status_code == 413 and _problems(response)[0]["code"] == "request_entity_too_large"
    page = client.post("/login", data={"email": "x" * 5000})
    assert page.status_code == 413 and "Tệp tải lên quá lớn." in page.get_data(as_text=True)


def test_every_api_error_is_in_the_contracts_shape(world):
    client = world.clients["anonymous"]
    token = world.tokens["enterprise_a"]
    answers = {
        400: client.post("/api/v1/tokens", data="{", content_type="application/json"),
        401: client.get("/api/v1/facilities"),
        403: client.get("/api/v1/statistics/ghg?year=2024", headers=token),
        404: client.get("/api/v1/no-such-thing", headers=token),
        405: client.get("/api/v1/tokens"),
        415: client.post("/api/v1/tokens", data={"email": "a"}),
        422: client.post("/api/v1/tokens", json={"email": "a"}),
    }
    for _ in range(6):  # the sixth failure for one address within the window
        answers[429] = client.post("/api/v1/tokens", json={"email": "throttled@example.vn",
                                                           "password": "wrong"})
    for status, response in answers.items():
        assert response.status_code == status, (status, response.get_data(as_text=True)[:200])
        assert response.mimetype == "application/json"
        _problems(response)


def test_html_error_pages_say_it_in_vietnamese_first(world):
    page = world.clients["enterprise_a"].get("/no-such-page")
    html = page.get_data(as_text=True)
    assert page.status_code == 404 and page.mimetype == "text/html"
    assert html.index("Trang này không tồn tại") < html.index("This page does not exist")


# --- structures deeper than any form, arriving another way ---------------------------------

def test_carrying_a_report_forward_copies_no_nested_junk():
    from forms.registry import form_definition
    from intake.domain.carry_forward import carry_forward

    deep: list = []
    for _ in range(5000):  # far past Python's recursion limit, built without recursion
        deep = [deep]
    previous = {"form": "ghg-inventory", "facility": {"name": deep, "address": "KCN"},
                "years": [{"year": 2024, "sources": [{"id": "S1", "fuel": deep,
                                                      "category": "stationary_combustion"}]}]}
    document = carry_forward(form_definition("ghg-inventory"), previous, [2025, 2026])
    assert document["facility"] == {"address": "KCN"}
    assert [year["sources"] for year in document["years"]] == [
        [{"id": "S1", "category": "stationary_combustion"}]] * 2
