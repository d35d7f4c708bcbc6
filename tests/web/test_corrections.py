"""Corrections after acceptance (issue 15, Circular 38 Art. 22), through the API and the web.

A certifier amends an accepted report with a reason; the accepted version stays the one counted
until the correction is accepted, then only the new one counts, however many corrections follow:
never both, never drift. Quantities a float cannot hold, compared as Decimals.
"""
import copy
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from intake.domain import jsonio
from intake.domain.facts import EXACT
from intake.models import Report, User
from intake.services.statistics import rebuild
from tests.conftest import csrf_token_from, log_in
from tests.web.conftest import token_for

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
Q1, Q2, Q3 = "1000.123456789012345678", "1234.987654321098765432", "999.000000000000000001"
REASON = "Sai khối lượng dầu diesel của lò hơi S1 (hóa đơn tháng 12 nhập thiếu)"


def document_with(quantity: str) -> dict:
    document = copy.deepcopy(DOCUMENT)
    document["years"][0]["sources"][0]["quantity"] = quantity
    return document


def body(response):
    """The JSON answer read exactly (Decimals, never floats)."""
    return jsonio.loads(response.get_data())


class Desk:
    """The API as a filer, a reviewer and an analyst use it."""

    def __init__(self, client, make_user):
        self.client = client
        _, filer = make_user("enterprise", tax_code="0100112437")
        _, reviewer = make_user("reviewer")
        _, analyst = make_user("analyst")
        self.filer_email = filer
        self.filer, self.reviewer, self.analyst = (token_for(client, e) for e in (filer, reviewer, analyst))
        response = client.post("/api/v1/facilities", headers=self.filer, json={
            "name": "Nhà máy Đính Chính", "address": "KCN Thăng Long", "commune_code": "00493"})
        assert response.status_code == 201, response.get_json()
        self.facility_id = response.get_json()["id"]

    def create(self, quantity: str) -> int:
        response = self.client.post("/api/v1/reports", headers=self.filer, json={
            "form": "ghg-inventory", "facility_id": self.facility_id, "document": document_with(quantity)})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def get(self, report_id: int, who=None) -> dict:
        response = self.client.get(f"/api/v1/reports/{report_id}", headers=who or self.filer)
        assert response.status_code == 200, response.get_json()
        return body(response)

    def save(self, report_id: int, quantity: str) -> dict:
        etag = self.get(report_id)["etag"]
        response = self.client.put(f"/api/v1/reports/{report_id}", headers={**self.filer, "If-Match": etag},
                                   json={"document": document_with(quantity)})
        assert response.status_code == 200, response.get_json()
        return body(response)

    def submit(self, report_id: int) -> dict:
        from tests.conftest import TEST_PASSWORD

        response = self.client.post(f"/api/v1/reports/{report_id}/submit", headers=self.filer,
                                    json={"certify": True, "password": TEST_PASSWORD})
        assert response.status_code == 200, response.get_json()
        return body(response)

    def review(self, report_id: int, action: str, note: str = "") -> dict:
        response = self.client.post(f"/api/v1/reports/{report_id}/review", headers=self.reviewer,
                                    json={"action": action, "comments": [], "note": note})
        assert response.status_code == 200, response.get_json()
        return body(response)

    def amend(self, report_id: int, reason=REASON, who=None):
        payload = {} if reason is None else {"reason": reason}
        return self.client.post(f"/api/v1/reports/{report_id}/amend", headers=who or self.filer, json=payload)

    def rows(self) -> list[dict]:
        response = self.client.get("/api/v1/statistics/ghg?year=2022&group_by=facility", headers=self.analyst)
        assert response.status_code == 200, response.get_json()
        return [row for row in body(response)["rows"] if row["facility_id"] == self.facility_id]

    def counted(self) -> Decimal:
        """The facility's 2022 total in the statistics: exactly one row, its total."""
        rows = self.rows()
        assert len(rows) == 1, rows
        return rows[0]["total_tco2e"]


def total_2022(report: dict) -> Decimal:
    return Decimal(str(report["result"]["years"]["2022"]["total_tco2e"]))


@pytest.fixture
def desk(client, make_user):
    return Desk(client, make_user)


@pytest.fixture
def accepted(desk):
    report_id = desk.create(Q1)
    desk.submit(report_id)
    report = desk.review(report_id, "accept")
    assert report["status"] == "accepted" and report["accepted_version"] == 1
    return report_id, total_2022(report)


