import datetime as dt

import pytest

from intake.domain.reminders import Reminder, reminder_due

DUE = dt.date(2027, 3, 31)


@pytest.mark.parametrize("today, expected", [
    (dt.date(2027, 2, 1), None),                         # 58 days left: nothing yet
    (dt.date(2027, 3, 1), Reminder("before_30", 30)),
    (dt.date(2027, 3, 24), Reminder("before_7", 7)),
    (dt.date(2027, 3, 25), Reminder("before_7", 6)),     # a missed day still reminds
    (dt.date(2027, 3, 30), Reminder("before_1", 1)),
    (dt.date(2027, 3, 31), Reminder("before_1", 0)),     # the due date itself
    (dt.date(2027, 4, 1), Reminder("overdue", 1)),
])
def test_which_reminder_is_due(today, expected):
    assert reminder_due(DUE, today) == expected


def test_reminders_are_not_repeated_but_overdue_ones_are_weekly():
    first = reminder_due(DUE, dt.date(2027, 3, 24)).dedup_key(1, 2, "a@b.vn")
    assert first == reminder_due(DUE, dt.date(2027, 3, 25)).dedup_key(1, 2, "a@b.vn")
    week1 = reminder_due(DUE, dt.date(2027, 4, 1)).dedup_key(1, 2, "a@b.vn")
    assert week1 == reminder_due(DUE, dt.date(2027, 4, 6)).dedup_key(1, 2, "a@b.vn")
    assert week1 != reminder_due(DUE, dt.date(2027, 4, 8)).dedup_key(1, 2, "a@b.vn")
