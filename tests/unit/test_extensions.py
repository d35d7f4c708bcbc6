"""The one definition of a facility's due date, and the reminders' keys under an extension."""
import datetime as dt

from intake.domain.compliance import is_late
from intake.domain.extensions import effective_due_on, grant_refusal
from intake.domain.reminders import extended_due_on, reminder_due
from intake.domain.workflow import ReportStatus

DUE = dt.date(2027, 3, 31)
GRANTED = dt.date(2027, 4, 30)
UTC = dt.timezone.utc


def test_the_latest_granted_date_else_the_periods():
    assert effective_due_on(DUE) == DUE
    assert effective_due_on(DUE, [None]) == DUE
    assert effective_due_on(DUE, [GRANTED, dt.date(2027, 4, 15)]) == GRANTED
    # A row that would bring the deadline forward never does.
    assert effective_due_on(DUE, [dt.date(2027, 3, 1)]) == DUE


def test_late_against_the_granted_date_in_hanoi_time():
    due = effective_due_on(DUE, [GRANTED])
    on_time = dt.datetime(2027, 4, 30, 16, 30, tzinfo=UTC)  # 23:30 in Hanoi on the granted date
    late = dt.datetime(2027, 4, 30, 17, 30, tzinfo=UTC)  # 00:30 the next day in Hanoi
    assert not is_late(ReportStatus.SUBMITTED, on_time, due, dt.date(2030, 1, 1))
    assert is_late(ReportStatus.SUBMITTED, late, due, dt.date(2030, 1, 1))
    assert not is_late(ReportStatus.DRAFT, None, due, dt.date(2027, 4, 30))
    assert is_late(ReportStatus.DRAFT, None, due, dt.date(2027, 5, 1))


def test_a_grant_must_be_after_the_current_due_date():
    assert grant_refusal(None, DUE) is not None
    assert grant_refusal(DUE, DUE) == ("The new due date must be after the current one (31/03/2027).",
                                       "Hạn nộp mới phải sau hạn nộp hiện tại (31/03/2027).")
    assert grant_refusal(dt.date(2027, 3, 1), DUE) is not None
    assert grant_refusal(GRANTED, DUE) is None


def test_reminders_of_an_extended_date_have_keys_of_their_own():
    reminder = reminder_due(GRANTED, dt.date(2027, 4, 23))
    assert reminder.kind == "before_7"
    plain = reminder.dedup_key(1, 2, "a@b.vn")
    extended = reminder.dedup_key(1, 2, "a@b.vn", GRANTED)
    assert plain != extended and extended == "reminder:before_7e20270430:1:2:a@b.vn"
    assert extended_due_on(extended.split(":")[1]) == GRANTED
    assert extended_due_on("before_7") is None and extended_due_on("overduew3") is None
    overdue = reminder_due(GRANTED, dt.date(2027, 5, 8)).dedup_key(1, 2, "a@b.vn", GRANTED)
    assert extended_due_on(overdue.split(":")[1]) == GRANTED
