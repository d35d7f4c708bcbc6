"""What the Department's review desk reads: the queue and a report's workspace."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Select, and_, false, func, or_, select
from sqlalchemy.orm import Session

from forms.labels import label_paths
from forms.registry import form_definition
from intake.domain.compliance import (
    WITH_THE_DEPARTMENT,
    is_late,
    is_past_due,
    late_from,
)
from intake.domain.corrections import standing
from intake.domain.review_checklist import checklist_for
from intake.domain.review_threads import (
    REMOVED_LINE,
    Readiness,
    ThreadStatus,
    place_in,
    unexplained_items,
)
from intake.domain.roles import Actor
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import (
    Facility,
    Report,
    ReportingPeriod,
    ReportVersion,
    ReviewChecklist,
    ReviewComment,
    User,
)
from intake.queries.accounts import active_reviewers
from intake.queries.extensions import DueDates, due_dates
from intake.queries.reports import comments_on, report_of
from intake.queries.scoping import visible_reports
from intake.queries.text_search import facility_matches

PAGE_SIZE = 25
AWAITING = (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW)
SORTS = {
    "submitted": Report.first_submitted_at_utc.asc(),
    "-submitted": Report.first_submitted_at_utc.desc(),
    "facility": Facility.name.asc(),
    "updated": Report.updated_at_utc.desc(),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the reviewer narrowed the queue to. `status` is "awaiting" (submitted or under
    review), a status's value, or anything else for all; `sort` a key of SORTS; `search` a
    facility or enterprise name (any case, with or without diacritics) or a tax code's
    beginning (`text_search.facility_matches`)."""

    search: str = ""
    period: int | None = None
    form: FormKind | None = None
    commune: str | None = None
    sector: str | None = None
    assigned_to_me: bool = False
    late: bool = False
    status: str = "awaiting"
    sort: str = "submitted"


@dataclass(frozen=True)
class ReviewQueue:
    reports: list[Report]
    counts: dict[ReportStatus, int]  # per status, under every filter but the status
    total: int
    page: int
    pages: int
    late: frozenset[int] = field(default_factory=frozenset)  # ids of the page's late reports


