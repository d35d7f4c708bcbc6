"""Every route × method × role, generated from the URL map, against one table of expected answers.

A route added to the application without a row in MATRIX fails `test_every_route_has_a_row`,
with the line to add. Ids are real: enterprise A's facility, its submitted report (version 1)
and a draft; enterprise B is another enterprise, so it must get 403 or 404 and never A's data
(`test_another_enterprise_never_sees_the_data` reads the bodies too).

POSTs of the web pages are sent WITHOUT a CSRF token and must all answer 400 (JSON 401 for an
anonymous script) before anything else runs: that proves the CSRF wall on every form route,
and it leaves the module's data as it was, so one database and one logged-in client per role
serve the whole module (seconds, not minutes). Who may POST a form once the token is right is
tested where each page is (tests/web/test_*.py). The API takes no CSRF token (bearer tokens
only): its writes are sent with a realistic body that a refused caller cannot act on.
"""
from __future__ import annotations

import pytest

from tests.web.shared_world import ROLES, open_world

LOGIN = "login"  # 302 to the login page
_ = None  # the method is not routed for this endpoint

# Columns, in ROLES order:
#   anonymous, enterprise A (owns the data), enterprise B (another enterprise), reviewer, analyst, admin
# PREPARER: no such role yet (issue 13); add its column here when it exists (see ROLES).
WEB_POST = (400, 400, 400, 400, 400, 400)  # a form POST without its CSRF token

