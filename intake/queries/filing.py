"""What a filer reads: what is due, for each of its facilities."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intake.domain.compliance import FilingState, filing_state
from intake.domain.corrections import standing
from intake.domain.roles import Actor
from intake.models import DeadlineExtension, Facility, Report, ReportingPeriod
from intake.queries.extensions import due_dates, pending_of
from intake.queries.facilities import facilities_of
from intake.queries.periods import periods_around
from intake.queries.scoping import visible_reports


@dataclass(frozen=True)
class DueRow:
    facility: Facility
    period: ReportingPeriod
    report: Report | None
    late: bool  # past the due date and not with the Department (`compliance.filing_state`)
    open: bool
    # The facility's due date: the period's, or the one an extension granted it.
    due_on: dt.date | None = None
    pending_extension: DeadlineExtension | None = None

    @property
    def extended(self) -> bool:
        return self.due_on is not None and self.due_on != self.period.due_on


def what_is_due(session: Session, actor: Actor, today: dt.date) -> list[DueRow]:
    """For each of the actor's facilities and each open or recent period: its report, if any
    (not started, draft, submitted, returned, accepted), and whether it is late. `today` is
    the date in Hanoi (`compliance.today_in_hanoi`)."""
    periods = periods_around(session, today)
    facilities = facilities_of(session, actor)
    reports = {(r.facility_id, r.period_id): r for r in session.scalars(visible_reports(actor))}
    dues = due_dates(session, period_ids=[p.id for p in periods], facility_ids=[f.id for f in facilities])
    pending = pending_of(session, actor, [(f.id, p.id) for f in facilities for p in periods])
    rows = []
    for facility in facilities:
        for period in periods:
            report = reports.get((facility.id, period.id))
            due_on = dues.of(facility.id, period)
            # A report under correction stands as accepted (`corrections.standing`).
            status = standing(report.status, report.accepted_version_number) if report else None
            state = filing_state(status, due_on, today)
            rows.append(DueRow(facility, period, report, late=state is FilingState.LATE,
                               open=period.opens_on <= today, due_on=due_on,
                               pending_extension=pending.get((facility.id, period.id))))
    return rows
