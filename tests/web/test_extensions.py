"""Deadline extensions: asked for by the enterprise, granted or refused by a reviewer, and
honoured by everything that says "late": the register, the review queue's filter, what is due,
the compliance statistics and the reminders; on SQLite and PostgreSQL, in Hanoi time."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.domain.compliance import FilingState, today_in_hanoi
from intake.domain.extensions import ExtensionStatus
from intake.domain.workflow import FormKind
from intake.models import (
    AuditEntry,
    DeadlineExtension,
    Facility,
    Obligation,
    OutboxMessage,
    Report,
    ReportingPeriod,
    User,
)
from intake.queries.filing import what_is_due
from intake.queries.notifications import notifications
from intake.queries.review import QueueFilters, review_queue
from intake.services import analytics
from intake.services import reports as filing
from intake.services.extensions import grant_extension, refuse_extension, request_extension
from intake.services.register_status import register_lines
from intake.services.reminders import queue_reminders
from intake.services.reports import FilingError
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())

DUE = dt.date(2024, 3, 31)
GRANTED = dt.date(2024, 4, 30)
UTC = dt.timezone.utc
AFTER_DUE = dt.date(2024, 4, 5)  # past the period's due date, inside the extension
NAME = "Nhà máy Xin Gia Hạn"
OTHER = "Nhà máy Đúng Hạn Kỳ"


@pytest.fixture
def world(session, make_user):
    """Enterprise A with two facilities on the GHG register, each with a draft for a period due
    on DUE; a reviewer; enterprise B."""
    filer_id, filer_email = make_user("enterprise", tax_code="0100112437")
    other_id, other_email = make_user("enterprise", tax_code="0100109106")
    reviewer_id, reviewer_email = make_user("reviewer")
    filer = session.get(User, filer_id)
    period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kỳ báo cáo 2022–2023", first_data_year=2022,
                             last_data_year=2023, opens_on=dt.date(2024, 1, 1), due_on=DUE)
    asking = Facility(name=NAME, commune_code="00493", enterprise_id=filer.enterprise_id)
    other = Facility(name=OTHER, commune_code="00493", enterprise_id=filer.enterprise_id)
    session.add_all([period, asking, other])
    session.flush()
    session.add_all([Obligation(facility_id=f.id, form=FormKind.GHG_INVENTORY, legal_basis="Quyết định 42/2026/QĐ-TTg",
                                added_by_id=reviewer_id) for f in (asking, other)])
    reports = {}
    for facility in (asking, other):
        report = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                      document=DOCUMENT, period_id=period.id)
        reports[facility.name] = report.id
    session.commit()
    return {"period_id": period.id, "facility_id": asking.id, "other_facility_id": other.id,
            "report_id": reports[NAME], "filer_id": filer_id, "filer": filer_email,
            "other_id": other_id, "other": other_email, "reviewer_id": reviewer_id, "reviewer": reviewer_email}


def _user(session, world, key):
    return session.get(User, world[key])


def _ask(session, world, **overrides):
    values = {"facility_id": world["facility_id"], "period_id": world["period_id"], "form": "ghg-inventory",
              "reason": "Máy đo khí thải hỏng, chờ hiệu chuẩn lại."}
    actor = _user(session, world, overrides.pop("as_", "filer_id"))
    values.update(overrides)
    extension = request_extension(session, actor, **values)
    session.commit()
    return extension


def _late_everywhere(session, world, today):
    """Whether the asking facility is late in the register, the queue (filter and tag), what is
    due and the compliance statistics: all four must agree."""
    period = session.get(ReportingPeriod, world["period_id"])
    lines = register_lines(session, FormKind.GHG_INVENTORY, period, today)
    register = {line.obligation.facility.name: line.late for line in lines}[NAME]
    reviewer = _user(session, world, "reviewer_id")
    queue = review_queue(session, reviewer, QueueFilters(late=True, status="all", period=period.id), 1, today)
    assert queue.late == {r.id for r in queue.reports}
    in_queue = world["report_id"] in {r.id for r in queue.reports}
    due = {row.facility.name: row.late for row in what_is_due(session, _user(session, world, "filer_id"), today)
           if row.period.id == period.id}[NAME]
    summary = next(s for s in analytics.compliance(session, today) if s["period"].id == period.id)
    # The statistics count the whole register (the reference data's facilities too): this
    # facility's share is what the others do not explain.
    missing = summary["missing"] - sum(1 for line in lines if line.state is FilingState.LATE
                                       and line.obligation.facility.name != NAME)
    assert register == in_queue == due == bool(missing), (register, in_queue, due, missing)
    return register


def _reminders_to(session, today, facility_id):
    queue_reminders(session, today)
    session.commit()
    return [m for m in session.scalars(select(OutboxMessage).where(OutboxMessage.dedup_key.like("reminder:%")))
            if m.dedup_key.split(":")[3] == str(facility_id)]


def test_a_granted_extension_moves_the_due_date_for_every_reader(session, world):
    assert _late_everywhere(session, world, AFTER_DUE)
    extension = _ask(session, world)
    assert extension.status is ExtensionStatus.PENDING
    assert _late_everywhere(session, world, AFTER_DUE)  # pending: still late

    grant_extension(session, _user(session, world, "reviewer_id"), extension.id, due_date=GRANTED,
                    note="Chấp thuận, nộp trước 30/04.")
    session.commit()
    assert not _late_everywhere(session, world, AFTER_DUE)
    assert not _late_everywhere(session, world, GRANTED)  # the granted date itself is on time
    assert _late_everywhere(session, world, GRANTED + dt.timedelta(days=1))

    # Reminders: the other facility is overdue; the extended one is reminded of its new date.
    messages = _reminders_to(session, AFTER_DUE, world["facility_id"])
    assert [m.dedup_key.split(":")[1] for m in messages] == ["before_30e20240430"]
    assert "30/04/2024" in messages[0].body and "đã gia hạn từ 31/03/2024" in messages[0].body
    other = _reminders_to(session, AFTER_DUE, world["other_facility_id"])
    assert [m.dedup_key.split(":")[1][:7] for m in other] == ["overdue"]
    overdue = _reminders_to(session, GRANTED + dt.timedelta(days=2), world["facility_id"])
    assert sorted(m.dedup_key.split(":")[1] for m in overdue) == ["before_30e20240430", "overduew0e20240430"]

    row = next(r for r in what_is_due(session, _user(session, world, "filer_id"), AFTER_DUE)
               if r.facility.id == world["facility_id"])
    assert row.due_on == GRANTED and row.extended


def test_filed_by_the_granted_date_in_hanoi_is_on_time_and_after_it_late(session, world):
    extension = _ask(session, world)
    grant_extension(session, _user(session, world, "reviewer_id"), extension.id, due_date=GRANTED)
    session.commit()
    filer = _user(session, world, "filer_id")
    filing.submit_report(session, filer, world["report_id"], certify=True, password=TEST_PASSWORD,
                         hash_profile="test")
    report = session.get(Report, world["report_id"])
    period = session.get(ReportingPeriod, world["period_id"])
    later = dt.date(2030, 1, 1)
    for moment, late in ((dt.datetime(2024, 4, 30, 16, 30, tzinfo=UTC), False),  # 23:30 Hanoi, granted date
                         (dt.datetime(2024, 4, 30, 17, 30, tzinfo=UTC), True)):  # 00:30 the day after
        report.first_submitted_at_utc = moment
        session.commit()
        line = next(line for line in register_lines(session, FormKind.GHG_INVENTORY, period, later)
                    if line.obligation.facility.name == NAME)
        assert line.late_submission is late and line.due_on == GRANTED
        reviewer = _user(session, world, "reviewer_id")
        queue = review_queue(session, reviewer, QueueFilters(late=True, status="all", period=period.id), 1, later)
        assert (report.id in {r.id for r in queue.reports}) is late


def test_a_refusal_leaves_the_facility_late_and_allows_a_new_request(session, world):
    extension = _ask(session, world)
    with pytest.raises(FilingError) as pending:
        _ask(session, world, reason="Lần hai")
    assert pending.value.code == "extension_pending" and pending.value.status == 409
    session.rollback()
    refuse_extension(session, _user(session, world, "reviewer_id"), extension.id, note="Không đủ căn cứ.")
    session.commit()
    assert _late_everywhere(session, world, AFTER_DUE)
    with pytest.raises(FilingError) as decided:
        grant_extension(session, _user(session, world, "reviewer_id"), extension.id, due_date=GRANTED)
    assert decided.value.code == "already_decided"
    session.rollback()
    second = _ask(session, world, reason="Bổ sung hồ sơ hiệu chuẩn.")
    assert second.id != extension.id and second.status is ExtensionStatus.PENDING


def test_a_grant_must_be_after_the_current_due_date_and_only_reviewers_decide(session, world):
    extension = _ask(session, world)
    reviewer = _user(session, world, "reviewer_id")
    for date in (DUE, DUE - dt.timedelta(days=1), None, "31/04/2024"):
        with pytest.raises(FilingError) as refused:
            grant_extension(session, reviewer, extension.id, due_date=date)
        assert refused.value.status == 422
        session.rollback()
    with pytest.raises(FilingError) as not_a_reviewer:
        grant_extension(session, _user(session, world, "filer_id"), extension.id, due_date=GRANTED)
    assert not_a_reviewer.value.status == 403
    session.rollback()
    grant_extension(session, reviewer, extension.id, due_date=GRANTED)
    session.commit()
    # A second extension must go beyond the first.
    second = _ask(session, world, reason="Cần thêm thời gian.")
    with pytest.raises(FilingError) as not_after:
        grant_extension(session, reviewer, second.id, due_date=GRANTED)
    assert not_after.value.code == "date_not_after_due" and "30/04/2024" in not_after.value.message_vi
    session.rollback()
    grant_extension(session, reviewer, second.id, due_date=dt.date(2024, 5, 15))
    session.commit()
    row = next(r for r in what_is_due(session, _user(session, world, "filer_id"), AFTER_DUE)
               if r.facility.id == world["facility_id"])
    assert row.due_on == dt.date(2024, 5, 15)
    actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.object_type == "deadline_extension"))]
    assert actions == ["extension.request", "extension.grant", "extension.request", "extension.grant"]


@pytest.mark.parametrize("overrides, code, status", [
    ({"reason": "   "}, "reason_required", 422),
    ({"reason": "x" * 2001}, "too_long", 422),
    ({"form": "env-declaration"}, "form_mismatch", 422),
    ({"form": "nonsense"}, "invalid", 422),
    ({"period_id": 999999}, "not_found", 404),
    ({"period_id": 2**40}, "invalid", 422),
    ({"facility_id": "1"}, "invalid", 422),
    ({"wished_due_date": "2024-03-01"}, "date_not_after_due", 422),
    ({"as_": "other_id"}, "not_found", 404),  # another enterprise's facility
    ({"as_": "reviewer_id"}, "forbidden", 403),
])
def test_requests_refused_with_a_specific_message(session, world, overrides, code, status):
    with pytest.raises(FilingError) as refused:
        _ask(session, world, **overrides)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert refused.value.message and refused.value.message_vi
    session.rollback()
    assert session.scalar(select(DeadlineExtension.id)) is None


def test_no_request_once_the_report_is_filed(session, world):
    filing.submit_report(session, _user(session, world, "filer_id"), world["report_id"], certify=True,
                         password=TEST_PASSWORD, hash_profile="test")
    session.commit()
    with pytest.raises(FilingError) as filed:
        _ask(session, world)
    assert filed.value.code == "already_filed"


def test_both_sides_are_told(session, world):
    extension = _ask(session, world)
    reviewer = _user(session, world, "reviewer_id")
    to_desk = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == world["reviewer"])).all()
    assert any("Đề nghị gia hạn" in m.subject and NAME in m.subject for m in to_desk)
    assert [n.kind for n in notifications(session, reviewer)][:1] == ["extension_requested"]
    grant_extension(session, reviewer, extension.id, due_date=GRANTED, note="Đồng ý.")
    session.commit()
    to_filer = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == world["filer"])).all()
    assert any("Đã gia hạn" in m.subject and "30/04/2024" in m.body for m in to_filer)
    notice = notifications(session, _user(session, world, "filer_id"))[0]
    assert (notice.kind, notice.note, notice.due_on) == ("extension_granted", "Đồng ý.", GRANTED)
    # Another enterprise is told nothing.
    assert not [n for n in notifications(session, _user(session, world, "other_id"))
                if n.kind.startswith("extension_")]


# --- the web ------------------------------------------------------------------------------

def _ask_url(world, facility_key="facility_id"):
    return f"/extensions/ask?facility_id={world[facility_key]}&period_id={world['period_id']}"


@pytest.fixture
def recent(session, world):
    """A period due three days ago (Hanoi time), so that the home page's "What is due" lists it."""
    today = today_in_hanoi()
    period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kỳ báo cáo gần đây", first_data_year=2024,
                             last_data_year=2025, opens_on=today - dt.timedelta(days=60),
                             due_on=today - dt.timedelta(days=3))
    session.add(period)
    session.commit()
    return {**world, "period_id": period.id, "due_on": period.due_on, "today": today}