MATRIX: dict[str, dict[str, tuple]] = {
    # endpoint: {method: (anonymous, enterprise_a, enterprise_b, reviewer, analyst, admin)}
    # --- public ---
    "healthz": {"GET": (200, 200, 200, 200, 200, 200)},
    "home.favicon": {"GET": (200, 200, 200, 200, 200, 200)},
    "static": {"GET": (200, 200, 200, 200, 200, 200)},
    "auth.login": {"GET": (200, 302, 302, 302, 302, 302), "POST": WEB_POST},
    "auth.logout": {"POST": WEB_POST},
    "language.switch": {"POST": WEB_POST},
    "onboarding.forgot": {"GET": (200, 200, 200, 200, 200, 200), "POST": WEB_POST},
    "onboarding.request_account": {"GET": (200, 200, 200, 200, 200, 200), "POST": WEB_POST},
    "onboarding.set_password": {"GET": (410, 410, 410, 410, 410, 410), "POST": WEB_POST},  # unknown link
    "api_docs": {"GET": (200, 200, 200, 200, 200, 200)},
    "api-docs.openapi_json": {"GET": (200, 200, 200, 200, 200, 200)},
    "verify.version": {"GET": (404, 404, 404, 404, 404, 404)},  # a digest no version has
    # --- everyone logged in ---
    "home.index": {"GET": (LOGIN, 302, 302, 302, 302, 302)},
    "home.dashboard": {"GET": (LOGIN, 200, 200, 200, 200, 200)},
    "notifications.index": {"GET": (LOGIN, 200, 200, 200, 200, 200)},
    "auth.password": {"GET": (LOGIN, 200, 200, 200, 200, 200), "POST": WEB_POST},
    "excel.blank_template": {"GET": (LOGIN, 200, 200, 200, 200, 200)},
    # --- enterprise pages: A's ids are A's alone ---
    "onboarding.invite": {"GET": (LOGIN, 200, 200, 403, 403, 403), "POST": WEB_POST},
    # The team page (issue 15): A and B each administer their own enterprise.
    "team.index": {"GET": (LOGIN, 200, 200, 403, 403, 403)},
    "team.change_member": {"POST": WEB_POST},
    "team.grant": {"POST": WEB_POST},
    "team.revoke": {"POST": WEB_POST},
    "team.request_certification": {"POST": WEB_POST},
    "facilities.index": {"GET": (LOGIN, 200, 200, 403, 403, 403), "POST": WEB_POST},
    "facilities.edit": {"GET": (LOGIN, 200, 404, 403, 403, 403), "POST": WEB_POST},
    "filing.create": {"POST": WEB_POST},
    # A's report is submitted: its editor and submit page send A to its history.
    "filing.edit": {"GET": (LOGIN, 302, 404, 302, 404, 302), "POST": WEB_POST},
    "filing.autosave": {"POST": WEB_POST},
    "filing.prefill": {"POST": WEB_POST},
    "filing.submit": {"GET": (LOGIN, 302, 404, 403, 403, 403), "POST": WEB_POST},
    "filing.history": {"GET": (LOGIN, 200, 404, 200, 404, 200)},
    "filing.version_pdf": {"GET": (LOGIN, 200, 404, 200, 404, 200)},
    # Signed copies of record (issue 15): A's version 1 is not signed yet, so no signed file.
    "signatures.upload": {"POST": WEB_POST},
    "signatures.signed_pdf": {"GET": (LOGIN, 404, 404, 404, 404, 404)},
    # Evidence: A's report is submitted (listed, not changed); attachment 1 does not exist.
    "evidence.index": {"GET": (LOGIN, 200, 404, 200, 404, 200), "POST": WEB_POST},
    "evidence.download": {"GET": (LOGIN, 404, 404, 404, 404, 404)},
    "evidence.remove": {"POST": WEB_POST},
    "excel.report_template": {"GET": (LOGIN, 200, 404, 200, 404, 200)},
    "excel.upload": {"GET": (LOGIN, 404, 404, 403, 403, 403), "POST": WEB_POST},  # no report named
    "excel.annotated": {"GET": (LOGIN, 404, 404, 403, 403, 403)},  # an unknown digest
    "excel.confirm": {"POST": WEB_POST},
    # --- the Department ---
    "review.queue": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "review.workspace": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "review.act": {"POST": WEB_POST},
    # The confirmation step of an acceptance: reviewers only (A's report is not under review yet).
    "review.accept": {"GET": (LOGIN, 403, 403, 200, 403, 403), "POST": WEB_POST},
    "threads.answer": {"POST": WEB_POST},  # the filer answers a comment
    "bulk_import.check": {"GET": (LOGIN, 403, 403, 200, 403, 403), "POST": WEB_POST},
    "bulk_import.import_selected": {"POST": WEB_POST},
    "bulk_import.annotated": {"GET": (LOGIN, 403, 403, 404, 403, 403)},  # an unknown digest
    "register.index": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "register.export": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "register.add": {"POST": WEB_POST},
    "register.remove": {"GET": (LOGIN, 403, 403, 200, 403, 200), "POST": WEB_POST},
    "onboarding.requests": {"GET": (LOGIN, 403, 403, 200, 403, 200), "POST": WEB_POST},
    "admin.periods": {"GET": (LOGIN, 403, 403, 403, 403, 200), "POST": WEB_POST},
    "admin.edit_period": {"GET": (LOGIN, 403, 403, 403, 403, 404), "POST": WEB_POST},  # period 1: none
    "admin.factors": {"GET": (LOGIN, 403, 403, 403, 403, 200), "POST": WEB_POST},
    "admin.library": {"GET": (LOGIN, 403, 403, 403, 403, 200)},
    "admin.activate_library": {"POST": WEB_POST},
    "admin.audit_log": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "admin.users": {"GET": (LOGIN, 403, 403, 403, 403, 200)},
    "admin.change_user": {"POST": WEB_POST},
    # Deadline extensions: asked for by the enterprise (no facility or period named: 404), decided by reviewers.
    "extensions.ask": {"GET": (LOGIN, 404, 404, 403, 403, 403), "POST": WEB_POST},
    "extensions.desk": {"GET": (LOGIN, 403, 403, 200, 403, 200)},
    "extensions.grant": {"POST": WEB_POST},
    "extensions.refuse": {"POST": WEB_POST},
    # Statistics: nothing is accepted yet, so the exports have nothing to give (404).
    "analytics.dashboard": {"GET": (LOGIN, 403, 403, 200, 200, 200)},
    "analytics.export": {"GET": (LOGIN, 403, 403, 404, 404, 404)},
    "analytics.report_pdf": {"GET": (LOGIN, 403, 403, 404, 404, 404)},
    "analytics.open_data": {"GET": (LOGIN, 403, 403, 404, 404, 404)},
    "analytics.start_export_job": {"POST": WEB_POST},
    "analytics.export_job": {"GET": (LOGIN, 403, 403, 404, 404, 404)},  # an unknown job
    "analytics.export_job_file": {"GET": (LOGIN, 403, 403, 404, 404, 404)},
    # --- the API (bearer tokens; 401 without one) ---
    "api_tokens.Tokens": {"POST": (401, 401, 401, 401, 401, 401)},  # a wrong password
    "api_tokens.CurrentToken": {"DELETE": (401, 204, 204, 204, 204, 204)},
    "api_facilities.Facilities": {"GET": (401, 200, 200, 200, 200, 200),  # B's list is empty
                                  "POST": (401, 201, 201, 403, 403, 403)},
    "api_reports.Reports": {"POST": (401, 409, 404, 403, 403, 403)},
    "api_reports.ReportResource": {"GET": (401, 200, 404, 200, 404, 200),
                                   "PUT": (401, 409, 404, 403, 404, 403)},  # a stale ETag
    # certify=false is refused (422) before who submits is asked; B and the analyst never see it.
    "api_reports.Submit": {"POST": (401, 422, 404, 422, 404, 422)},
    "api_reports.Review": {"POST": (401, 403, 403, 422, 403, 403)},
    "api_reports.Receipt": {"GET": (401, 200, 404, 200, 404, 200)},
    "api_reports.CopyOfRecord": {"GET": (401, 200, 404, 200, 404, 200)},
    # No file sent: A is told to attach one (422); only A's certifiers may sign (403 for the desk).
    "api_signatures.Signature": {"GET": (401, 404, 404, 404, 404, 404),
                                 "POST": (401, 422, 404, 403, 404, 403)},
    # A's report is with the Department: no evidence added or removed (409); staff never add.
    "api_attachments.Attachments": {"GET": (401, 200, 404, 200, 404, 200),
                                    "POST": (401, 409, 404, 403, 404, 403)},
    "api_attachments.AttachmentFile": {"GET": (401, 404, 404, 404, 404, 404),
                                       "DELETE": (401, 409, 404, 403, 404, 403)},
    "api_statistics.GhgStatistics": {"GET": (401, 403, 403, 422, 422, 422)},  # no ?year=
    "api_statistics.DeclarationStatistics": {"GET": (401, 403, 403, 422, 422, 422)},  # no ?year=
    # Exports: no year asked (422); job 1 is nobody's (404: no one learns whose a job is).
    "api_exports.Exports": {"POST": (401, 403, 403, 422, 422, 422)},
    "api_exports.Export": {"GET": (401, 403, 403, 404, 404, 404)},
    "api_exports.ExportFile": {"GET": (401, 403, 403, 404, 404, 404)},
    # Deadline extensions: a period nobody has (404) for A's facility; request 1 does not exist.
    "api_extensions.Extensions": {"GET": (401, 200, 200, 200, 403, 200), "POST": (401, 404, 404, 403, 403, 403)},
    "api_extensions.Decision": {"POST": (401, 403, 403, 404, 403, 403)},
    # A correction of A's report: it is submitted, not accepted (409 not_accepted for A).
    "corrections.amend": {"GET": (LOGIN, 302, 404, 403, 403, 403), "POST": WEB_POST},
    "api_corrections.Amend": {"POST": (401, 409, 404, 403, 404, 403)},
}


