"""E-mail against a real local SMTP server (aiosmtpd): account requests, approval, invitations,
password resets, reminders, and an outbox that loses nothing while the server is down."""
import datetime as dt
import re
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from intake.models import OutboxMessage, User
from intake.services.mail import SmtpSettings, send_outbox
from intake.services.reminders import queue_reminders
from intake.services.seeding import seed_demo
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port)
    controller.stop()


def link_in(message):
    return re.search(r"(/account/set-password/[\w-]+)", message.get_content()).group(1)


def page(response):
    return response.get_data(as_text=True)


def without_csrf_tokens(html):
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", html)


def test_request_approval_e_mail_password_and_login(app, client, make_user, session, smtp):
    inbox, settings = smtp
    form = page(client.get("/account/request"))
    response = client.post("/account/request", data={
        "tax_code": "0300588569", "enterprise_name": "Công ty Cổ phần Nhựa Hà Nội", "contact_name": "Lê Văn Nam",
        "email": "nam@nhuahanoi.vn", "phone": "0243", "csrf_token": csrf_token_from(form)})
    assert response.status_code == 200
    _, reviewer_email = make_user("reviewer")
    reviewer = app.test_client()
    log_in(reviewer, reviewer_email)
    listing = page(reviewer.get("/account/requests"))
    assert "Công ty Cổ phần Nhựa Hà Nội" in listing
    request_id = re.search(r'name="request_id" value="(\d+)"', listing).group(1)
    reviewer.post("/account/requests", data={"request_id": request_id, "action": "approve",
                                             "csrf_token": csrf_token_from(listing)})
    assert send_outbox(session, settings) == (1, 0)
    message = inbox.messages[0]
    assert message["To"] == "nam@nhuahanoi.vn" and "Tài khoản" in message["Subject"]
    link = link_in(message)
    setter = page(client.get(link))
    client.post(link, data={"new_password": "mat-khau-moi-2027", "confirm_password": "mat-khau-moi-2027",
                            "csrf_token": csrf_token_from(setter)})
    assert log_in(app.test_client(), "nam@nhuahanoi.vn", "mat-khau-moi-2027").status_code == 302
    assert client.get(link).status_code == 410  # used once, never again


def test_password_reset_answers_the_same_for_unknown_addresses(app, client, make_user, session, smtp):
    inbox, settings = smtp
    _, email = make_user("analyst")
    form = page(client.get("/account/forgot"))
    known = page(client.post("/account/forgot", data={"email": email, "csrf_token": csrf_token_from(form)}))
    unknown = page(client.post("/account/forgot", data={"email": "ai-do@khong.vn", "csrf_token": csrf_token_from(form)}))
    # The CSRF token carries a timestamp: pages a second apart differ there and nowhere else.
    assert without_csrf_tokens(known) == without_csrf_tokens(unknown)
    send_outbox(session, settings)
    assert [m["To"] for m in inbox.messages] == [email]
    link = link_in(inbox.messages[0])
    setter = page(client.get(link))
    short = client.post(link, data={"new_password": "ngan", "confirm_password": "ngan",
                                    "csrf_token": csrf_token_from(setter)})
    assert short.status_code == 400
    client.post(link, data={"new_password": "mat-khau-moi-2027", "confirm_password": "mat-khau-moi-2027",
                            "csrf_token": csrf_token_from(setter)})
    assert log_in(app.test_client(), email, TEST_PASSWORD).status_code == 401
    assert log_in(app.test_client(), email, "mat-khau-moi-2027").status_code == 302


def test_a_colleague_is_invited_into_the_same_enterprise(app, client, make_user, session, smtp):
    inbox, settings = smtp
    user_id, email = make_user("enterprise", tax_code="0100112437")
    log_in(client, email)
    form = page(client.get("/account/invite"))
    client.post("/account/invite", data={"email": "dong-nghiep@congty.vn", "full_name": "Trần Thị Mai",
                                         "csrf_token": csrf_token_from(form)})
    colleague = session.scalar(select(User).where(User.email == "dong-nghiep@congty.vn"))
    assert colleague.enterprise_id == session.get(User, user_id).enterprise_id
    send_outbox(session, settings)
    assert "Lời mời" in inbox.messages[0]["Subject"]


@pytest.mark.parametrize("role", ["reviewer", "analyst", "admin"])
def test_department_staff_cannot_invite(client, make_user, role):
    _, email = make_user(role)
    log_in(client, email)
    assert client.get("/account/invite").status_code == 403


@pytest.mark.parametrize("role, status", [("enterprise", 403), ("analyst", 403), ("reviewer", 200), ("admin", 200)])
def test_who_decides_account_requests(client, make_user, role, status):
    _, email = make_user(role)
    log_in(client, email)
    assert client.get("/account/requests").status_code == status


def test_nothing_is_lost_while_the_mail_server_is_down(session, make_user, smtp):
    inbox, settings = smtp
    from intake.services.mail import queue_message

    queue_message(session, "a@congty.vn", "Thử nghiệm", "Nội dung")
    session.commit()
    down = SmtpSettings(host="127.0.0.1", port=free_port())
    assert send_outbox(session, down) == (0, 1)
    waiting = session.scalar(select(OutboxMessage))
    assert waiting.sent_at_utc is None and "cannot connect" in waiting.last_error
    assert send_outbox(session, settings) == (1, 0)
    assert inbox.messages[0]["Subject"] == "Thử nghiệm"


def test_deadline_reminders_are_sent_once(session, smtp):
    inbox, settings = smtp
    seed_demo(session, today=dt.date(2026, 11, 24))
    session.commit()
    # The GHG period 2024–2025 is due 31 March 2026: a week before, the demo enterprise's
    # facility without a report is reminded (its other facility has filed: no reminder).
    queued = queue_reminders(session, dt.date(2026, 3, 24))
    session.commit()
    assert queued == 2  # to each of its users: the administrator and the demo preparer
    assert queue_reminders(session, dt.date(2026, 3, 25)) == 0  # the same reminder, not twice
    session.commit()
    send_outbox(session, settings)
    assert any("Còn 7 ngày" in m["Subject"] for m in inbox.messages)
