"""One "late" for the review queue, the register and what is due: the due date is a date in
Hanoi (UTC+7), so 23:30 Hanoi time on the due date (16:30 UTC) is on time and 00:30 the next day
(17:30 UTC on the due date) is late, on either database."""
import datetime as dt
import json
from pathlib import Path

import pytest

from intake.domain.compliance import is_late, late_from, submitted_late, today_in_hanoi
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import Facility, Obligation, Report, ReportingPeriod, User
from intake.queries.filing import what_is_due
from intake.queries.review import QueueFilters, review_queue
from intake.services import reports as filing
from intake.services.register_status import register_lines
from tests.conftest import TEST_PASSWORD, log_in

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())

DUE = dt.date(2024, 3, 31)
UTC = dt.timezone.utc
ON_TIME = dt.datetime(2024, 3, 31, 16, 30, tzinfo=UTC)  # 23:30 in Hanoi on the due date
LATE = dt.datetime(2024, 3, 31, 17, 30, tzinfo=UTC)  # 00:30 in Hanoi the next day
NAMES = {"on_time": "Nhà máy Đúng Hạn", "late": "Nhà máy Nộp Muộn", "draft": "Nhà máy Chưa Nộp"}


def test_the_due_date_ends_at_midnight_in_hanoi():
    assert late_from(DUE) == dt.datetime(2024, 3, 31, 17, 0, tzinfo=UTC)
    assert not submitted_late(ON_TIME, DUE) and not submitted_late(late_from(DUE) - dt.timedelta(seconds=1), DUE)
    assert submitted_late(late_from(DUE), DUE) and submitted_late(LATE, DUE)
    assert today_in_hanoi(ON_TIME) == DUE and today_in_hanoi(LATE) == DUE + dt.timedelta(days=1)


@pytest.mark.parametrize("status, first_submitted, today, late", [
    (ReportStatus.SUBMITTED, ON_TIME, dt.date(2030, 1, 1), False),
    (ReportStatus.ACCEPTED, LATE, dt.date(2030, 1, 1), True),
    (ReportStatus.DRAFT, None, DUE, False),
    (ReportStatus.DRAFT, None, DUE + dt.timedelta(days=1), True),
    (None, None, DUE + dt.timedelta(days=1), True),
    # Filed on time, returned for correction and not filed again by the due date: late.
    (ReportStatus.RETURNED, ON_TIME, DUE + dt.timedelta(days=1), True),
])
def test_late_is_filed_after_the_due_date_or_overdue_with_the_filer(status, first_submitted, today, late):
    assert is_late(status, first_submitted, DUE, today) is late


@pytest.fixture
def boundary(session, make_user):
    """Three facilities of one enterprise on the GHG register, for a period due on DUE: one
    filed at 23:30 Hanoi time on the due date, one at 00:30 the next day, one still a draft."""
    filer_id, filer_email = make_user("enterprise", tax_code="0100112437")
    reviewer_id, reviewer_email = make_user("reviewer")
    filer = session.get(User, filer_id)
    period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kỳ báo cáo 2022–2023", first_data_year=2022,
                             last_data_year=2023, opens_on=dt.date(2024, 1, 1), due_on=DUE)
    facilities = {key: Facility(name=name, commune_code="00493", enterprise_id=filer.enterprise_id)
                  for key, name in NAMES.items()}
    session.add_all([period, *facilities.values()])
    session.flush()
    session.add_all([Obligation(facility_id=f.id, form=FormKind.GHG_INVENTORY, legal_basis="Quyết định 42/2026/QĐ-TTg",
                                added_by_id=reviewer_id) for f in facilities.values()])
    reports = {}
    for key, facility in facilities.items():
        report = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                      document=DOCUMENT, period_id=period.id)
        if key != "draft":
            filing.submit_report(session, filer, report.id, certify=True, password=TEST_PASSWORD,
                                 hash_profile="test")
            report.first_submitted_at_utc = ON_TIME if key == "on_time" else LATE
        reports[key] = report.id
    session.commit()
    return {"period_id": period.id, "reports": reports, "filer_id": filer_id, "reviewer_id": reviewer_id,
            "filer": filer_email, "reviewer": reviewer_email}