def test_only_the_accepted_version_counts_through_every_correction(desk, accepted, session):
    report_id, t1 = accepted
    assert isinstance(t1, Decimal) and t1 > 0
    assert desk.counted() == t1

    response = desk.amend(report_id)
    assert response.status_code == 200, response.get_json()
    amended = body(response)
    assert amended["status"] == "draft" and amended["accepted_version"] == 1
    # The working copy starts from the accepted version, every digit kept.
    assert str(amended["document"]["years"][0]["sources"][0]["quantity"]) == Q1
    assert desk.counted() == t1

    t2 = total_2022(desk.save(report_id, Q2))
    assert t2 != t1
    desk.submit(report_id)
    assert desk.counted() == t1
    desk.review(report_id, "return", note="Cần đính kèm hóa đơn")
    assert desk.counted() == t1
    rebuild(session)  # `intake statistics rebuild` during a correction: still the accepted one
    session.commit()
    assert desk.counted() == t1
    desk.submit(report_id)
    assert desk.counted() == t1
    report = desk.review(report_id, "accept")
    assert report["status"] == "accepted" and report["accepted_version"] == 3
    assert desk.counted() == t2

    # A second correction: only its figures once accepted, never both.
    assert desk.amend(report_id, "Bổ sung nguồn thải bị bỏ sót").status_code == 200
    t3 = total_2022(desk.save(report_id, Q3))
    desk.submit(report_id)
    rebuild(session)
    session.commit()
    assert desk.counted() == t2
    report = desk.review(report_id, "accept")
    assert report["accepted_version"] == 4 and [v["number"] for v in report["versions"]] == [1, 2, 3, 4]
    assert desk.counted() == t3 and desk.counted() not in (t1 + t3, t2 + t3)
    rebuild(session)
    session.commit()
    assert desk.counted() == t3
    # The analyst sees the report throughout (its accepted version counts).
    assert desk.get(report_id, desk.analyst)["accepted_version"] == 4


def test_an_analyst_reads_the_accepted_version_while_a_correction_is_open(desk, accepted):
    report_id, t1 = accepted
    assert desk.amend(report_id).status_code == 200
    draft = desk.save(report_id, Q2)
    assert total_2022(draft) != t1
    # The filer works on the correction; the analyst reads what the statistics count.
    seen = desk.get(report_id, who=desk.analyst)
    assert str(seen["document"]["years"][0]["sources"][0]["quantity"]) == Q1
    assert total_2022(seen) == t1
    assert str(desk.get(report_id)["document"]["years"][0]["sources"][0]["quantity"]) == Q2


def test_the_sector_totals_have_no_drift_between_lines_and_groupings(desk, accepted):
    report_id, t1 = accepted
    desk.amend(report_id)
    desk.save(report_id, Q2)
    for group_by in ("sector", "category", "commune", "year"):
        response = desk.client.get(f"/api/v1/statistics/ghg?year=2022&group_by={group_by}", headers=desk.analyst)
        rows = body(response)["rows"]
        total = Decimal(0)
        for row in rows:
            total = EXACT.add(total, row["total_tco2e"])  # every digit (the default context keeps 28)
        assert total == t1, group_by


def test_only_an_accepted_report_can_be_amended(desk):
    report_id = desk.create(Q1)
    for stage in ("draft", "submitted"):
        response = desk.amend(report_id)
        assert response.status_code == 409, response.get_json()
        error = response.get_json()["errors"][0]
        assert error["code"] == "not_accepted" and error["message"] and "đính chính" in error["message_vi"]
        assert desk.get(report_id)["status"] == stage
        if stage == "draft":
            desk.submit(report_id)


def test_a_reason_is_required_and_bounded(desk, accepted):
    report_id, _ = accepted
    for reason in (None, "", "   "):
        response = desk.amend(report_id, reason)
        assert response.status_code == 422, response.get_json()
        assert [e["path"] for e in response.get_json()["errors"]] == ["reason"]
    response = desk.amend(report_id, "x" * 2001)
    assert response.status_code == 422 and response.get_json()["errors"][0]["path"] == "reason"
    assert response.get_json()["errors"][0]["code"] == "too_long"
    assert desk.get(report_id)["status"] == "accepted"


