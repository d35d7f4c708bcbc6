"""What happened that concerns a user, newest first, read from what is already recorded.

No table of its own: a filer's notices are the workflow events of its enterprise's reports
(returned, review started, accepted) with the comments each return released, and the
deadline reminders queued for the filer in the outbox; the desk's (reviewers, administrators)
are the submissions and resubmissions of every report and the enterprises' replies to the
Department's comments; an analyst's the acceptances that feed the statistics. Everything starts from `intake.queries.scoping`, so a user never reads
another enterprise's notice.

What is "new" needs a moment to count from, and no column may hold it: the web keeps the
moment the person last opened the page in the session cookie and, until then, counts from
the end of the person's previous session (`previous_visit`).

A certifier of an enterprise also reads its preparers' requests to certify a report
("certification_requested", issue 15): only of its own enterprise's reports, never of a client
it prepares for as a consultant.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from intake.domain.compliance import hanoi_date
from intake.domain.reminders import extended_due_on
from intake.domain.roles import Actor, Role
from intake.domain.workflow import Action, RecordedEvent, ReportStatus
from intake.models import (
    Facility,
    OutboxMessage,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReviewComment,
    ReviewReply,
    User,
    UserSession,
)
from intake.models.base import UTCDateTime
from intake.queries.extension_notices import count_newer as extension_count_newer
from intake.queries.extension_notices import extension_notices
from intake.queries.scoping import visible_facilities, visible_reports

NOTICE_LIMIT = 50
REMINDER_KEY_PREFIX = "reminder:"  # intake.domain.reminders.Reminder.dedup_key
_FILER_ACTIONS = (Action.RETURN.value, Action.START_REVIEW.value, Action.ACCEPT.value)


@dataclass(frozen=True)
class Notice:
    """One thing that happened. `kind`: "returned", "review_started", "accepted",
    "submitted", "resubmitted" (a report; `comments` released with a return), "amended" (a
    correction of an accepted report opened; `note` its reason), "correction_submitted",
    "certification_requested" (a preparer asks the certifier to submit; `note` its words), "reply" (the
    enterprise answered `thread`, a comment of the Department; `note` its reply) or "reminder"
    (a deadline; `days_left` below zero when overdue)."""

    at_utc: dt.datetime
    kind: str
    facility: Facility
    period: ReportingPeriod | None
    report: Report | None = None
    note: str = ""
    comments: int = 0
    days_left: int | None = None
    thread: ReviewComment | None = None
    # The facility's due date when an extension moved it from the period's (reminders and
    # extension decisions: "extension_granted", "extension_refused", "extension_requested").
    due_on: dt.date | None = None


def _event_actions(actor: Actor) -> tuple[str, ...]:
    if actor.role is Role.ENTERPRISE:
        return _FILER_ACTIONS
    if actor.role is Role.ANALYST:
        return (Action.ACCEPT.value,)
    # The desk: submissions, and corrections of accepted reports opened (Art. 22).
    return (Action.SUBMIT.value, Action.AMEND.value)


def _certifies_own_reports(actor: Actor) -> bool:
    return actor.role is Role.ENTERPRISE and bool(getattr(actor, "can_certify", False))


def _events(actor: Actor) -> Select:
    visible = visible_reports(actor).with_only_columns(Report.id)
    wanted = ReportEvent.action.in_(_event_actions(actor))
    if _certifies_own_reports(actor):
        own = visible_reports(actor).where(Facility.enterprise_id == actor.enterprise_id) \
            .with_only_columns(Report.id)
        wanted = or_(wanted, and_(ReportEvent.action == RecordedEvent.CERTIFICATION_REQUESTED.value,
                                  ReportEvent.report_id.in_(own)))
    return select(ReportEvent).where(ReportEvent.report_id.in_(visible), wanted)


def _desk_reads_replies(actor: Actor) -> bool:
    return actor.role in (Role.REVIEWER, Role.ADMIN)


def _filer_replies(actor: Actor) -> Select:
    """The enterprises' replies to the Department's comments on the reports the actor sees."""
    visible = visible_reports(actor).with_only_columns(Report.id)
    return (select(ReviewReply, ReviewComment)
            .join(ReviewComment, ReviewComment.id == ReviewReply.comment_id)
            .join(User, User.id == ReviewReply.author_id)
            .where(ReviewComment.report_id.in_(visible), ReviewComment.internal.is_(False),
                   User.role == Role.ENTERPRISE))


def _reply_notices(session: Session, actor: User, limit: int) -> list[Notice]:
    if not _desk_reads_replies(actor):
        return []
    rows = session.execute(_filer_replies(actor).order_by(ReviewReply.created_at_utc.desc(),
                                                          ReviewReply.id.desc()).limit(limit)).all()
    reports = {r.id: r for r in session.scalars(visible_reports(actor).where(
        Report.id.in_({comment.report_id for _reply, comment in rows})))} if rows else {}
    return [Notice(reply.created_at_utc, "reply", reports[comment.report_id].facility,
                   reports[comment.report_id].period, reports[comment.report_id], note=reply.message,
                   thread=comment)
            for reply, comment in rows if comment.report_id in reports]


def _reminders(actor: User) -> Select:
    return select(OutboxMessage).where(OutboxMessage.recipient == actor.email,
                                       OutboxMessage.dedup_key.startswith(REMINDER_KEY_PREFIX))


def _event_kind(event: ReportEvent, corrections: frozenset[int] = frozenset()) -> str:
    if event.action == Action.SUBMIT.value:
        if event.id in corrections:
            return "correction_submitted"
        return "resubmitted" if event.from_status is ReportStatus.RETURNED else "submitted"
    return {Action.RETURN.value: "returned", Action.START_REVIEW.value: "review_started",
            Action.AMEND.value: "amended",
            RecordedEvent.CERTIFICATION_REQUESTED.value: "certification_requested"}.get(
        event.action, "accepted")


def _correction_submissions(session: Session, events: list[ReportEvent]) -> frozenset[int]:
    """The ids of the submit events among `events` that submitted a correction of an accepted
    report: made after the report's first amendment (only an amendment reopens an accepted
    report, so every later submission corrects an accepted version)."""
    submits = [e for e in events if e.action == Action.SUBMIT.value]
    if not submits:
        return frozenset()
    first_amendment = dict(session.execute(
        select(ReportEvent.report_id, func.min(ReportEvent.id))
        .where(ReportEvent.report_id.in_({e.report_id for e in submits}),
               ReportEvent.action == Action.AMEND.value).group_by(ReportEvent.report_id)).all())
    return frozenset(e.id for e in submits
                     if e.report_id in first_amendment and e.id > first_amendment[e.report_id])


def _comments_per_return(session: Session, events: list[ReportEvent]) -> dict[int, int]:
    """For each return event, how many comments it released to the filer: those of its report
    released after the report's previous return and by the time of this one."""
    returns = [e for e in events if e.action == Action.RETURN.value]
    if not returns:
        return {}
    report_ids = {e.report_id for e in returns}
    all_returns = session.execute(select(ReportEvent.report_id, ReportEvent.at_utc).where(
        ReportEvent.report_id.in_(report_ids), ReportEvent.action == Action.RETURN.value)).all()
    released = session.execute(select(ReviewComment.report_id, ReviewComment.released_at_utc).where(
        ReviewComment.report_id.in_(report_ids), ReviewComment.internal.is_(False),
        ReviewComment.released_at_utc.is_not(None))).all()
    counts = {}
    for event in returns:
        earlier = [at for report_id, at in all_returns if report_id == event.report_id and at < event.at_utc]
        after = max(earlier, default=None)
        counts[event.id] = sum(1 for report_id, at in released if report_id == event.report_id
                               and at <= event.at_utc and (after is None or at > after))
    return counts


