"""Outgoing e-mail through an outbox: a message is queued in the same transaction as the
change it reports (a rolled-back change sends nothing) and sent later by `intake mail send`
(or `intake reminders send`), so nothing is lost while the mail server is down."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.models import OutboxMessage
from intake.models.base import utc_now

MAX_ATTEMPTS = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "Sở Công Thương Hà Nội <no-reply@congthuong.hanoi.gov.vn>"
    timeout: float = 20

    @classmethod
    def from_config(cls, config) -> SmtpSettings:  # type: ignore[no-untyped-def]
        return cls(host=config.get("SMTP_HOST"), port=int(config.get("SMTP_PORT", 25)),
                   user=config.get("SMTP_USER"), password=config.get("SMTP_PASSWORD"),
                   starttls=bool(config.get("SMTP_STARTTLS")), sender=config.get("MAIL_FROM") or cls.sender)


def queue_message(session: Session, recipient: str, subject: str, body: str,
                  dedup_key: str | None = None) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject[:300], body=body, dedup_key=dedup_key)
    session.add(message)
    session.flush()
    return message


def send_outbox(session: Session, settings: SmtpSettings, limit: int = 200) -> tuple[int, int]:
    """Send pending messages; (sent, failed). A failure is recorded on the message, which is
    tried again next time. Commits after each message so that a crash never resends."""
    pending = session.scalars(select(OutboxMessage).where(
        OutboxMessage.sent_at_utc.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
        .order_by(OutboxMessage.id).limit(limit)).all()
    if not pending or not settings.host:
        return 0, 0
    sent = failed = 0
    try:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    except OSError as error:
        for message in pending:
            message.attempts += 1
            message.last_error = f"cannot connect to {settings.host}:{settings.port}: {error}"[:1000]
        session.commit()
        return 0, len(pending)
    with connection:
        if settings.starttls:
            connection.starttls(context=ssl.create_default_context())
        if settings.user:
            connection.login(settings.user, settings.password or "")
        for message in pending:
            email = EmailMessage()
            email["From"], email["To"], email["Subject"] = settings.sender, message.recipient, message.subject
            email["Date"], email["Message-ID"] = formatdate(localtime=False), make_msgid(domain="intake")
            email.set_content(message.body)
            message.attempts += 1
            try:
                connection.send_message(email)
            except smtplib.SMTPException as error:
                message.last_error = str(error)[:1000]
                failed += 1
            else:
                message.sent_at_utc, message.last_error = utc_now(), None
                sent += 1
            session.commit()
    return sent, failed