def _row_of(html, name):
    """The row of "What is due" of the facility `name`."""
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S)
    return next(row for row in rows if name in row and "Kỳ báo cáo gần đây" in row)


def test_the_enterprise_asks_from_what_is_due_and_sees_the_extended_date(client, session, recent):
    world = recent
    log_in(client, world["filer"])
    row = _row_of(client.get("/home").get_data(as_text=True), NAME)
    assert 'class="tag late"' in row and _ask_url(world).replace("&", "&amp;") in row
    page = client.get(_ask_url(world))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    due, wished = world["due_on"], world["today"] + dt.timedelta(days=20)
    assert NAME in html and due.strftime("%d/%m/%Y") in html
    assert client.post(_ask_url(world), data={"reason": "Thiếu số liệu."}).status_code == 400  # no CSRF token
    assert session.scalar(select(DeadlineExtension.id)) is None
    answer = client.post(_ask_url(world), data={"reason": "Thiếu số liệu hoá đơn điện.",
                                                 "wished_due_date": wished.isoformat(),
                                                 "csrf_token": csrf_token_from(html)})
    assert answer.status_code == 302
    session.expire_all()
    extension = session.scalars(select(DeadlineExtension)).one()
    assert (extension.reason, extension.wished_due_date) == ("Thiếu số liệu hoá đơn điện.", wished)
    # Pending: still late, and shown as asked; the ask page says so, a forced POST is refused.
    row = _row_of(client.get("/home").get_data(as_text=True), NAME)
    assert 'class="tag late"' in row and "extensions/ask" not in row
    again = client.get(_ask_url(world)).get_data(as_text=True)
    assert "Thiếu số liệu hoá đơn điện." in again
    refused = client.post(_ask_url(world), data={"reason": "Lần nữa", "csrf_token": csrf_token_from(html)})
    assert refused.status_code == 409
    assert "Đã có một đề nghị gia hạn đang chờ Sở xem xét." in refused.get_data(as_text=True)
    grant_extension(session, _user(session, world, "reviewer_id"), extension.id, due_date=wished)
    session.commit()
    row = _row_of(client.get("/home").get_data(as_text=True), NAME)
    assert wished.strftime("%d/%m/%Y") in row and due.strftime("%d/%m/%Y") in row  # "(đã gia hạn từ …)"
    assert 'class="tag late"' not in row
    notices = client.get("/notifications").get_data(as_text=True)
    assert NAME in notices and wished.strftime("%d/%m/%Y") in notices


