"""Real races against real gunicorn workers, on SQLite and on PostgreSQL (issue 12).

Each round releases N threads at once (a barrier) against a portal of four workers: parallel
creates for one facility, parallel saves with one ETag, parallel submits of one draft, parallel
review moves. The database decides, not a check in Python: exactly one request of each round
succeeds, the others are told why (409 `report_exists` with the existing id, 412 for a stale
ETag, 409 for a report that moved on), and nothing is doubled or lost.
"""
import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from intake.domain.workflow import ReportStatus
from intake.models import Report, ReportEvent, ReportVersion
from tests.conftest import TEST_PASSWORD, run_cli
from tests.portal_server import start_portal, stop_portal

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
PARALLEL = 8
ROUNDS = 2


def call(base, method, path, body=None, token=None, headers=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def all_at_once(count, work):
    """Run `work(i)` in `count` threads released together; their answers in order."""
    barrier = threading.Barrier(count)

    def released(index):
        barrier.wait(timeout=30)
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(released, range(count)))


@pytest.fixture
def portal(database_url, tmp_path):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)}
    for email, role in (("filer@congty.vn", "enterprise"), ("reviewer@soct.hanoi.gov.vn", "reviewer")):
        extra = ["--tax-code", "0100112437"] if role == "enterprise" else []
        result = run_cli("user", "create", email, "--role", role, *extra, "--password-stdin", env=env,
                         input=TEST_PASSWORD + "\n")
        assert result.returncode == 0, result.stderr
    process, base = start_portal(env, tmp_path / "server.log", workers=4)
    tokens = {}
    for email in ("filer@congty.vn", "reviewer@soct.hanoi.gov.vn"):
        status, body, _ = call(base, "POST", "/api/v1/tokens", {"email": email, "password": TEST_PASSWORD})
        assert status == 201, body
        tokens[email] = body["token"]
    engine = create_engine(database_url)
    yield {"base": base, "filer": tokens["filer@congty.vn"],
           "reviewer": tokens["reviewer@soct.hanoi.gov.vn"], "engine": engine, "env": env}
    engine.dispose()
    stop_portal(process)


def new_facility(portal, name):
    status, body, _ = call(portal["base"], "POST", "/api/v1/facilities",
                           {"name": name, "address": "Hà Nội", "commune_code": "00493"}, portal["filer"])
    assert status == 201, body
    return body["id"]


def new_draft(portal, name):
    status, body, headers = call(portal["base"], "POST", "/api/v1/reports", {
        "form": "ghg-inventory", "facility_id": new_facility(portal, name), "document": DOCUMENT},
        portal["filer"])
    assert status == 201, body
    return body["id"], headers["ETag"]


def count(portal, statement):
    with portal["engine"].connect() as connection:
        return connection.execute(statement).scalar()


def test_parallel_creates_for_one_facility_make_one_report(portal):
    for round_number in range(ROUNDS):
        facility_id = new_facility(portal, f"Nhà máy tạo song song {round_number}")
        answers = all_at_once(PARALLEL, lambda _: call(portal["base"], "POST", "/api/v1/reports", {
            "form": "ghg-inventory", "facility_id": facility_id, "document": DOCUMENT}, portal["filer"]))
        created = [body for status, body, _ in answers if status == 201]
        refused = [body for status, body, _ in answers if status != 201]
        assert len(created) == 1, [status for status, *_ in answers]
        assert all(body["errors"][0]["code"] == "report_exists" and body["id"] == created[0]["id"]
                   for body in refused), refused
        assert count(portal, select(func.count()).select_from(Report)
                     .where(Report.facility_id == facility_id)) == 1


def test_parallel_saves_with_one_etag_let_exactly_one_through(portal):
    for round_number in range(ROUNDS):
        report_id, etag = new_draft(portal, f"Nhà máy lưu song song {round_number}")

        def save(index):
            document = json.loads(json.dumps(DOCUMENT))
            document["years"][0]["sources"][0]["quantity"] = str(5000 + index)
            return call(portal["base"], "PUT", f"/api/v1/reports/{report_id}", {"document": document},
                        portal["filer"], headers={"If-Match": etag})

        answers = all_at_once(PARALLEL, save)
        statuses = [status for status, *_ in answers]
        assert statuses.count(200) == 1 and statuses.count(412) == PARALLEL - 1, statuses
        winner = statuses.index(200)
        status, stored, _ = call(portal["base"], "GET", f"/api/v1/reports/{report_id}", token=portal["filer"])
        # The one writer told "saved" is the one whose document is stored: nothing lost.
        assert str(stored["document"]["years"][0]["sources"][0]["quantity"]) == str(5000 + winner)


def test_parallel_submits_of_one_draft_make_one_version(portal):
    for round_number in range(ROUNDS):
        report_id, _ = new_draft(portal, f"Nhà máy nộp song song {round_number}")
        answers = all_at_once(PARALLEL, lambda _: call(
            portal["base"], "POST", f"/api/v1/reports/{report_id}/submit",
            {"certify": True, "password": TEST_PASSWORD}, portal["filer"]))
        statuses = [status for status, *_ in answers]
        assert statuses.count(200) == 1 and statuses.count(409) == PARALLEL - 1, statuses
        assert count(portal, select(func.count()).select_from(ReportVersion)
                     .where(ReportVersion.report_id == report_id)) == 1
        assert count(portal, select(func.count()).select_from(ReportEvent).where(
            ReportEvent.report_id == report_id, ReportEvent.action == "submit")) == 1


def test_parallel_review_moves_happen_once(portal):
    for round_number in range(ROUNDS):
        report_id, _ = new_draft(portal, f"Nhà máy thẩm định song song {round_number}")
        status, body, _ = call(portal["base"], "POST", f"/api/v1/reports/{report_id}/submit",
                               {"certify": True, "password": TEST_PASSWORD}, portal["filer"])
        assert status == 200, body
        actions = ["start_review", "accept"] * (PARALLEL // 2)
        answers = all_at_once(PARALLEL, lambda index: call(
            portal["base"], "POST", f"/api/v1/reports/{report_id}/review",
            {"action": actions[index], "comments": []}, portal["reviewer"]))
        statuses = [status for status, *_ in answers]
        assert all(status in (200, 409) for status in statuses), statuses
        with portal["engine"].connect() as connection:
            moves = connection.execute(select(ReportEvent.action, ReportEvent.from_status).where(
                ReportEvent.report_id == report_id, ReportEvent.action.in_(["start_review", "accept"]))
                .order_by(ReportEvent.id)).all()
            final = connection.execute(select(Report.status).where(Report.id == report_id)).scalar()
        # Every move that answered 200 is one event, each from the status the one before left;
        # an accept that found the report submitted started its review itself (one more event).
        implicit = 1 if [m.action for m in moves] == ["start_review", "accept"] \
            and statuses.count(200) == 1 else 0
        assert len(moves) == statuses.count(200) + implicit
        assert all(m.from_status is (ReportStatus.SUBMITTED if m.action == "start_review"
                                     else ReportStatus.UNDER_REVIEW) for m in moves)
        assert len([m for m in moves if m.action == "accept"]) <= 1
        assert len([m for m in moves if m.action == "start_review"]) <= 1
        assert final in (ReportStatus.ACCEPTED, ReportStatus.UNDER_REVIEW)
    verify = run_cli("audit", "verify", env=portal["env"])
    assert verify.returncode == 0, verify.stdout + verify.stderr
