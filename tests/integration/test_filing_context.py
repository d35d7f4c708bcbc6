"""What only the portal knows when it checks a draft: the facility's earlier filings."""
import datetime as dt
import json
from pathlib import Path

from intake.domain.workflow import FormKind
from intake.models import Facility, ReportingPeriod, User
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD
from tests.review_helpers import accept_after_review

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())


def test_a_gwp_set_different_from_the_facilitys_last_accepted_report_is_flagged(session, make_user):
    filer_id, _ = make_user("enterprise", tax_code="0100112437")
    reviewer_id, _ = make_user("reviewer")
    filer, reviewer = session.get(User, filer_id), session.get(User, reviewer_id)
    facility = Facility(name="Nhà máy Thăng Long", commune_code="00493", address="KCN",
                        enterprise_id=filer.enterprise_id)
    periods = [ReportingPeriod(form=FormKind.GHG_INVENTORY, name=f"Kỳ {year}", first_data_year=year - 2,
                               last_data_year=year - 1, opens_on=dt.date(year, 1, 1),
                               due_on=dt.date(year, 3, 31)) for year in (2024, 2026)]
    session.add_all([facility, *periods])
    session.flush()
    first = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                 document={**DOCUMENT, "gwp_set": "AR4"}, period_id=periods[0].id)
    filing.submit_report(session, filer, first.id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    accept_after_review(session, reviewer, first.id)
    session.commit()

    second = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                  document={**DOCUMENT, "gwp_set": "AR5"}, period_id=periods[1].id)
    changed = [w for w in second.result["warnings"] if w["code"] == "gwp_set_changed"]
    assert [w["path"] for w in changed] == ["gwp_set"]
    assert "AR4" in changed[0]["message_vi"] and "AR5" in changed[0]["message_vi"]
    # The same set as before: no warning.
    same = filing.update_report(session, filer, second.id, document={**DOCUMENT, "gwp_set": "AR4"},
                                expected_revision=second.revision)
    assert not [w for w in same.result["warnings"] if w["code"] == "gwp_set_changed"]
