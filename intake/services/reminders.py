"""Deadline reminders for `intake reminders send`: queued in the outbox (deduplicated), so that
a scheduler may run as often as it likes and nothing is lost while the mail server is down."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from intake.domain.reminders import reminder_due
from intake.domain.workflow import ReportStatus
from intake.models import OutboxMessage, Report, ReportingPeriod, User
from intake.queries.extensions import due_dates
from intake.services.mail import queue_message
from intake.services.register import active_entries

FILED = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW, ReportStatus.ACCEPTED)


def _message(period: ReportingPeriod, facility_name: str, kind: str, days: int,
             due_on: dt.date | None = None) -> tuple[str, str]:
    """The reminder's subject and body; `due_on` the facility's due date when an extension
    moved it from the period's."""
    due = (due_on or period.due_on).strftime("%d/%m/%Y")
    if due_on is not None and due_on != period.due_on:
        due_vi = f"{due}, đã gia hạn từ {period.due_on:%d/%m/%Y}"
        due_en = f"{due}, extended from {period.due_on:%d/%m/%Y}"
    else:
        due_vi = due_en = due
    if kind == "overdue":
        subject = f"Báo cáo quá hạn {days} ngày / Report {days} days overdue: {facility_name}"
        body_vi = (f"Báo cáo “{period.name}” của cơ sở {facility_name} đã quá hạn nộp ({due_vi}) "
                   f"{days} ngày. Đề nghị doanh nghiệp hoàn thành và nộp báo cáo.")
        body_en = (f"The report “{period.name}” of {facility_name} was due on {due_en} and is "
                   f"{days} days overdue. Please complete and submit it.")
    else:
        subject = f"Còn {days} ngày đến hạn nộp báo cáo / {days} days to the deadline: {facility_name}"
        body_vi = (f"Báo cáo “{period.name}” của cơ sở {facility_name} phải nộp trước ngày {due_vi} "
                   f"(còn {days} ngày).")
        body_en = f"The report “{period.name}” of {facility_name} is due on {due_en} ({days} days left)."
    return subject, f"{body_vi}\n\n{body_en}\n"


def queue_reminders(session: Session, today: dt.date) -> int:
    """Queue every reminder due today; returns how many were added (repeats are skipped).
    Each facility is reminded of its own due date (`queries.extensions.due_dates`): one granted
    an extension gets no "overdue" reminder before its new date has passed."""

    added = 0
    periods = session.scalars(select(ReportingPeriod).where(ReportingPeriod.opens_on <= today)).all()
    dues = due_dates(session, period_ids=[p.id for p in periods])
    for period in periods:
        if reminder_due(period.due_on, today) is None and not dues.in_period(period.id):
            continue  # nothing due today for anyone in this period
        # A report under correction was filed and accepted: no reminder (Art. 22).
        filed = {r.facility_id for r in session.scalars(select(Report).where(
            Report.period_id == period.id,
            or_(Report.status.in_(FILED), Report.accepted_version_number.is_not(None))))}
        for obligation in active_entries(session, period.form):
            facility = obligation.facility
            if facility.id in filed or facility.enterprise_id is None:
                continue
            due_on = dues.of(facility.id, period)
            reminder = reminder_due(due_on, today)
            if reminder is None:
                continue
            extended_to = due_on if due_on != period.due_on else None
            recipients = session.scalars(select(User).where(User.enterprise_id == facility.enterprise_id,
                                                            User.is_active.is_(True))).all()
            for user in recipients:
                key = reminder.dedup_key(period.id, facility.id, user.email, extended_to)
                if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key)):
                    continue
                subject, body = _message(period, facility.name, reminder.kind, reminder.days, due_on)
                queue_message(session, user.email, subject, body, dedup_key=key)
                added += 1
    return added
