"""The home page of each role: what it shows at a glance."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.roles import Actor, can_file_reports
from intake.domain.workflow import FormKind
from intake.models import Obligation
from intake.queries.facilities import facilities_of
from intake.queries.filing import what_is_due
from intake.queries.periods import commune_count, reporting_periods
from intake.queries.reports import recently_changed_reports, report_counts
from intake.queries.team import facilities_by_enterprise


def dashboard(session: Session, actor: Actor, today: dt.date) -> dict[str, Any]:
    """A filer's home: what is due, its facilities, its latest reports. The Department's: the
    reports per status, the register's size per form, the number of communes. Both: the five
    latest periods. `today` is the date in Hanoi."""
    context: dict[str, Any] = {"periods": reporting_periods(session, limit=5)}
    if can_file_reports(actor):
        context["due"] = what_is_due(session, actor, today)
        context["facilities"] = facilities_of(session, actor)
        # A consultant's clients' facilities, under each client's name (issue 15).
        context["facility_groups"] = facilities_by_enterprise(session, actor)
        context["reports"] = recently_changed_reports(session, actor, limit=10)
        return context
    context["report_counts"] = report_counts(session, actor)
    context["obligation_counts"] = register_sizes(session)
    context["commune_count"] = commune_count(session)
    return context


def register_sizes(session: Session) -> dict[FormKind, int]:
    """How many facilities are on the register of each form."""
    return dict(session.execute(select(Obligation.form, func.count())
                                .where(Obligation.removed_at_utc.is_(None)).group_by(Obligation.form)).all())