def test_only_a_certifier_of_the_enterprise_amends(desk, accepted, make_user, client, session):
    report_id, t1 = accepted
    for who in (desk.reviewer, desk.analyst):
        response = desk.amend(report_id, who=who)
        assert response.status_code in (403, 404), response.get_json()
    _, other = make_user("enterprise", tax_code="0100109106")
    assert desk.amend(report_id, who=token_for(client, other)).status_code == 404
    # A preparer of the same enterprise (`can_certify` false) prepares but never certifies.
    preparer_id, preparer_email = make_user("enterprise", tax_code="0100112437", email="lap@congty.vn")
    preparer = session.get(User, preparer_id)
    if not hasattr(preparer, "can_certify"):
        pytest.skip("no preparer capability yet")
    preparer.can_certify = False
    session.commit()
    assert desk.amend(report_id, who=token_for(client, preparer_email)).status_code == 403
    assert desk.get(report_id)["status"] == "accepted" and desk.counted() == t1


def test_the_copy_of_record_of_a_correction_names_the_version_and_the_reason(desk, accepted):
    report_id, _ = accepted
    desk.amend(report_id)
    desk.save(report_id, Q2)
    desk.submit(report_id)
    response = desk.client.get(f"/api/v1/reports/{report_id}/versions/2/record.pdf", headers=desk.filer)
    assert response.status_code == 200
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Đính chính phiên bản" in text and "Corrects version" in text
    assert " ".join(REASON.split()[:4]) in text
    first = desk.client.get(f"/api/v1/reports/{report_id}/versions/1/record.pdf", headers=desk.filer)
    assert "Đính chính phiên bản" not in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(first.data)).pages)


# --- the web --------------------------------------------------------------------------------

def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_certifier_corrects_on_the_web_and_the_history_keeps_every_version(desk, accepted, client, app):
    report_id, _ = accepted
    web = app.test_client()
    log_in(web, desk.filer_email)
    history = _page(web, f"/reports/{report_id}/history")
    assert "data-amend" in history and f"/reports/{report_id}/amend" in history
    form = _page(web, f"/reports/{report_id}/amend")
    token = csrf_token_from(form)
    refused = web.post(f"/reports/{report_id}/amend", data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 422 and desk.get(report_id)["status"] == "accepted"
    assert web.post(f"/reports/{report_id}/amend", data={"reason": REASON}).status_code == 400  # no CSRF
    response = web.post(f"/reports/{report_id}/amend", data={"csrf_token": token, "reason": REASON})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/reports/{report_id}")
    edit = _page(web, f"/reports/{report_id}")
    assert "data-correction" in edit and REASON in edit
    desk.save(report_id, Q2)
    desk.submit(report_id)
    history = _page(web, f"/reports/{report_id}/history")
    assert history.count("data-counted") == 1 and REASON in history
    desk.review(report_id, "accept")
    history = _page(web, f"/reports/{report_id}/history")
    assert history.count("data-counted") == 1
    assert all(f"/versions/{n}/report.pdf" in history for n in (1, 2))
    counted_row = history.split("data-counted")[0].rsplit("<tr>", 1)[1]
    assert "<td>2" in counted_row  # the correction, now accepted, is the one that counts


def test_a_preparer_does_not_see_the_way_to_correct(desk, accepted, make_user, session, app):
    report_id, _ = accepted
    preparer_id, email = make_user("enterprise", tax_code="0100112437", email="lap2@congty.vn")
    preparer = session.get(User, preparer_id)
    if not hasattr(preparer, "can_certify"):
        pytest.skip("no preparer capability yet")
    preparer.can_certify = False
    session.commit()
    web = app.test_client()
    log_in(web, email)
    assert "data-amend" not in _page(web, f"/reports/{report_id}/history")
    assert web.get(f"/reports/{report_id}/amend").status_code == 403


def test_the_desk_reads_a_correction_as_a_correction(desk, accepted, make_user, app, session):
    report_id, _ = accepted
    desk.amend(report_id)
    desk.save(report_id, Q2)
    desk.submit(report_id)
    reviewer_email = session.scalar(select(User.email).where(User.role == "reviewer"))
    web = app.test_client()
    log_in(web, reviewer_email)
    queue = _page(web, "/review")
    assert "data-correction" in queue and REASON in queue
    workspace = _page(web, f"/review/{report_id}")
    assert "data-correction" in workspace and REASON in workspace
    section = workspace.split('id="correction-title"')[1].split("</section>")[0]
    assert "diff-changed" in section and "987654321098765432" in section
    notices = _page(web, "/notifications")
    assert "notice-amended" in notices and "notice-correction_submitted" in notices and REASON in notices
    # The analyst still reads the report in its accepted version's statistics only.
    assert session.scalar(select(Report.accepted_version_number).where(Report.id == report_id)) == 1
