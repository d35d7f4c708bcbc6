"""The review desk through its pages: permissions, queue, workspace, the whole cycle
(comment → return → the filer sees the comment → resubmit → accept)."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.domain.roles import Role
from intake.domain.workflow import TRANSITIONS, Action, IllegalTransition, ReportStatus, RoleNotAllowed, apply
from intake.models import Facility, Report, ReportEvent, User
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())


def page(response):
    return response.get_data(as_text=True)


@pytest.fixture
def submitted_report(session, make_user):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Dệt Lĩnh Nam", commune_code="00283", enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=DOCUMENT)
    filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()
    return {"id": report.id, "filer": email}


@pytest.mark.parametrize("role, status", [
    ("enterprise", 403), ("analyst", 403), ("reviewer", 200), ("admin", 200),
])
def test_who_may_open_the_review_pages(client, make_user, submitted_report, role, status):
    _, email = make_user(role, tax_code="0300588569" if role == "enterprise" else None)
    log_in(client, email)
    assert client.get("/review").status_code == status
    assert client.get(f"/review/{submitted_report['id']}").status_code == status


def test_anonymous_visitors_are_sent_to_login(client, submitted_report):
    assert client.get("/review").status_code == 302


@pytest.mark.parametrize("role", ["enterprise", "analyst", "admin"])
def test_only_reviewers_act(client, make_user, submitted_report, role):
    _, email = make_user(role, tax_code="0300588569" if role == "enterprise" else None)
    log_in(client, email)
    token = csrf_token_from(page(client.get("/home")))
    response = client.post(f"/review/{submitted_report['id']}/act", data={"action": "accept", "csrf_token": token})
    assert response.status_code == 403


def test_the_queue_lists_submitted_reports_with_counts(client, make_user, submitted_report):
    _, email = make_user("reviewer")
    log_in(client, email)
    html = page(client.get("/review"))
    assert "Nhà máy Dệt Lĩnh Nam" in html
    assert "Nhà máy Dệt Lĩnh Nam" not in page(client.get("/review?status=accepted"))
    assert "Nhà máy Dệt Lĩnh Nam" in page(client.get("/review?commune=00283"))
    assert "Nhà máy Dệt Lĩnh Nam" not in page(client.get("/review?commune=00493"))


def test_the_whole_review_cycle(app, client, make_user, submitted_report, session):
    report_id = submitted_report["id"]
    _, reviewer_email = make_user("reviewer")
    log_in(client, reviewer_email)
    workspace = page(client.get(f"/review/{report_id}"))
    assert "3.196,749" in workspace and "IPCC 2006" in workspace  # totals and traces with sources
    token = csrf_token_from(workspace)
    act = lambda **data: client.post(f"/review/{report_id}/act", data={"csrf_token": token, **data})
    assert act(action="start").status_code == 302
    act(action="comment", comment_path="years[0].sources[2].quantity",
        comment_message="Đề nghị kiểm tra lại lượng than", comment_internal="")
    act(action="comment", comment_path="", comment_message="Ghi chú nội bộ: gọi điện", comment_internal="1")
    act(action="checklist", check_completeness="1", note_completeness="Đủ 6 mục")
    act(action="return", note="Cần bổ sung")
    session.expire_all()
    assert session.get(Report, report_id).status is ReportStatus.RETURNED

    filer = app.test_client()
    log_in(filer, submitted_report["filer"])
    history = page(filer.get(f"/reports/{report_id}/history"))
    assert "Đề nghị kiểm tra lại lượng than" in history and "gọi điện" not in history
    edit = page(filer.get(f"/reports/{report_id}"))
    assert "Đề nghị kiểm tra lại lượng than" in edit and "gọi điện" not in edit

    report = session.get(Report, report_id)
    user = session.scalar(select(User).where(User.email == submitted_report["filer"]))
    changed = json.loads(json.dumps(DOCUMENT))
    changed["years"][0]["sources"][2]["quantity"] = "9000"
    filing.update_report(session, user, report_id, document=changed, expected_revision=report.revision)
    filing.submit_report(session, user, report_id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()

    workspace = page(client.get(f"/review/{report_id}"))
    assert "years[0].sources[2].quantity" in workspace and "9.000" in workspace  # the field diff, in Vietnamese notation
    assert act(action="accept").status_code == 302
    session.expire_all()
    assert session.get(Report, report_id).status is ReportStatus.ACCEPTED
    moves = [(e.action, e.from_status, e.to_status) for e in session.scalars(
        select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.id))]
    assert [m[0] for m in moves] == ["create", "submit", "start_review", "return", "submit", "accept"]


@pytest.mark.parametrize("status", list(ReportStatus))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("role", list(Role))
def test_every_status_action_role_combination(status, action, role):
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        with pytest.raises(IllegalTransition):
            apply(status, action, role)
    elif role not in transition.roles:
        with pytest.raises(RoleNotAllowed):
            apply(status, action, role)
    else:
        assert apply(status, action, role) is transition.to
    # An enterprise never reviews; a reviewer never submits.
    if role is Role.ENTERPRISE and action in (Action.RETURN, Action.ACCEPT, Action.START_REVIEW):
        with pytest.raises((IllegalTransition, RoleNotAllowed)):
            apply(status, action, role)