@pytest.fixture(scope="module")
def world(backend, database_template, tmp_path_factory):
    with open_world(backend, database_template, tmp_path_factory.mktemp("matrix")) as opened:
        yield opened


def _path_values(world) -> dict[str, object]:
    return {"report_id": world.report_id, "facility_id": world.facility_id,
            "number": world.version_number, "form": "ghg-inventory", "obligation_id": 1,
            "code": "en", "token": "not-a-real-token", "digest": "0" * 64, "sha256": "0" * 64,
            "job": "no-such-job", "job_id": "0123456789abcdef01234567", "user_id": 1, "period_id": 2**31 - 1, "comment_id": 1, "attachment_id": 1, "extension_id": 1, "filename": "css/intake.css", "kind": "receipt"}


def _rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _url(world, rule) -> str:
    values = _path_values(world)
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: add a value for {missing} in _path_values"
    with world.app.test_request_context():
        from flask import url_for
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def _api_body(world, role: str, endpoint: str, method: str) -> dict | None:
    bodies = {
        # A wrong password for an address of its own per role: five would lock the address out.
        ("api_tokens.Tokens", "POST"): {"email": f"nobody-{role}@example.vn", "password": "wrong"},
        ("api_facilities.Facilities", "POST"): {"name": f"Kho mới của {role}", "commune_code": "00493"},
        # A already has this period's report (409); nobody else may file for A's facility.
        ("api_reports.Reports", "POST"): {"form": "ghg-inventory", "facility_id": world.facility_id,
                                          "document": {}},
        ("api_reports.ReportResource", "PUT"): {"document": {}},  # with a stale ETag: never written
        ("api_reports.Submit", "POST"): {"certify": False, "password": ""},
        ("api_extensions.Extensions", "POST"): {"facility_id": world.facility_id, "period_id": 2**31 - 1,
                                                "form": "ghg-inventory", "reason": "Cần thêm thời gian"},
        ("api_extensions.Decision", "POST"): {"action": "grant", "due_date": "2030-01-01", "note": ""},
        # Returning without a word is refused (422) after every check of who may return it.
        ("api_reports.Review", "POST"): {"action": "return", "note": "", "comments": []},
        ("api_corrections.Amend", "POST"): {"reason": "Sai số liệu hoạt động"},
    }
    return bodies.get((endpoint, method))


