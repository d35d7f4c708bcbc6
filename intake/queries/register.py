"""The register of obliged facilities as the Department reads it: each entry with its
facility's state for a period, searched and a page at a time."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from intake.domain.compliance import FilingState, filing_state, submitted_late, today_in_hanoi
from intake.domain.corrections import standing
from intake.domain.roles import Actor
from intake.domain.workflow import FormKind
from intake.models import Facility, Obligation, Report, ReportingPeriod
from intake.queries.extensions import DueDates, due_dates
from intake.queries.scoping import visible_facilities
from intake.queries.text_search import facility_matches

REGISTER_PAGE_SIZE = 50


@dataclass(frozen=True)
class RegisterLine:
    obligation: Obligation
    report: Report | None
    state: FilingState | None
    late_submission: bool
    # The facility's due date in the period: the period's, or the one an extension granted.
    due_on: dt.date | None = None
    period_due_on: dt.date | None = None

    @property
    def extended(self) -> bool:
        """Whether an extension moved the facility's due date."""
        return self.due_on is not None and self.due_on != self.period_due_on

    @property
    def late(self) -> bool:
        """Late in the sense of `intake.domain.compliance.is_late` (filed late, or overdue)."""
        return self.late_submission or self.state is FilingState.LATE


@dataclass(frozen=True)
class RegisterPage:
    lines: list[RegisterLine]
    total: int  # entries matching the search
    on_register: int  # entries of the register, search or not
    page: int
    pages: int


def lines_of(session: Session, entries: Sequence[Obligation], period: ReportingPeriod | None,
             today: dt.date | None = None) -> list[RegisterLine]:
    """Each entry with its facility's report and state in `period` (none without a period),
    as of `today` in Hanoi (`today_in_hanoi()` unless given)."""
    today = today or today_in_hanoi()
    reports: dict[int, Report] = {}
    dues = DueDates()
    if period is not None and entries:
        # A report set aside as a duplicate (migration 0004) is not the facility's report.
        statement = select(Report).where(Report.period_id == period.id, Report.superseded_by_id.is_(None))
        if len(entries) <= REGISTER_PAGE_SIZE:  # a page: its reports only; the whole register: all
            statement = statement.where(Report.facility_id.in_([entry.facility_id for entry in entries]))
        reports = {r.facility_id: r for r in session.scalars(statement)}
        dues = due_dates(session, period_ids=[period.id],
                         facility_ids=[entry.facility_id for entry in entries]
                         if len(entries) <= REGISTER_PAGE_SIZE else None)
    lines = []
    for entry in entries:
        report = reports.get(entry.facility_id)
        due_on = dues.of(entry.facility_id, period) if period else None
        # A report under correction stands as accepted (`corrections.standing`).
        status = standing(report.status, report.accepted_version_number) if report else None
        state = filing_state(status, due_on, today) if due_on else None
        late = bool(due_on and report and submitted_late(report.first_submitted_at_utc, due_on))
        lines.append(RegisterLine(entry, report, state, late, due_on, period.due_on if period else None))
    return lines


def _entries(actor: Actor, form: FormKind) -> Select:
    """The active entries of the register of `form` among the facilities the actor may see."""
    visible = visible_facilities(actor).with_only_columns(Facility.id)
    return (select(Obligation).join(Obligation.facility)
            .where(Obligation.form == form, Obligation.removed_at_utc.is_(None),
                   Obligation.facility_id.in_(visible)))


def register_page(session: Session, actor: Actor, form: FormKind, period: ReportingPeriod | None,
                  *, search: str = "", page: int = 1, today: dt.date | None = None) -> RegisterPage:
    """One page (REGISTER_PAGE_SIZE entries, by facility name) of the register of `form`,
    narrowed to the facilities matching `search` (`text_search.facility_matches`)."""
    statement = _entries(actor, form)
    on_register = session.scalar(statement.with_only_columns(func.count())) or 0
    if search.strip():
        statement = statement.where(facility_matches(search))
        total = session.scalar(statement.with_only_columns(func.count())) or 0
    else:
        total = on_register
    pages = max((total + REGISTER_PAGE_SIZE - 1) // REGISTER_PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    entries = list(session.scalars(statement.order_by(Facility.name, Obligation.id)
                                   .limit(REGISTER_PAGE_SIZE).offset((page - 1) * REGISTER_PAGE_SIZE)))
    return RegisterPage(lines_of(session, entries, period, today), total, on_register, page, pages)


def register_entry(session: Session, actor: Actor, form: FormKind, obligation_id: int) -> Obligation | None:
    """An active entry of the register of `form`, if the actor may see its facility."""
    return session.scalar(_entries(actor, form).where(Obligation.id == obligation_id))
