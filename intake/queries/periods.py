"""Reporting periods and the wards and communes: the calendar and the map every page picks from."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.workflow import FormKind
from intake.models import Commune, ReportingPeriod

# What the filer's home shows: periods opening within two months, and those due in the last
# thirteen months (a late report is still to be filed).
OPENING_SOON = dt.timedelta(days=60)
RECENTLY_DUE = dt.timedelta(days=400)


def reporting_period(session: Session, period_id: int | None) -> ReportingPeriod | None:
    return session.get(ReportingPeriod, period_id) if period_id else None


def reporting_periods(session: Session, form: FormKind | None = None,
                      limit: int | None = None) -> list[ReportingPeriod]:
    """The periods (of one form, if given), the latest due date first."""
    statement = select(ReportingPeriod).order_by(ReportingPeriod.due_on.desc())
    if form is not None:
        statement = statement.where(ReportingPeriod.form == form)
    return list(session.scalars(statement.limit(limit)))


def periods_around(session: Session, today: dt.date) -> list[ReportingPeriod]:
    """Periods open or opening soon, and those recently due, the earliest due date first."""
    return list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.opens_on <= today + OPENING_SOON,
        ReportingPeriod.due_on >= today - RECENTLY_DUE).order_by(ReportingPeriod.due_on)))


def communes(session: Session) -> list[Commune]:
    """Hanoi's wards and communes, by name."""
    return list(session.scalars(select(Commune).order_by(Commune.name)))


def commune_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Commune)) or 0