def review_queue(session: Session, actor: User, filters: QueueFilters, page: int,
                 today: dt.date) -> ReviewQueue:
    """One page of the reports the actor may see, filtered and sorted; `today` is the date in
    Hanoi (`compliance.today_in_hanoi`), which the "late" filter is measured against."""
    statement = _filtered(session, actor, filters, today)
    counts = dict(session.execute(statement.with_only_columns(Report.status, func.count())
                                  .group_by(Report.status).order_by(None)).all())
    if filters.status == "awaiting":
        statement = statement.where(Report.status.in_(AWAITING))
    elif filters.status in [s.value for s in ReportStatus]:
        statement = statement.where(Report.status == ReportStatus(filters.status))
    statement = statement.order_by(SORTS.get(filters.sort, SORTS["submitted"]), Report.id)
    total = session.scalar(statement.with_only_columns(func.count()).order_by(None)) or 0
    page = max(page, 1)
    reports = list(session.scalars(statement.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    dues = due_dates(session, period_ids={r.period_id for r in reports if r.period_id is not None},
                     facility_ids={r.facility_id for r in reports}) if reports else DueDates()
    late = frozenset(r.id for r in reports if r.period is not None
                     and is_late(standing(r.status, r.accepted_version_number), r.first_submitted_at_utc,
                                 dues.of(r.facility_id, r.period), today))
    return ReviewQueue(reports, counts, total, page, max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), late)


def _filtered(session: Session, actor: User, filters: QueueFilters, today: dt.date) -> Select:
    statement = visible_reports(actor)
    if filters.search.strip():
        statement = statement.where(facility_matches(filters.search))
    if filters.period:
        statement = statement.where(Report.period_id == filters.period)
    if filters.form is not None:
        statement = statement.where(Report.form == filters.form)
    if filters.commune:
        statement = statement.where(Facility.commune_code == filters.commune)
    if filters.sector is not None:
        statement = statement.where(Facility.vsic.startswith(filters.sector))
    if filters.assigned_to_me:
        statement = statement.where(Report.assigned_to_id == actor.id)
    if filters.late:
        statement = statement.where(_late(list(session.scalars(select(ReportingPeriod))), today,
                                          due_dates(session)))
    return statement


def _late(periods: list[ReportingPeriod], today: dt.date, dues: DueDates) -> ColumnElement[bool]:
    """`compliance.is_late` in SQL, one period at a time: the due date is a date in Hanoi,
    which neither SQLite nor a PostgreSQL session's time zone knows, so each period's first
    late instant is computed here and compared with the stored UTC timestamp. A facility
    granted an extension (`queries.extensions.due_dates`) is measured against its own date,
    the others of the period against the period's."""
    conditions: list[ColumnElement[bool]] = []
    for p in periods:
        extended = dues.in_period(p.id)
        groups = [(Report.facility_id.not_in(list(extended)) if extended else None, p.due_on)]
        groups += [(Report.facility_id == facility_id, dues.of(facility_id, p)) for facility_id in extended]
        for who, due_on in groups:
            here = [Report.period_id == p.id] + ([who] if who is not None else [])
            conditions.append(and_(*here, Report.first_submitted_at_utc >= late_from(due_on)))
            if is_past_due(due_on, today):
                # A report under correction was filed and accepted: never overdue (Art. 22).
                conditions.append(and_(*here, Report.status.not_in(WITH_THE_DEPARTMENT),
                                       Report.accepted_version_number.is_(None)))
    return or_(false(), *conditions)


@dataclass(frozen=True)
class Workspace:
    report: Report
    version: ReportVersion | None  # the latest submitted one
    previous_version: ReportVersion | None
    previous_accepted: Report | None  # the facility's last accepted report of the same form
    comments: list[ReviewComment]
    checklist: ReviewChecklist | None  # of the latest version
    reviewers: list[User]  # whom the report can be assigned to


def workspace(session: Session, actor: Actor, report_id: int) -> Workspace | None:
    """What a reviewer works from; None if the actor may not see the report."""
    report = report_of(session, actor, report_id)
    if report is None:
        return None
    version = report.versions[-1] if report.versions else None
    previous_version = report.versions[-2] if len(report.versions) > 1 else None
    previous_accepted = session.scalar(visible_reports(actor).where(
        Report.facility_id == report.facility_id, Report.form == report.form,
        Report.accepted_version_number.is_not(None), Report.id != report.id)
        .order_by(Report.updated_at_utc.desc()).limit(1))
    checklist = checklist_of(session, report)
    return Workspace(report, version, previous_version, previous_accepted,
                     comments_on(session, report), checklist, active_reviewers(session))


def open_threads(session: Session, report: Report) -> list[ReviewComment]:
    """The comments to the filer (released or not yet) that nobody has resolved: what stands
    in the way of accepting the report."""
    return list(session.scalars(select(ReviewComment).where(
        ReviewComment.report_id == report.id, ReviewComment.internal.is_(False),
        ReviewComment.status == ThreadStatus.OPEN).order_by(ReviewComment.id)))


def filer_threads(session: Session, report: Report) -> list[ReviewComment]:
    """What the filer may read: the released comments to the filer, with their threads (the
    template shows only the released replies, `released_replies`)."""
    return list(session.scalars(select(ReviewComment).where(
        ReviewComment.report_id == report.id, ReviewComment.internal.is_(False),
        ReviewComment.released_at_utc.is_not(None)).order_by(ReviewComment.id)))


def commented_document(report: Report) -> dict:
    """The document the comments' paths point into: the latest submitted version's (what the
    reviewer commented on), the working copy before any submission."""
    return report.versions[-1].document if report.versions else report.document


@dataclass(frozen=True)
class ThreadPlace:
    """Where a comment is in the document shown: `path` there ("" for the whole report, or
    when `removed`: the row it was written on is no longer in the document), and the place in
    the form's words, Vietnamese and English ("" for the whole report). A removed row is named
    as it was on the commented version, followed by "dòng đã bị xoá" / "the line was removed"."""

    path: str
    removed: bool
    label_vi: str
    label_en: str


def thread_place(report: Report, comment: ReviewComment, document: dict | None = None) -> ThreadPlace:
    """Where `comment` is in `document` (default: the latest submitted version, what the desk
    reads; the filer's form passes the working copy, the copy of record its version's
    document): each row found by its key (`review_threads.place_in`). The one function every
    channel names a comment's place with: the filer's form, the workspace, the API, the PDF."""
    form = form_definition(report.form.value)
    document = commented_document(report) if document is None else document
    place = place_in(form, comment.anchor, comment.path, document)
    if not place.removed:
        vi, en = label_paths(form, place.path, document)
        return ThreadPlace(place.path, False, vi, en)
    written_on = next((v.document for v in report.versions if v.number == comment.version_number), None)
    vi, en = label_paths(form, comment.path, written_on)
    return ThreadPlace("", True, f"{vi} ({REMOVED_LINE[0]})" if vi else REMOVED_LINE[0].capitalize(),
                       f"{en} ({REMOVED_LINE[1]})" if en else REMOVED_LINE[1].capitalize())


def released_replies(comment: ReviewComment) -> list:
    return [reply for reply in comment.replies if reply.released_at_utc is not None]


def checklist_of(session: Session, report: Report) -> ReviewChecklist | None:
    """The checklist of the report's latest submitted version."""
    number = report.versions[-1].number if report.versions else 0
    return session.scalar(select(ReviewChecklist).where(
        ReviewChecklist.report_id == report.id, ReviewChecklist.version_number == number))


def readiness(session: Session, report: Report) -> Readiness:
    """What is missing before the report can be accepted: the review started, every checklist
    item ticked or explained, no open comment to the filer."""
    checklist = checklist_of(session, report)
    return Readiness(under_review=report.status is ReportStatus.UNDER_REVIEW,
                     checklist_missing=tuple(unexplained_items(checklist_for(report.form.value),
                                                               checklist.items if checklist else None)),
                     open_threads=tuple(open_threads(session, report)),
                     checklist_recorded=checklist is not None)


def released_threads_of_version(session: Session, report: Report, number: int) -> list[ReviewComment]:
    """The comments to the filer released on version `number` (when it was returned)."""
    return [c for c in filer_threads(session, report) if c.version_number == number]
