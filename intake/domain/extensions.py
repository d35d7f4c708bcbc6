"""Deadline extensions: an enterprise asks for more time with a reason, a reviewer grants a new
date or refuses. The one definition of a facility's due date for a period and form lives here
(`effective_due_on`): everything that decides "late" (`intake.domain.compliance`), the review
queue's filter, the reminders, the register and the compliance statistics measure against it.
Pure: the caller reads the extensions and passes their granted dates."""
from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from intake.domain.text_limits import DECISION_NOTE, EXTENSION_REASON  # noqa: F401 (re-exported)


class ExtensionStatus(str, enum.Enum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


EXTENSION_STATUS_LABELS = {
    ExtensionStatus.PENDING: ("Đang chờ xem xét", "Pending"),
    ExtensionStatus.GRANTED: ("Đã gia hạn", "Granted"),
    ExtensionStatus.REFUSED: ("Không chấp thuận", "Refused"),
}


def effective_due_on(period_due_on: dt.date, granted: Iterable[dt.date | None] = ()) -> dt.date:
    """The facility's due date: the latest date an extension granted it, else the period's.
    A granted date is always after the period's (`grant_refusal`), but the latest of both is
    taken so that a row written otherwise can never bring a deadline forward."""
    return max([period_due_on, *(date for date in granted if date is not None)])


def grant_refusal(new_due_on: dt.date | None, current_due_on: dt.date) -> tuple[str, str] | None:
    """(message, message_vi) when `new_due_on` cannot be granted: missing, or not after the
    facility's current due date (the period's, or an extension granted before)."""
    if new_due_on is None:
        return ("Give the new due date.", "Vui lòng nhập hạn nộp mới.")
    if new_due_on <= current_due_on:
        shown = current_due_on.strftime("%d/%m/%Y")
        return (f"The new due date must be after the current one ({shown}).",
                f"Hạn nộp mới phải sau hạn nộp hiện tại ({shown}).")
    return None