def test_another_enterprise_can_neither_see_nor_ask(client, session, world):
    log_in(client, world["other"])
    assert client.get(_ask_url(world)).status_code == 404
    page = client.get("/facilities").get_data(as_text=True)
    token = csrf_token_from(page)
    assert client.post(_ask_url(world), data={"reason": "Giả mạo", "csrf_token": token}).status_code == 404
    assert client.get(f"/extensions/ask?facility_id={2**40}&period_id=1").status_code == 404
    assert client.get("/extensions/ask?facility_id=abc&period_id=1").status_code == 404
    assert client.get("/extensions").status_code == 403
    session.expire_all()
    assert session.scalar(select(DeadlineExtension.id)) is None


def test_the_desk_grants_and_refuses(client, session, world):
    extension = _ask(session, world)
    log_in(client, world["reviewer"])
    desk = client.get("/extensions")
    assert desk.status_code == 200
    html = desk.get_data(as_text=True)
    assert NAME in html and "Máy đo khí thải hỏng" in html
    token = csrf_token_from(html)
    url = f"/extensions/{extension.id}/grant"
    assert client.post(url, data={"due_date": "2024-04-30"}).status_code == 400  # no CSRF token
    early = client.post(url, data={"due_date": "2024-03-30", "csrf_token": token})
    assert early.status_code == 302
    session.expire_all()
    assert session.get(DeadlineExtension, extension.id).status is ExtensionStatus.PENDING
    assert "31/03/2024" in client.get("/extensions").get_data(as_text=True)
    assert client.post(url, data={"due_date": "2024-04-30", "note": "Đồng ý", "csrf_token": token}).status_code == 302
    session.expire_all()
    granted = session.get(DeadlineExtension, extension.id)
    assert (granted.status, granted.granted_due_date, granted.decided_by_id) == (
        ExtensionStatus.GRANTED, GRANTED, world["reviewer_id"])
    second = _ask(session, world, reason="Xin thêm lần nữa.")
    refuse_url = f"/extensions/{second.id}/refuse"
    assert client.post(refuse_url, data={"note": "", "csrf_token": token}).status_code == 302  # a note is required
    session.expire_all()
    assert session.get(DeadlineExtension, second.id).status is ExtensionStatus.PENDING
    assert client.post(refuse_url, data={"note": "Không chấp thuận.", "csrf_token": token}).status_code == 302
    session.expire_all()
    assert session.get(DeadlineExtension, second.id).status is ExtensionStatus.REFUSED
    assert client.post(f"/extensions/{2**40}/refuse", data={"note": "x", "csrf_token": token}).status_code in (302, 404)


