"""Accounts, as an administrator manages them: search, disable (every session ends at once),
enable, a staff member's new role, the invitation sent again; never one's own account, never
the last administrator, never an enterprise user into staff."""
import re

from sqlalchemy import select

from intake.models import AuditEntry, OutboxMessage, User
from tests.conftest import csrf_token_from, log_in


def _change(client, user_id, **form):
    page = client.get("/admin/users").get_data(as_text=True)
    return client.post(f"/admin/users/{user_id}", data={**form, "csrf_token": csrf_token_from(page)})


def test_disabling_ends_the_sessions_at_once_and_enabling_restores_sign_in(app, client, make_user, session):
    _, admin = make_user("admin")
    reviewer_id, reviewer = make_user("reviewer")
    log_in(client, admin)
    desk = app.test_client()
    log_in(desk, reviewer)
    assert desk.get("/review").status_code == 200
    assert _change(client, reviewer_id, action="disable").status_code == 302
    assert desk.get("/review").status_code == 302  # signed out: to the login page
    assert session.get(User, reviewer_id).is_active is False
    listing = client.get("/admin/users?q=reviewer").get_data(as_text=True)
    assert "Đã khóa" in listing and "Đã khóa tài khoản" in listing  # the state, and the notice
    assert _change(client, reviewer_id, action="enable").status_code == 302
    session.expire_all()
    assert session.get(User, reviewer_id).is_active is True
    actions = set(session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == str(reviewer_id))))
    assert {"user.disable", "user.enable"} <= actions


def test_a_staff_role_changes_and_takes_effect_at_the_next_sign_in(app, client, make_user, session):
    _, admin = make_user("admin")
    reviewer_id, reviewer = make_user("reviewer")
    log_in(client, admin)
    desk = app.test_client()
    log_in(desk, reviewer)
    _change(client, reviewer_id, action="role", role="analyst")
    session.expire_all()
    assert session.get(User, reviewer_id).role.value == "analyst"
    assert desk.get("/statistics").status_code == 302  # the old session ended
    log_in(desk, reviewer)
    assert desk.get("/statistics").status_code == 200 and desk.get("/review").status_code == 403


def test_what_is_refused(app, client, make_user, session):
    admin_id, admin = make_user("admin")
    filer_id, _ = make_user("enterprise", tax_code="0100109106")
    log_in(client, admin)
    refused = _change(client, filer_id, action="role", role="reviewer")
    assert refused.status_code == 303
    assert "Chỉ đổi giữa các vai trò của Sở" in client.get("/admin/users").get_data(as_text=True)
    session.expire_all()
    assert session.get(User, filer_id).role.value == "enterprise"
    assert _change(client, admin_id, action="disable").status_code == 303  # not oneself
    session.expire_all()
    assert session.get(User, admin_id).is_active is True
    assert _change(client, admin_id, action="nonsense").status_code == 400
    assert client.post(f"/admin/users/{admin_id}", data={"action": "disable"}).status_code == 400  # no CSRF token


def test_search_and_invitation(client, make_user, session):
    _, admin = make_user("admin")
    filer_id, filer = make_user("enterprise", tax_code="0300588569")
    log_in(client, admin)
    found = client.get("/admin/users?q=0300588569").get_data(as_text=True)
    assert filer in found and int(re.search(r'data-users-total="(\d+)"', found).group(1)) == 1
    assert 'data-users-total="0"' in client.get("/admin/users?q=%25_nobody").get_data(as_text=True)
    assert _change(client, filer_id, action="invite").status_code == 302
    message = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == filer)).all()[-1]
    assert "/account/set-password/" in message.body


def test_a_period_is_renamed_and_extended_and_its_data_years_stay(client, make_user, session):
    import datetime as dt

    from intake.models import FormKind, ReportingPeriod

    period = ReportingPeriod(form=FormKind.ENV_DECLARATION, name="Khai báo 2025", first_data_year=2025,
                             last_data_year=2025, opens_on=dt.date(2026, 1, 1), due_on=dt.date(2026, 1, 31))
    session.add(period)
    session.commit()
    _, admin = make_user("admin")
    log_in(client, admin)
    assert f'data-edit-period="{period.id}"' in client.get("/admin/periods").get_data(as_text=True)
    page = client.get(f"/admin/periods/{period.id}").get_data(as_text=True)
    token = csrf_token_from(page)
    backwards = client.post(f"/admin/periods/{period.id}", data={
        "name": "Khai báo 2025", "opens_on": "2026-01-01", "due_on": "2025-12-31", "csrf_token": token})
    assert backwards.status_code == 400 and "Ngày mở phải trước hạn nộp" in backwards.get_data(as_text=True)
    saved = client.post(f"/admin/periods/{period.id}", data={
        "name": "Khai báo môi trường 2025", "opens_on": "2026-01-01", "due_on": "2026-02-28", "csrf_token": token})
    assert saved.status_code == 302
    session.expire_all()
    changed = session.get(ReportingPeriod, period.id)
    assert (changed.name, changed.due_on, changed.first_data_year) == ("Khai báo môi trường 2025",
                                                                        dt.date(2026, 2, 28), 2025)
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "period.update")).one()
    assert entry.details["before"]["due_on"] == "2026-01-31" and entry.details["after"]["due_on"] == "2026-02-28"
