"""Deadlines and where each obliged facility stands in a reporting period (the register of plan
IV.1 e). The one definition of "today" and of "late": the due date is a date in Hanoi, so a
filing at 23:30 Hanoi time on the due date is on time, and 00:30 the next day (17:30 UTC on the
due date) is late, whatever the server's clock or the database's time zone says."""
from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from intake.domain.workflow import ReportStatus

# Viet Nam keeps UTC+7 all year (no daylight saving time).
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# A report in one of these states is with the Department: it was filed, whatever comes next.
WITH_THE_DEPARTMENT = frozenset({ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW, ReportStatus.ACCEPTED})


class FilingState(str, enum.Enum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    LATE = "late"


FILING_STATE_LABELS = {
    FilingState.NOT_STARTED: ("Chưa bắt đầu", "Not started"),
    FilingState.DRAFT: ("Đang lập", "Draft"),
    FilingState.SUBMITTED: ("Đã nộp", "Submitted"),
    FilingState.RETURNED: ("Bị trả lại", "Returned"),
    FilingState.ACCEPTED: ("Đã chấp nhận", "Accepted"),
    FilingState.LATE: ("Quá hạn, chưa nộp", "Late, not filed"),
}


def hanoi_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Hanoi of an aware timestamp. Raises ValueError for a naive one
    (its time zone would be a guess)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: its Hanoi date would be a guess")
    return moment.astimezone(HANOI).date()


def today_in_hanoi(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Hanoi (at `now`, an aware timestamp, when given): the "today" that every
    deadline is measured against."""
    return hanoi_date(now or dt.datetime.now(dt.timezone.utc))


def late_from(due_on: dt.date) -> dt.datetime:
    """The first instant (in UTC) at which a filing for `due_on` is late: midnight in Hanoi at
    the end of the due date."""
    return dt.datetime.combine(due_on + dt.timedelta(days=1), dt.time(), HANOI).astimezone(dt.timezone.utc)


def is_past_due(due_on: dt.date, today: dt.date) -> bool:
    """Whether the due date is over on `today` (a Hanoi date, see `today_in_hanoi`)."""
    return today > due_on


def submitted_late(first_submitted: dt.datetime | None, due_on: dt.date) -> bool:
    """First filed after the due date, in Hanoi time."""
    return first_submitted is not None and first_submitted >= late_from(due_on)


def is_late(status: ReportStatus | None, first_submitted: dt.datetime | None, due_on: dt.date,
            today: dt.date) -> bool:
    """The one "late": first filed after the due date, or past the due date and still not with
    the Department (not started, a draft, returned for correction). The review queue's filter
    is the same rule written in SQL (`intake.queries.review`)."""
    return (submitted_late(first_submitted, due_on)
            or filing_state(status, due_on, today) is FilingState.LATE)


def filing_state(status: ReportStatus | None, due_on: dt.date, today: dt.date) -> FilingState:
    """The facility's state for a period. A report with the Department (submitted, under review,
    accepted) shows that; one still with the filer past the due date is late."""
    if status in (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW):
        return FilingState.SUBMITTED
    if status is ReportStatus.ACCEPTED:
        return FilingState.ACCEPTED
    if is_past_due(due_on, today):
        return FilingState.LATE
    if status is ReportStatus.RETURNED:
        return FilingState.RETURNED
    if status is ReportStatus.DRAFT:
        return FilingState.DRAFT
    return FilingState.NOT_STARTED
