"""Which deadline reminders are due: 30, 7 and 1 days before a period's due date, and once a
week while a report is overdue. Pure: the caller supplies today and who has not filed."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DAYS_BEFORE = (30, 7, 1)
OVERDUE_EVERY_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    kind: str  # "before_30", "before_7", "before_1", "overdue"
    days: int  # days left (before) or days late (overdue)

    def dedup_key(self, period_id: int, facility_id: int, recipient: str,
                  extended_to: dt.date | None = None) -> str:
        """One reminder of a kind per period, facility and person, however often the scheduler
        runs. An overdue reminder repeats weekly, so its key carries the week. A facility granted
        an extension (`extended_to`, its new due date) is reminded afresh of that date, so the
        key carries it too (still `reminder:<kind>:<period>:<facility>:<recipient>`)."""
        suffix = f"w{self.days // OVERDUE_EVERY_DAYS}" if self.kind == "overdue" else ""
        if extended_to is not None:
            suffix += f"e{extended_to:%Y%m%d}"
        return f"reminder:{self.kind}{suffix}:{period_id}:{facility_id}:{recipient}"


def reminder_due(due_on: dt.date, today: dt.date) -> Reminder | None:
    """The reminder to send today for a report not yet filed, if any. A scheduler that missed
    a day still sends the nearest one (a 7-day reminder on day 6)."""
    days_left = (due_on - today).days
    if days_left < 0:
        return Reminder("overdue", -days_left)
    for threshold in sorted(DAYS_BEFORE):
        if days_left <= threshold:
            return Reminder(f"before_{threshold}", days_left)
    return None


def extended_due_on(kind_part: str) -> dt.date | None:
    """The due date an extension set, read back from the kind part of a reminder's dedup key
    (`Reminder.dedup_key`: `before_7e20270430`); None when the reminder was of the period's."""
    _, marker, date = kind_part.rpartition("e")
    if not marker or len(date) != 8 or not date.isdigit():
        return None
    try:
        return dt.datetime.strptime(date, "%Y%m%d").date()
    except ValueError:
        return None