def test_an_enterprise_cannot_decide(client, session, world):
    extension = _ask(session, world)
    log_in(client, world["filer"])
    page = client.get("/facilities").get_data(as_text=True)
    token = csrf_token_from(page)
    assert client.post(f"/extensions/{extension.id}/grant",
                       data={"due_date": "2024-04-30", "csrf_token": token}).status_code == 403
    session.expire_all()
    assert session.get(DeadlineExtension, extension.id).status is ExtensionStatus.PENDING


def test_today_is_measured_in_hanoi():
    assert today_in_hanoi(dt.datetime(2024, 4, 30, 17, 30, tzinfo=UTC)) == GRANTED + dt.timedelta(days=1)


# --- the API ------------------------------------------------------------------------------

def _preparer(app, session, world):
    """A preparer of enterprise A (creates and edits, may not certify): may ask too."""
    from intake.domain.roles import Role
    from intake.extensions import db
    from intake.services.accounts import create_user

    with app.app_context():
        user = create_user(db.session, email="preparer-a@example.vn", role=Role.ENTERPRISE, password=TEST_PASSWORD,
                           tax_code="0100112437", hash_profile="test", can_certify=False)
        db.session.commit()
        return user.email


def test_the_api_asks_lists_and_decides(app, client, session, world):
    from tests.web.conftest import token_for

    preparer = token_for(client, _preparer(app, session, world))
    body = {"facility_id": world["facility_id"], "period_id": world["period_id"], "form": "ghg-inventory",
            "reason": "Chờ kết quả phân tích phòng thí nghiệm.", "wished_due_date": "2024-04-30"}
    created = client.post("/api/v1/extensions", json=body, headers=preparer)
    assert created.status_code == 201, created.get_json()
    answer = created.get_json()
    assert (answer["status"], answer["due_on"], answer["period_due_on"], answer["wished_due_date"]) == (
        "pending", "2024-03-31", "2024-03-31", "2024-04-30")
    again = client.post("/api/v1/extensions", json=body, headers=preparer)
    assert again.status_code == 409 and again.get_json()["errors"][0]["code"] == "extension_pending"
    assert again.get_json()["errors"][0]["message_vi"]

    other = token_for(client, world["other"])
    assert client.get("/api/v1/extensions", headers=other).get_json() == []
    stolen = client.post("/api/v1/extensions", json=body, headers=other)
    assert stolen.status_code == 404

    reviewer = token_for(client, world["reviewer"])
    url = f"/api/v1/extensions/{answer['id']}/decision"
    assert client.post(url, json={"action": "grant", "due_date": "2024-04-30"}, headers=other).status_code == 403
    early = client.post(url, json={"action": "grant", "due_date": "2024-03-31"}, headers=reviewer)
    assert early.status_code == 422 and early.get_json()["errors"][0]["code"] == "date_not_after_due"
    assert client.post(url, json={"action": "refuse", "note": ""}, headers=reviewer).status_code == 422
    assert client.post(url, json={"action": "grant", "due_date": "not a date"}, headers=reviewer).status_code == 422
    assert client.post(url, json={"action": "nonsense"}, headers=reviewer).status_code == 422
    assert client.post(f"/api/v1/extensions/{2**31 - 1}/decision", json={"action": "refuse", "note": "x"},
                       headers=reviewer).status_code == 404
    granted = client.post(url, json={"action": "grant", "due_date": "2024-04-30", "note": "Đồng ý"}, headers=reviewer)
    assert granted.status_code == 200, granted.get_json()
    assert (granted.get_json()["status"], granted.get_json()["due_on"]) == ("granted", "2024-04-30")
    decided = client.post(url, json={"action": "refuse", "note": "x"}, headers=reviewer)
    assert decided.status_code == 409 and decided.get_json()["errors"][0]["code"] == "already_decided"
    listed = client.get("/api/v1/extensions", headers=preparer)
    assert listed.status_code == 200 and listed.headers["Cache-Control"] == "no-store"
    assert [(e["id"], e["status"], e["due_on"]) for e in listed.get_json()] == [(answer["id"], "granted", "2024-04-30")]
