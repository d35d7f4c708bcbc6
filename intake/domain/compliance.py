"""Where each obliged facility stands in a reporting period (the register of plan IV.1 e)."""
from __future__ import annotations

import datetime as dt
import enum

from intake.domain.workflow import ReportStatus


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


def filing_state(status: ReportStatus | None, due_on: dt.date, today: dt.date) -> FilingState:
    """The facility's state for a period. A report with the Department (submitted, under review,
    accepted) shows that; one still with the filer past the due date is late."""
    if status in (ReportStatus.SUBMITTED, ReportStatus.UNDER_REVIEW):
        return FilingState.SUBMITTED
    if status is ReportStatus.ACCEPTED:
        return FilingState.ACCEPTED
    if today > due_on:
        return FilingState.LATE
    if status is ReportStatus.RETURNED:
        return FilingState.RETURNED
    if status is ReportStatus.DRAFT:
        return FilingState.DRAFT
    return FilingState.NOT_STARTED


def submitted_late(first_submitted: dt.datetime | None, due_on: dt.date, hanoi_date) -> bool:
    """Filed after the due date (in Hanoi time: a filing at 23:30 on the due date is on time)."""
    return first_submitted is not None and hanoi_date(first_submitted) > due_on
