"""Reports as their users may see them (every query starts from `visible_reports`)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.roles import Actor
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import Report, ReviewComment
from intake.queries.scoping import visible_reports


def report_of(session: Session, actor: Actor, report_id: int | None) -> Report | None:
    """The report if the actor may see it; None otherwise (never says which)."""
    return session.scalar(visible_reports(actor).where(Report.id == report_id))


def report_for(session: Session, actor: Actor, facility_id: int, period_id: int) -> Report | None:
    """The facility's report for the period, if there is one the actor may see."""
    return session.scalar(visible_reports(actor).where(
        Report.facility_id == facility_id, Report.period_id == period_id))


def report_to_carry_forward(session: Session, actor: Actor, facility_id: int, form: FormKind,
                            period_id: int) -> Report | None:
    """The facility's latest report of `form` for another period: the one a new report may
    start from."""
    return session.scalar(visible_reports(actor).where(
        Report.facility_id == facility_id, Report.form == form, Report.period_id != period_id)
        .order_by(Report.created_at_utc.desc()).limit(1))


def recently_changed_reports(session: Session, actor: Actor, limit: int = 10) -> list[Report]:
    return list(session.scalars(visible_reports(actor).order_by(Report.updated_at_utc.desc()).limit(limit)))


def report_counts(session: Session, actor: Actor) -> dict[ReportStatus, int]:
    """How many reports the actor may see, per status."""
    reports = visible_reports(actor).subquery()
    return dict(session.execute(select(reports.c.status, func.count()).group_by(reports.c.status)).all())


def comments_on(session: Session, report: Report) -> list[ReviewComment]:
    """Every comment on a report, internal and unreleased ones included: the Department's view
    (a filer reads `intake.services.review.released_comments`)."""
    return list(session.scalars(select(ReviewComment).where(ReviewComment.report_id == report.id)
                                .order_by(ReviewComment.id)))
