"""Deadline extensions as each reader sees them, and the facilities' effective due dates.

`due_dates` is how every reader of "late" learns a facility's due date for a period
(`intake.domain.extensions.effective_due_on`): the register, the review queue, what is due,
the reminders and the compliance statistics all ask it, so none of them can forget an
extension. Every request listed starts from `intake.queries.scoping`: an enterprise reads only
its own facilities' requests."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain.extensions import ExtensionStatus, effective_due_on
from intake.domain.roles import Actor
from intake.domain.workflow import ReportStatus
from intake.models import DeadlineExtension, Facility, Report, ReportingPeriod
from intake.queries.scoping import visible_facilities, visible_reports


@dataclass(frozen=True)
class DueDates:
    """The latest granted date of each (facility id, period id) that has one; every other
    facility is due on its period's date."""

    granted: dict[tuple[int, int], dt.date] = field(default_factory=dict)

    def of(self, facility_id: int, period: ReportingPeriod) -> dt.date:
        """The facility's effective due date in `period`."""
        return effective_due_on(period.due_on, [self.granted.get((facility_id, period.id))])

    def extended(self, facility_id: int, period: ReportingPeriod) -> bool:
        return self.of(facility_id, period) != period.due_on

    def in_period(self, period_id: int) -> dict[int, dt.date]:
        """Facility id → granted date, for the facilities of `period_id` that were granted one."""
        return {facility_id: date for (facility_id, pid), date in self.granted.items() if pid == period_id}


def due_dates(session: Session, *, period_ids: Iterable[int] | None = None,
              facility_ids: Iterable[int] | None = None) -> DueDates:
    """The granted extensions, narrowed to some periods or facilities when given (one query).
    An extension counts only for the form of its period."""
    statement = (select(DeadlineExtension.facility_id, DeadlineExtension.period_id,
                        DeadlineExtension.granted_due_date)
                 .join(ReportingPeriod, ReportingPeriod.id == DeadlineExtension.period_id)
                 .where(DeadlineExtension.status == ExtensionStatus.GRANTED,
                        DeadlineExtension.form == ReportingPeriod.form))
    if period_ids is not None:
        statement = statement.where(DeadlineExtension.period_id.in_(list(period_ids)))
    if facility_ids is not None:
        statement = statement.where(DeadlineExtension.facility_id.in_(list(facility_ids)))
    granted: dict[tuple[int, int], dt.date] = {}
    for facility_id, period_id, date in session.execute(statement):
        key = (facility_id, period_id)
        granted[key] = max(date, granted.get(key, date))
    return DueDates(granted)


def due_on_for(session: Session, facility_id: int, period: ReportingPeriod) -> dt.date:
    """One facility's effective due date in `period`."""
    return due_dates(session, period_ids=[period.id], facility_ids=[facility_id]).of(facility_id, period)


def _visible(actor: Actor):
    visible = visible_facilities(actor).with_only_columns(Facility.id)
    return select(DeadlineExtension).where(DeadlineExtension.facility_id.in_(visible))


def extension_of(session: Session, actor: Actor, extension_id: int) -> DeadlineExtension | None:
    """A request, if the actor may see its facility."""
    return session.scalar(_visible(actor).where(DeadlineExtension.id == extension_id))


def extensions_seen_by(session: Session, actor: Actor, *, status: ExtensionStatus | None = None,
                       limit: int = 200) -> list[DeadlineExtension]:
    """The requests of the facilities the actor may see, pending first then newest first."""
    statement = _visible(actor)
    if status is not None:
        statement = statement.where(DeadlineExtension.status == status)
    return list(session.scalars(statement.order_by(
        (DeadlineExtension.status != ExtensionStatus.PENDING), DeadlineExtension.requested_at_utc.desc(),
        DeadlineExtension.id.desc()).limit(limit)))


def requests_for(session: Session, actor: Actor, facility_id: int, period_id: int) -> list[DeadlineExtension]:
    """Every request for one facility and period the actor may see, oldest first."""
    return list(session.scalars(_visible(actor).where(
        DeadlineExtension.facility_id == facility_id, DeadlineExtension.period_id == period_id)
        .order_by(DeadlineExtension.id)))


def pending_of(session: Session, actor: Actor, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], DeadlineExtension]:
    """(facility id, period id) → its pending request, among `pairs` the actor may see."""
    pairs = set(pairs)
    if not pairs:
        return {}
    rows = session.scalars(_visible(actor).where(
        DeadlineExtension.status == ExtensionStatus.PENDING,
        DeadlineExtension.facility_id.in_({f for f, _ in pairs}),
        DeadlineExtension.period_id.in_({p for _, p in pairs})))
    return {(r.facility_id, r.period_id): r for r in rows if (r.facility_id, r.period_id) in pairs}


def facility_seen_by(session: Session, actor: Actor, facility_id: int) -> Facility | None:
    """A facility, if the actor may see it."""
    return session.scalar(visible_facilities(actor).where(Facility.id == facility_id))


def period_by_id(session: Session, period_id: int) -> ReportingPeriod | None:
    """A reporting period (periods are public: every user reads their names and dates)."""
    return session.get(ReportingPeriod, period_id)


def report_status_of(session: Session, actor: Actor, facility_id: int, period_id: int) -> ReportStatus | None:
    """The status of the facility's report in the period, if it has one the actor may see."""
    return session.scalar(visible_reports(actor).where(Report.facility_id == facility_id,
                                                       Report.period_id == period_id)
                          .with_only_columns(Report.status))
