"""The review through the API after issue 14: the contract's body keeps working (an accept of a
submitted report starts its review itself), comments carry their thread (`id`, `replies`,
`status`), and the desk's rules hold where the caller states them (checklist, open comments)."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.models import ReportEvent
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import token_for

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))
COAL = "years[0].sources[2].quantity"


@pytest.fixture
def submitted(client, api_filer):
    report = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": DOCUMENT}).get_json()
    response = client.post(f"/api/v1/reports/{report['id']}/submit", headers=api_filer["headers"],
                           json={"certify": True, "password": TEST_PASSWORD})
    assert response.status_code == 200
    return report["id"]


@pytest.fixture
def reviewer(client, make_user):
    _, email = make_user("reviewer")
    return token_for(client, email)


def review(client, reviewer, report_id, **body):
    return client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json=body)


def test_the_contracts_accept_of_a_submitted_report_starts_its_review(client, session, reviewer, submitted):
    accepted = review(client, reviewer, submitted, action="accept",
                      comments=[{"path": "", "message": "Ghi chú khi chấp nhận"}])
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    moves = session.scalars(select(ReportEvent.action).where(ReportEvent.report_id == submitted)
                            .order_by(ReportEvent.id)).all()
    assert moves == ["create", "submit", "start_review", "accept"]
    (note,) = accepted.get_json()["comments"]
    assert note["internal"] and note["message"] == "Ghi chú khi chấp nhận"
    assert {"id", "path", "message", "version", "internal", "released", "status", "replies"} <= set(note)


def test_comments_come_with_their_thread_and_block_a_strict_accept(client, api_filer, reviewer, submitted):
    returned = review(client, reviewer, submitted, action="return",
                      comments=[{"path": COAL, "message": "Kiểm tra lại lượng than"}])
    assert returned.status_code == 200
    seen = client.get(f"/api/v1/reports/{submitted}", headers=api_filer["headers"])
    (comment,) = seen.get_json()["comments"]
    assert comment["status"] == "open" and comment["replies"] == [] and comment["path"] == COAL
    assert comment["place_vi"] == "Năm 2022 › Nguồn S3 › Số liệu hoạt động"
    changed = json.loads(json.dumps(DOCUMENT))
    changed["years"][0]["sources"][2]["quantity"] = "9000"
    assert client.put(f"/api/v1/reports/{submitted}", json={"document": changed}, headers={
        **api_filer["headers"], "If-Match": seen.headers["ETag"]}).status_code == 200
    assert client.post(f"/api/v1/reports/{submitted}/submit", headers=api_filer["headers"],
                       json={"certify": True, "password": TEST_PASSWORD}).status_code == 200

    strict = review(client, reviewer, submitted, action="accept", close_open_threads=False)
    assert strict.status_code == 409
    (error,) = strict.get_json()["errors"]
    assert error["code"] == "open_threads"
    assert "Năm 2022 › Nguồn S3 › Số liệu hoạt động" in error["message_vi"]
    assert "2022" in error["message"] and "Kiểm tra lại lượng than" in error["message"]
    # The contract's body closes them on acceptance, each recorded with the note.
    accepted = review(client, reviewer, submitted, action="accept", note="Đã đối chiếu")
    assert accepted.status_code == 200
    (comment,) = [c for c in accepted.get_json()["comments"] if not c["internal"]]
    assert comment["status"] == "closed" and comment["resolution_note"] == "Đã đối chiếu"


def test_a_checklist_sent_or_recorded_must_be_ticked_or_explained(client, reviewer, submitted):
    partial = review(client, reviewer, submitted, action="accept",
                     checklist={"completeness": {"ok": True}, "activity_data": {"ok": False}})
    assert partial.status_code == 422
    (error,) = partial.get_json()["errors"]
    assert error["code"] == "checklist_incomplete" and error["path"] == "checklist"
    assert "Số liệu hoạt động có căn cứ" in error["message_vi"] and "Activity data" in error["message"]
    assert client.get(f"/api/v1/reports/{submitted}", headers=reviewer).get_json()["status"] == "submitted"
    whole = {key: {"ok": True} for key in ("completeness", "boundary_scope", "sources_gases",
                                           "methods_factors", "quality_uncertainty")}
    whole["activity_data"] = {"ok": False, "note": "Hóa đơn gửi bổ sung sau"}
    accepted = review(client, reviewer, submitted, action="accept", checklist=whole)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert review(client, reviewer, submitted, action="accept").status_code == 409  # accepted is final