def _reminder_notice(message: OutboxMessage, facilities: dict[int, Facility],
                     periods: dict[int, ReportingPeriod]) -> Notice | None:
    # reminder:<kind>:<period id>:<facility id>:<recipient>
    parts = (message.dedup_key or "").split(":", 4)
    if len(parts) != 5 or not parts[2].isdigit() or not parts[3].isdigit():
        return None
    facility, period = facilities.get(int(parts[3])), periods.get(int(parts[2]))
    if facility is None or period is None:
        return None  # a facility the user no longer sees, or a period since deleted
    due_on = extended_due_on(parts[1]) or period.due_on
    days_left = (due_on - hanoi_date(message.created_at_utc)).days
    return Notice(message.created_at_utc, "reminder", facility, period, days_left=days_left, due_on=due_on)


def _reminder_notices(session: Session, actor: User, limit: int) -> list[Notice]:
    if actor.role is not Role.ENTERPRISE:
        return []
    messages = list(session.scalars(_reminders(actor).order_by(OutboxMessage.created_at_utc.desc(),
                                                               OutboxMessage.id.desc()).limit(limit)))
    if not messages:
        return []
    facilities = {f.id: f for f in session.scalars(visible_facilities(actor))}
    periods = {p.id: p for p in session.scalars(select(ReportingPeriod))}
    return [n for n in (_reminder_notice(m, facilities, periods) for m in messages) if n is not None]


