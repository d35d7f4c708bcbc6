"""Deadline reminders for `intake reminders send`: queued in the outbox (deduplicated), so that
a scheduler may run as often as it likes and nothing is lost while the mail server is down."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain.reminders import reminder_due
from intake.domain.workflow import ReportStatus
from intake.models import OutboxMessage, Report, ReportingPeriod, User
from intake.services.mail import queue_message
from intake.services.register import active_entries

FILED = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW, ReportStatus.ACCEPTED)


def _message(period: ReportingPeriod, facility_name: str, kind: str, days: int) -> tuple[str, str]:
    due = period.due_on.strftime("%d/%m/%Y")
    if kind == "overdue":
        subject = f"Báo cáo quá hạn {days} ngày / Report {days} days overdue: {facility_name}"
        body_vi = (f"Báo cáo “{period.name}” của cơ sở {facility_name} đã quá hạn nộp ({due}) "
                   f"{days} ngày. Đề nghị doanh nghiệp hoàn thành và nộp báo cáo.")
        body_en = (f"The report “{period.name}” of {facility_name} was due on {due} and is "
                   f"{days} days overdue. Please complete and submit it.")
    else:
        subject = f"Còn {days} ngày đến hạn nộp báo cáo / {days} days to the deadline: {facility_name}"
        body_vi = (f"Báo cáo “{period.name}” của cơ sở {facility_name} phải nộp trước ngày {due} "
                   f"(còn {days} ngày).")
        body_en = f"The report “{period.name}” of {facility_name} is due on {due} ({days} days left)."
    return subject, f"{body_vi}\n\n{body_en}\n"


def queue_reminders(session: Session, today: dt.date) -> int:
    """Queue every reminder due today; returns how many were added (repeats are skipped)."""

    added = 0
    periods = session.scalars(select(ReportingPeriod).where(ReportingPeriod.opens_on <= today)).all()
    for period in periods:
        reminder = reminder_due(period.due_on, today)
        if reminder is None:
            continue
        filed = {r.facility_id for r in session.scalars(select(Report).where(
            Report.period_id == period.id, Report.status.in_(FILED)))}
        for obligation in active_entries(session, period.form):
            facility = obligation.facility
            if facility.id in filed or facility.enterprise_id is None:
                continue
            recipients = session.scalars(select(User).where(User.enterprise_id == facility.enterprise_id,
                                                            User.is_active.is_(True))).all()
            for user in recipients:
                key = reminder.dedup_key(period.id, facility.id, user.email)
                if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key)):
                    continue
                subject, body = _message(period, facility.name, reminder.kind, reminder.days)
                queue_message(session, user.email, subject, body, dedup_key=key)
                added += 1
    return added
