"""What a filer reads: what is due, for each of its facilities."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from intake.domain.compliance import FilingState, filing_state
from intake.domain.roles import Actor
from intake.models import Facility, Report, ReportingPeriod
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


def what_is_due(session: Session, actor: Actor, today: dt.date) -> list[DueRow]:
    """For each of the actor's facilities and each open or recent period: its report, if any
    (not started, draft, submitted, returned, accepted), and whether it is late. `today` is
    the date in Hanoi (`compliance.today_in_hanoi`)."""
    periods = periods_around(session, today)
    facilities = facilities_of(session, actor)
    reports = {(r.facility_id, r.period_id): r for r in session.scalars(visible_reports(actor))}
    rows = []
    for facility in facilities:
        for period in periods:
            report = reports.get((facility.id, period.id))
            state = filing_state(report.status if report else None, period.due_on, today)
            rows.append(DueRow(facility, period, report, late=state is FilingState.LATE,
                               open=period.opens_on <= today))
    return rows
