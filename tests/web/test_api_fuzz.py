"""The API fuzzed from its own OpenAPI description (schemathesis): no request it can be sent,
valid or not, may get a server error.

A short run (a few examples per operation) on realistic data: the caller owns a facility, a
submitted report and a draft, and the generated path ids are mostly swapped for those, so the
requests reach past the 404s into the handlers, the schemas and the services. A generated
`facility_id` is mostly swapped for a facility with no report yet, and a PUT to one of the
caller's reports carries its current ETag (If-Match is not in the OpenAPI description, so
schemathesis never sends one): without these every create and every update stopped at a 404 or
a 428, and the generated documents never reached the validation and the calculation.
`test_the_fuzz_reaches_the_writes` keeps it so. The checks: no 5xx (`not_a_server_error`), and
every answer is JSON or the PDF it declares (`content_type_conformance`).
"""
from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import content_type_conformance, not_a_server_error

from tests.web.shared_world import open_world

# Examples per operation and generation mode: 12 operations × 2 modes × 6 = 144 requests in
# the suite; INTAKE_FUZZ_EXAMPLES=200 for a run of a few minutes.
EXAMPLES = int(os.environ.get("INTAKE_FUZZ_EXAMPLES", "6"))


@pytest.fixture(scope="module")
def world(backend, database_template, tmp_path_factory):
    with open_world(backend, database_template, tmp_path_factory.mktemp("fuzz")) as opened:
        created = opened.clients["anonymous"].post(
            "/api/v1/facilities", headers=opened.tokens["enterprise_a"],
            json={"name": "Kho chưa có báo cáo", "commune_code": "00493"})
        assert created.status_code == 201, created.get_json()
        opened.extra["facility_without_reports"] = created.get_json()["id"]
        yield opened


@pytest.fixture(scope="module")
def answers(world) -> Counter:
    """(operation, status) of every request the fuzz sent, for the test of its reach."""
    return Counter()


# Who calls each operation: its owner, or the Department role it is for.
CALLER = {"/api/v1/reports/{report_id}/review": "reviewer", "/api/v1/statistics/ghg": "analyst"}


def _realistic_ids(world, case) -> None:
    """Two generated ids in three become one of the caller's: a real report (the draft and the
    submitted one in turn, whatever the generated values, so that both are reached however
    the examples fall) or its version 1, a facility that has no report yet."""
    own = {"report_id": (world.draft_id, world.report_id), "number": (1, 1)}
    if case.method == "PUT":  # an update reaches the service only on a draft (the submitted one: 409)
        own["report_id"] = (world.draft_id, world.draft_id)
    for name, value in list((case.path_parameters or {}).items()):
        if name in own and isinstance(value, int) and value % 3:
            # Counted per operation: an operation added to the API shifts no other's turns.
            turns = world.extra.setdefault("turns", {})
            turn = turns[(case.method, case.path)] = turns.get((case.method, case.path), -1) + 1
            case.path_parameters[name] = own[name][turn % 2]
    body = case.body if isinstance(case.body, dict) else {}
    if isinstance(body.get("facility_id"), int) and body["facility_id"] % 3:
        body["facility_id"] = world.extra["facility_without_reports"]


def _current_etag(world, case, headers: dict[str, str]) -> dict[str, str]:
    """For a PUT to one of the caller's reports, the ETag it was last saved with."""
    report_id = (case.path_parameters or {}).get("report_id")
    if case.method != "PUT" or report_id not in (world.draft_id, world.report_id):
        return {}
    current = world.clients["anonymous"].get(f"/api/v1/reports/{report_id}", headers=headers)
    return {"If-Match": current.headers["ETag"]}


def _fuzz(world, operation, mode: GenerationMode, answers: Counter) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def examples(case):
        _realistic_ids(world, case)
        role = CALLER.get(case.path, "enterprise_a")
        # Revoking "the token of this request" must not end the next example's.
        headers = world.fresh_token(role) if case.method == "DELETE" else world.tokens[role]
        response = case.call(headers={**headers, **_current_etag(world, case, headers)})
        answers[(operation.label, response.status_code)] += 1
        case.validate_response(response, checks=[not_a_server_error, content_type_conformance])

    examples()


def test_no_request_gets_a_server_error(world, answers):
    # Built here rather than with schemathesis.pytest.from_fixture, which pytest 9 breaks
    # (schemathesis 4.3's lazy schema reads a private attribute pytest no longer has).
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", world.app)
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _fuzz(world, operation, mode, answers)
            except Exception as failure:  # every operation is tried; all failures reported
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    assert not failures, "\n\n".join(failures)


def test_the_fuzz_reaches_the_writes(world, answers):
    """Generated bodies that got past the ids into a create and an update: a crash there would
    otherwise never be sent (runs after the fuzz, on the answers it saw)."""
    if not answers:
        pytest.skip("the fuzz did not run in this session")
    assert answers[("POST /api/v1/reports", 201)] > 0, sorted(answers.items())
    assert answers[("PUT /api/v1/reports/{report_id}", 200)] > 0, sorted(answers.items())
