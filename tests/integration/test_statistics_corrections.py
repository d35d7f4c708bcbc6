"""Corrections after acceptance (Circular 38 Art. 22) in the sector database, the register and
the deadlines, through the services: a report under correction was filed and accepted, so it
stays counted once in its accepted version and is never "late", "a draft" or reminded of."""
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.domain.compliance import FilingState, is_late
from intake.domain.corrections import correction_for_version, standing
from intake.domain.workflow import FormKind, ReportStatus
from intake.models import Facility, GhgLineFact, Obligation, OutboxMessage, Report, ReportingPeriod, User
from intake.queries.filing import what_is_due
from intake.queries.review import QueueFilters, review_queue
from intake.services import corrections, review
from intake.services import reports as filing
from intake.services.register_status import register_lines
from intake.services.reminders import queue_reminders
from intake.services.statistics import ghg_statistics, ghg_total, rebuild
from tests.conftest import TEST_PASSWORD

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
DUE = dt.date(2024, 3, 31)
AFTER_DUE = dt.date(2024, 6, 1)
Q1, Q2 = "1000.123456789012345678", "2000.000000000000000001"


def document_with(quantity: str) -> dict:
    document = json.loads(json.dumps(DOCUMENT))
    document["years"][0]["sources"][0]["quantity"] = quantity
    return document


@pytest.fixture
def world(session, make_user):
    """An accepted report of a facility on the GHG register, for a period due on DUE, filed on
    time; a reviewer; the enterprise's certifier."""
    filer_id, _ = make_user("enterprise", tax_code="0100112437")
    reviewer_id, _ = make_user("reviewer")
    filer, reviewer = session.get(User, filer_id), session.get(User, reviewer_id)
    period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kỳ 2022–2023", first_data_year=2022,
                             last_data_year=2023, opens_on=dt.date(2024, 1, 1), due_on=DUE)
    facility = Facility(name="Nhà máy Đính Chính", commune_code="00493", enterprise_id=filer.enterprise_id)
    session.add_all([period, facility])
    session.flush()
    session.add(Obligation(facility_id=facility.id, form=FormKind.GHG_INVENTORY,
                           legal_basis="Quyết định 13/2024/QĐ-TTg", added_by_id=reviewer_id))
    report = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                  document=document_with(Q1), period_id=period.id, today=DUE)
    filing.submit_report(session, filer, report.id, certify=True, password=TEST_PASSWORD, hash_profile="test",
                         today=DUE)
    report.first_submitted_at_utc = dt.datetime(2024, 3, 30, 3, 0, tzinfo=dt.timezone.utc)
    review.start_review(session, reviewer, report.id)
    review.accept_report(session, reviewer, report.id, review.Acceptance(checklist_only_if_recorded=True))
    session.commit()
    return {"filer": filer, "reviewer": reviewer, "report_id": report.id, "period_id": period.id,
            "facility_id": facility.id, "t1": ghg_total(session, 2022)}


def _counted(session, world) -> Decimal:
    rows = [r for r in ghg_statistics(session, year=2022, group_by="facility") if r["facility_id"] == world["facility_id"]]
    assert len(rows) == 1
    return rows[0]["total_tco2e"]


def _versions_in_facts(session, world) -> set[int]:
    return set(session.scalars(select(GhgLineFact.version_number).distinct()
                               .where(GhgLineFact.report_id == world["report_id"])))


def test_the_migration_and_acceptance_set_the_version_that_counts(session, world):
    report = session.get(Report, world["report_id"])
    assert report.accepted_version_number == 1 and report.accepted_version is report.versions[0]
    assert world["t1"] > 0 and _versions_in_facts(session, world) == {1}


def test_a_correction_counts_only_once_accepted_and_rebuild_agrees(session, world):
    filer, reviewer, report_id = world["filer"], world["reviewer"], world["report_id"]
    corrections.amend_report(session, filer, report_id, reason="Sai số liệu", today=AFTER_DUE)
    session.commit()
    assert rebuild(session) > 0
    assert _counted(session, world) == world["t1"] and _versions_in_facts(session, world) == {1}
    report = session.get(Report, report_id)
    filing.update_report(session, filer, report_id, document=document_with(Q2),
                         expected_revision=report.revision, today=AFTER_DUE)
    filing.submit_report(session, filer, report_id, certify=True, password=TEST_PASSWORD, hash_profile="test",
                         today=AFTER_DUE)
    session.commit()
    rebuild(session)
    assert _counted(session, world) == world["t1"]
    review.start_review(session, reviewer, report_id)
    review.accept_report(session, reviewer, report_id, review.Acceptance(checklist_only_if_recorded=True))
    session.commit()
    t2 = _counted(session, world)
    assert t2 != world["t1"] and _versions_in_facts(session, world) == {2}
    rebuild(session)
    assert _counted(session, world) == t2 and _versions_in_facts(session, world) == {2}
    report = session.get(Report, report_id)
    assert correction_for_version(report.events, 2).corrects == 1
    assert correction_for_version(report.events, 1) is None


def test_a_report_under_correction_past_its_due_date_is_not_late(session, world):
    filer, reviewer = world["filer"], world["reviewer"]
    corrections.amend_report(session, filer, world["report_id"], reason="Sai số liệu", today=AFTER_DUE)
    session.commit()
    report = session.get(Report, world["report_id"])
    period = session.get(ReportingPeriod, world["period_id"])
    assert report.status is ReportStatus.DRAFT
    assert not is_late(standing(report.status, report.accepted_version_number), report.first_submitted_at_utc,
                       DUE, AFTER_DUE)
    [line] = [line for line in register_lines(session, FormKind.GHG_INVENTORY, period, AFTER_DUE)
              if line.obligation.facility_id == world["facility_id"]]
    assert line.state is FilingState.ACCEPTED and not line.late
    [due] = [row for row in what_is_due(session, filer, AFTER_DUE) if row.period.id == period.id]
    assert not due.late
    queue = review_queue(session, reviewer, QueueFilters(late=True, status="all"), 1, AFTER_DUE)
    assert report.id not in {r.id for r in queue.reports} and report.id not in queue.late
    everything = review_queue(session, reviewer, QueueFilters(status="all"), 1, AFTER_DUE)
    assert report.id in {r.id for r in everything.reports} and report.id not in everything.late
    # No "overdue" reminder for a report filed and accepted, whatever its correction does.
    queue_reminders(session, AFTER_DUE)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)
                          .where(OutboxMessage.dedup_key.like("reminder:%"))) == 0


def test_a_never_accepted_draft_past_its_due_date_is_still_late(session, world):
    """The control: standing changes nothing for a report that was never accepted."""
    assert standing(ReportStatus.DRAFT, None) is ReportStatus.DRAFT
    assert is_late(standing(ReportStatus.DRAFT, None), None, DUE, AFTER_DUE)
    assert standing(ReportStatus.RETURNED, 3) is ReportStatus.ACCEPTED