def notifications(session: Session, actor: User, limit: int = NOTICE_LIMIT) -> list[Notice]:
    """The `limit` latest notices of the actor, newest first."""
    events = list(session.scalars(_events(actor).order_by(ReportEvent.at_utc.desc(), ReportEvent.id.desc())
                                  .limit(limit)))
    reports = {r.id: r for r in session.scalars(visible_reports(actor).where(
        Report.id.in_({e.report_id for e in events})))} if events else {}
    comments = _comments_per_return(session, events)
    corrections = _correction_submissions(session, events)
    notices = [Notice(e.at_utc, _event_kind(e, corrections), reports[e.report_id].facility, reports[e.report_id].period,
                      reports[e.report_id], note=e.note, comments=comments.get(e.id, 0))
               for e in events if e.report_id in reports]
    notices += _reminder_notices(session, actor, limit)
    notices += _reply_notices(session, actor, limit)
    notices += [Notice(n.at_utc, n.kind, n.extension.facility, n.extension.period, note=n.note,
                       due_on=n.extension.granted_due_date) for n in extension_notices(session, actor, limit)]
    notices.sort(key=lambda n: n.at_utc, reverse=True)
    return notices[:limit]


def _previous_visit(actor: User) -> ColumnElement[dt.datetime]:
    """When the actor was last seen before the current session (its account's creation for a
    first session), as SQL: the newest session is the current one, the one before it ended
    the previous visit."""
    last_seen = (select(UserSession.last_seen_at_utc).where(UserSession.user_id == actor.id)
                 .order_by(UserSession.created_at_utc.desc(), UserSession.id.desc())
                 .offset(1).limit(1).scalar_subquery())
    return func.coalesce(last_seen, literal(actor.created_at_utc, UTCDateTime))


def count_new(session: Session, actor: User, seen_at: dt.datetime | None) -> int | None:
    """How many of the actor's notices are newer than its previous visit and than `seen_at`
    (the last look at the page, if any); None when the database cannot answer (a page's header
    never becomes an error page for a count). One statement: every page's header asks."""
    since = _previous_visit(actor)

    def newer(column: ColumnElement[dt.datetime]) -> ColumnElement[bool]:
        return and_(column > since, column > seen_at) if seen_at is not None else column > since

    counts = [_events(actor).where(newer(ReportEvent.at_utc)).with_only_columns(func.count())]
    if actor.role is Role.ENTERPRISE:
        counts.append(_reminders(actor).where(newer(OutboxMessage.created_at_utc))
                      .with_only_columns(func.count()))
    if _desk_reads_replies(actor):
        counts.append(_filer_replies(actor).where(newer(ReviewReply.created_at_utc))
                      .with_only_columns(func.count()))
    extensions = extension_count_newer(actor, newer)
    if extensions is not None:
        counts.append(extensions)
    total = sum((count.scalar_subquery() for count in counts[1:]), counts[0].scalar_subquery())
    try:
        return session.scalar(select(total)) or 0
    except SQLAlchemyError:
        return None


def previous_visit(session: Session, actor: User) -> dt.datetime:
    """When the actor was last seen before the current session (its account's creation for a
    first session): what new notices are counted from."""
    return session.scalar(select(_previous_visit(actor)))