def _request(world, role: str, rule, method: str):
    client = world.clients[role]
    url = _url(world, rule)
    if not rule.rule.startswith("/api/"):
        return client.open(url, method=method)
    headers = dict(world.tokens[role])
    if rule.endpoint == "api_tokens.CurrentToken":
        headers = world.fresh_token(role)  # revoked by the request
    if method == "PUT":
        headers["If-Match"] = f'"{world.report_id}.0"'
    body = _api_body(world, role, rule.endpoint, method)
    if body is not None:
        return client.open(url, method=method, headers=headers, json=body)
    return client.open(url, method=method, headers=headers)


def _answer_of(world, role: str, rule, method: str):
    response = _request(world, role, rule, method)
    response.close()
    if response.status_code == 302 and "/login" in response.headers.get("Location", ""):
        return LOGIN
    return response.status_code


def _cases(app):
    for rule in _rules(app):
        for method in _methods(rule):
            yield rule, method


def test_every_route_has_a_row(world):
    missing = [f'    "{rule.endpoint}": {{"{method}": (...)}},  # {rule.rule}'
               for rule, method in _cases(world.app)
               if method not in MATRIX.get(rule.endpoint, {})]
    assert not missing, ("routes without an expected answer per role; add them to MATRIX in "
                         "tests/web/test_route_matrix.py:\n" + "\n".join(missing))


def test_the_table_names_only_routes_that_exist(world):
    routed = {(rule.endpoint, method) for rule, method in _cases(world.app)}
    stale = [(endpoint, method) for endpoint, methods in MATRIX.items() for method in methods
             if (endpoint, method) not in routed]
    assert not stale, f"MATRIX rows for routes that no longer exist: {stale}"
    assert all(len(row) == len(ROLES) for methods in MATRIX.values() for row in methods.values())


def test_each_route_answers_each_role_as_the_table_says(world):
    wrong = []
    for rule, method in _cases(world.app):
        expected = MATRIX.get(rule.endpoint, {}).get(method)
        if expected is None:
            continue  # reported by test_every_route_has_a_row
        got = tuple(_answer_of(world, role, rule, method) for role in ROLES)
        if got != expected:
            wrong.append(f"{method} {rule.rule} ({rule.endpoint}): expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


LEAKS = ("Nhà máy Thăng Long của A", "0100112437", "KCN Thăng Long")


def test_another_enterprise_never_sees_the_data(world):
    for rule, method in _cases(world.app):
        if method != "GET" or not ({"report_id", "facility_id"} & set(rule.arguments)):
            continue
        response = _request(world, "enterprise_b", rule, method)
        body = response.get_data(as_text=True)
        response.close()
        assert response.status_code in (403, 404), f"{rule.rule}: {response.status_code}"
        assert not any(leak in body for leak in LEAKS), f"{rule.rule} shows A's data to B"