def _late_in_the_queue(session, boundary, today):
    reviewer = session.get(User, boundary["reviewer_id"])
    queue = review_queue(session, reviewer, QueueFilters(late=True, status="all"), 1, today)
    assert queue.late == {r.id for r in queue.reports}  # the filter and the tag agree
    return {r.facility.name for r in queue.reports if r.period_id == boundary["period_id"]}


def _late_in_the_register(session, boundary, today):
    period = session.get(ReportingPeriod, boundary["period_id"])
    return {line.obligation.facility.name for line in register_lines(session, FormKind.GHG_INVENTORY, period, today)
            if line.late and line.obligation.facility.name in NAMES.values()}


def _late_in_what_is_due(session, boundary, today):
    filer = session.get(User, boundary["filer_id"])
    return {row.facility.name for row in what_is_due(session, filer, today)
            if row.late and row.period.id == boundary["period_id"]}


@pytest.mark.parametrize("now, draft_is_late", [
    (ON_TIME, False),  # 23:30 in Hanoi on the due date: the draft is not late yet
    (LATE, True),  # 00:30 in Hanoi the next day, still the due date in UTC: it is
])
def test_the_queue_the_register_and_what_is_due_agree_at_the_day_boundary(session, boundary, now, draft_is_late):
    today = today_in_hanoi(now)
    expected = {NAMES["late"]} | ({NAMES["draft"]} if draft_is_late else set())
    assert _late_in_the_queue(session, boundary, today) == expected
    assert _late_in_the_register(session, boundary, today) == expected
    # What is due names only what is still to be filed (a filing made late is done).
    assert _late_in_what_is_due(session, boundary, today) == expected - {NAMES["late"]}


def test_the_register_flags_the_filing_at_half_past_midnight_in_hanoi(session, boundary):
    period = session.get(ReportingPeriod, boundary["period_id"])
    flagged = {line.obligation.facility.name: line.late_submission
               for line in register_lines(session, FormKind.GHG_INVENTORY, period)
               if line.obligation.facility.name in NAMES.values()}
    assert flagged == {NAMES["on_time"]: False, NAMES["late"]: True, NAMES["draft"]: False}


def test_the_queue_page_filters_and_tags_late_reports_in_hanoi_time(client, session, boundary):
    log_in(client, boundary["reviewer"])
    html = client.get(f"/review?late=1&status=all&period={boundary['period_id']}").get_data(as_text=True)
    assert NAMES["late"] in html and NAMES["draft"] in html and NAMES["on_time"] not in html
    assert html.count('class="tag late"') == 2
    everything = client.get(f"/review?status=all&period={boundary['period_id']}").get_data(as_text=True)
    assert NAMES["on_time"] in everything and everything.count('class="tag late"') == 2


def test_a_superseded_duplicate_is_not_the_facilitys_report_on_the_register(session, boundary):
    """A report set aside as a duplicate (migration 0004) is neither listed in the queue nor
    taken for the facility's report on the register."""
    kept = session.get(Report, boundary["reports"]["on_time"])
    duplicate = Report(facility_id=kept.facility_id, form=kept.form, form_version=kept.form_version,
                       status=ReportStatus.DRAFT, document=kept.document, result={},
                       period_id=kept.period_id, superseded_by_id=kept.id)
    session.add(duplicate)
    session.commit()
    period = session.get(ReportingPeriod, boundary["period_id"])
    line = next(line for line in register_lines(session, FormKind.GHG_INVENTORY, period)
                if line.obligation.facility_id == kept.facility_id)
    assert line.report.id == kept.id and not line.late
