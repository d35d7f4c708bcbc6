"""Concurrent amendments of one accepted report, against real gunicorn workers on SQLite and
PostgreSQL: exactly one opens the correction, the others are told it is no longer accepted
(409 `not_accepted`), and one event and one audit entry are recorded."""
from sqlalchemy import func, select

from intake.models import AuditEntry, Report, ReportEvent
from tests.conftest import TEST_PASSWORD, run_cli
from tests.integration.test_races import PARALLEL, all_at_once, call, count, new_draft, portal  # noqa: F401


def test_parallel_amendments_open_one_correction(portal):  # noqa: F811
    report_id, _ = new_draft(portal, "Nhà máy đính chính song song")
    status, body, _ = call(portal["base"], "POST", f"/api/v1/reports/{report_id}/submit",
                           {"certify": True, "password": TEST_PASSWORD}, portal["filer"])
    assert status == 200, body
    status, body, _ = call(portal["base"], "POST", f"/api/v1/reports/{report_id}/review",
                           {"action": "accept", "comments": []}, portal["reviewer"])
    assert status == 200 and body["accepted_version"] == 1, body
    answers = all_at_once(PARALLEL, lambda index: call(
        portal["base"], "POST", f"/api/v1/reports/{report_id}/amend",
        {"reason": f"Đính chính lần {index}"}, portal["filer"]))
    statuses = [status for status, *_ in answers]
    assert statuses.count(200) == 1 and statuses.count(409) == PARALLEL - 1, statuses
    assert all(body["errors"][0]["code"] == "not_accepted" for status, body, _ in answers if status == 409)
    assert count(portal, select(func.count()).select_from(ReportEvent).where(
        ReportEvent.report_id == report_id, ReportEvent.action == "amend")) == 1
    assert count(portal, select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "report.amend")) == 1
    assert count(portal, select(Report.accepted_version_number).where(Report.id == report_id)) == 1
    verify = run_cli("audit", "verify", env=portal["env"])
    assert verify.returncode == 0, verify.stdout + verify.stderr
