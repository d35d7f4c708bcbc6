"""`intake mail send` and `intake reminders send`: for a scheduler (cron, systemd timer)."""
from __future__ import annotations

import datetime as dt

import click
from flask import current_app

from intake.cli.context import application_session
from intake.services.mail import SmtpSettings, send_outbox
from intake.services.reminders import queue_reminders


@click.group(help="Outgoing e-mail.")
def mail() -> None:
    pass


@mail.command(name="send", help="Send the e-mails waiting in the outbox.")
def send_mail() -> None:
    with application_session() as session:
        settings = SmtpSettings.from_config(current_app.config)
        sent, failed = send_outbox(session, settings)
        session.commit()
    click.echo(f"e-mails sent: {sent}, failed: {failed}" + ("" if settings.host else " (no INTAKE_SMTP_HOST: kept in the outbox)"))


@click.group(help="Deadline reminders.")
def reminders() -> None:
    pass


@reminders.command(name="send", help="Queue today's deadline reminders (30, 7 and 1 days before, "
                                     "weekly when overdue) and send the outbox. Safe to run often.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
def send_reminders(today: dt.datetime | None) -> None:
    with application_session() as session:
        queued = queue_reminders(session, (today.date() if today else dt.date.today()))
        session.commit()
        sent, failed = send_outbox(session, SmtpSettings.from_config(current_app.config))
        session.commit()
    click.echo(f"reminders queued: {queued}; e-mails sent: {sent}, failed: {failed}")
