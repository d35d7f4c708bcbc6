"""The JSON API as the contract describes it, through the real application."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.models import ReportVersion
from tests.conftest import TEST_PASSWORD
from tests.web.conftest import token_for

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


def document(name="ghg-worked-examples.json"):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def filer(api_filer):
    return api_filer


def create(client, filer, doc=None):
    return client.post("/api/v1/reports", headers=filer["headers"], json={
        "form": "ghg-inventory", "facility_id": filer["facility_id"], "document": doc or document()})


def test_tokens_answer_the_same_for_unknown_email_and_wrong_password(client, make_user):
    _, email = make_user("reviewer")
    unknown = client.post("/api/v1/tokens", json={"email": "nobody@x.vn", "password": TEST_PASSWORD})
    wrong = client.post("/api/v1/tokens", json={"email": email, "password": "wrong-password!"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_json() == wrong.get_json()
    assert unknown.get_json()["errors"][0]["message_vi"]


def test_no_token_no_data(client):
    response = client.get("/api/v1/facilities")
    assert response.status_code == 401
    assert set(response.get_json()["errors"][0]) >= {"path", "code", "message", "message_vi"}
    assert client.get("/api/v1/facilities", headers={"Authorization": "Bearer itk_forged"}).status_code == 401


def test_facilities_are_scoped_and_can_be_added(client, filer):
    listed = client.get("/api/v1/facilities", headers=filer["headers"]).get_json()
    assert [f["name"] for f in listed] == ["Công ty Ví dụ – Nhà máy Thăng Long"]
    assert set(listed[0]) >= {"id", "tax_code", "name", "commune_code"}
    created = client.post("/api/v1/facilities", headers=filer["headers"], json={
        "name": "Kho Sóc Sơn", "address": "Sóc Sơn", "commune_code": "00385"})
    assert created.status_code == 201 and created.get_json()["tax_code"] == "0100112437"
    outside = client.post("/api/v1/facilities", headers=filer["headers"], json={
        "name": "Nhà máy Bắc Ninh", "address": "", "commune_code": "99999"})
    assert outside.status_code == 422
    assert outside.get_json()["errors"][0]["path"] == "commune_code"


def test_a_valid_report_is_created_calculated_and_submitted(client, filer, session):
    response = create(client, filer)
    assert response.status_code == 201
    report = response.get_json()
    assert report["status"] == "draft" and report["version"] == 1 and report["id"]
    assert report["result"]["valid"] is True
    assert float(report["result"]["years"]["2022"]["total_tco2e"]) == pytest.approx(31150.36, rel=1e-9)
    assert response.headers["ETag"] == report["etag"]
    submitted = client.post(f"/api/v1/reports/{report['id']}/submit", headers=filer["headers"],
                            json={"certify": True, "password": TEST_PASSWORD})
    assert submitted.status_code == 200, submitted.get_json()
    body = submitted.get_json()
    assert body["status"] == "submitted" and len(body["versions"]) == 1
    version = session.scalar(select(ReportVersion))
    assert version.sha256 == body["versions"][0]["sha256"] and len(version.sha256) == 64
    assert version.gwp_set == "AR5" and version.factor_library_version


def test_a_draft_with_errors_is_kept_and_reports_them(client, filer):
    response = create(client, filer, document("ghg-invalid-example.json"))
    assert response.status_code == 201
    report = response.get_json()
    paths = {e["path"] for e in report["result"]["errors"]}
    assert {"facility.tax_code", "years[0].sources[0].quantity", "years[0].sources[1].unit"} <= paths
    fetched = client.get(f"/api/v1/reports/{report['id']}", headers=filer["headers"])
    assert fetched.status_code == 200 and fetched.get_json()["status"] == "draft"


def test_submitting_an_invalid_draft_is_422_and_the_draft_stays(client, filer):
    report = create(client, filer, document("ghg-invalid-example.json")).get_json()
    response = client.post(f"/api/v1/reports/{report['id']}/submit", headers=filer["headers"],
                           json={"certify": True, "password": TEST_PASSWORD})
    assert response.status_code == 422
    assert any(e["path"] == "years[0].sources[0].quantity" for e in response.get_json()["errors"])
    again = client.get(f"/api/v1/reports/{report['id']}", headers=filer["headers"]).get_json()
    assert again["status"] == "draft" and again["versions"] == []


def test_submit_needs_the_password_and_the_certification(client, filer):
    report = create(client, filer).get_json()
    url = f"/api/v1/reports/{report['id']}/submit"
    wrong = client.post(url, headers=filer["headers"], json={"certify": True, "password": "sai-mat-khau"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["path"] == "password"
    uncertified = client.post(url, headers=filer["headers"], json={"certify": False, "password": TEST_PASSWORD})
    assert uncertified.status_code == 422 and uncertified.get_json()["errors"][0]["path"] == "certify"
    assert client.get(f"/api/v1/reports/{report['id']}", headers=filer["headers"]).get_json()["status"] == "draft"


def test_a_second_submit_does_not_submit_twice(client, filer, session):
    report = create(client, filer).get_json()
    url = f"/api/v1/reports/{report['id']}/submit"
    first = client.post(url, headers=filer["headers"], json={"certify": True, "password": TEST_PASSWORD})
    second = client.post(url, headers=filer["headers"], json={"certify": True, "password": TEST_PASSWORD})
    assert first.status_code == 200 and second.status_code == 409
    assert len(session.scalars(select(ReportVersion)).all()) == 1


def test_updates_need_the_current_etag(client, filer):
    created = create(client, filer)
    report, etag = created.get_json(), created.headers["ETag"]
    url = f"/api/v1/reports/{report['id']}"
    changed = document()
    changed["years"][1]["sources"][0]["quantity"] = "2000"
    missing = client.put(url, headers=filer["headers"], json={"document": changed})
    assert missing.status_code == 428
    ok = client.put(url, headers={**filer["headers"], "If-Match": etag}, json={"document": changed})
    assert ok.status_code == 200
    assert float(ok.get_json()["result"]["years"]["2023"]["total_tco2e"]) == pytest.approx(1318.4)
    stale = client.put(url, headers={**filer["headers"], "If-Match": etag}, json={"document": document()})
    assert stale.status_code in (409, 412)
    latest = client.get(url, headers=filer["headers"]).get_json()
    assert latest["document"]["years"][1]["sources"][0]["quantity"] == 2000


def test_a_submitted_report_cannot_be_changed(client, filer):
    created = create(client, filer)
    report = created.get_json()
    client.post(f"/api/v1/reports/{report['id']}/submit", headers=filer["headers"],
                json={"certify": True, "password": TEST_PASSWORD})
    current = client.get(f"/api/v1/reports/{report['id']}", headers=filer["headers"])
    response = client.put(f"/api/v1/reports/{report['id']}",
                          headers={**filer["headers"], "If-Match": current.headers["ETag"]},
                          json={"document": document()})
    assert response.status_code == 409


def test_another_enterprise_sees_nothing(client, filer, make_user):
    report = create(client, filer).get_json()
    _, other_email = make_user("enterprise", tax_code="0300588569")
    other = token_for(client, other_email)
    assert client.get(f"/api/v1/reports/{report['id']}", headers=other).status_code in (403, 404)
    body = client.get(f"/api/v1/reports/{report['id']}", headers=other).get_data(as_text=True)
    assert "Thăng Long" not in body and "0100112437" not in body
    assert client.get("/api/v1/facilities", headers=other).get_json() == []
    stolen = client.post("/api/v1/reports", headers=other, json={
        "form": "ghg-inventory", "facility_id": filer["facility_id"], "document": document()})
    assert stolen.status_code in (403, 404)
    assert client.get(f"/api/v1/reports/{report['id']}/receipt.pdf", headers=other).status_code in (403, 404)


@pytest.mark.parametrize("body, content_type, status", [
    ("{not json", "application/json", 400),
    ("form=ghg-inventory", "application/x-www-form-urlencoded", 415),
    (json.dumps({"form": "ghg-inventory", "facility_id": "1", "document": {}}), "application/json", 422),
    (json.dumps({"form": "unknown", "facility_id": 1, "document": {}}), "application/json", 422),
    (json.dumps({"form": "ghg-inventory", "facility_id": 1, "document": []}), "application/json", 422),
    (json.dumps([1, 2]), "application/json", 422),
])
def test_bad_requests_get_clear_answers_never_500(client, filer, body, content_type, status):
    response = client.post("/api/v1/reports", headers=filer["headers"], data=body, content_type=content_type)
    assert response.status_code == status
    errors = response.get_json()["errors"]
    assert errors and all({"path", "code", "message", "message_vi"} <= set(e) for e in errors)


def test_oversized_bodies_are_refused(client, filer, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/v1/reports", headers=filer["headers"],
                           data=json.dumps({"document": {"x": "y" * 5000}}), content_type="application/json")
    assert response.status_code == 413


def test_only_enterprise_users_create_reports(client, make_user, filer):
    _, email = make_user("reviewer")
    reviewer = token_for(client, email)
    response = client.post("/api/v1/reports", headers=reviewer, json={
        "form": "ghg-inventory", "facility_id": filer["facility_id"], "document": document()})
    assert response.status_code == 403


def test_the_openapi_description_is_served(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/tokens", "/api/v1/reports", "/api/v1/reports/{report_id}/submit"} <= set(spec["paths"])


def test_decimals_survive_exactly(client, filer):
    doc = document()
    doc["years"][1]["sources"][0]["quantity"] = 0.1
    report = create(client, filer, doc).get_json()
    assert float(report["result"]["years"]["2023"]["total_tco2e"]) == pytest.approx(0.06592, rel=1e-12)
    raw = client.get(f"/api/v1/reports/{report['id']}", headers=filer["headers"]).get_data(as_text=True)
    assert '"quantity":0.1' in raw.replace(" ", "")


def submitted(client, filer):
    report = create(client, filer).get_json()
    response = client.post(f"/api/v1/reports/{report['id']}/submit", headers=filer["headers"],
                           json={"certify": True, "password": TEST_PASSWORD})
    assert response.status_code == 200
    return report["id"]


def test_review_return_resubmit_accept_through_the_api(client, filer, make_user):
    report_id = submitted(client, filer)
    _, reviewer_email = make_user("reviewer")
    reviewer = token_for(client, reviewer_email)
    # An enterprise never reviews, not even its own report.
    assert client.post(f"/api/v1/reports/{report_id}/review", headers=filer["headers"],
                       json={"action": "accept"}).status_code == 403
    returned = client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json={
        "action": "return", "comments": [
            {"path": "years[0].sources[2].quantity", "message": "Kiểm tra lại lượng than"},
            {"path": "", "message": "Ghi chú nội bộ", "internal": True}]})
    assert returned.status_code == 200 and returned.get_json()["status"] == "returned"
    seen_by_filer = client.get(f"/api/v1/reports/{report_id}", headers=filer["headers"])
    messages = [c["message"] for c in seen_by_filer.get_json()["comments"]]
    assert messages == ["Kiểm tra lại lượng than"]  # the internal note stays internal
    changed = document()
    changed["years"][0]["sources"][2]["quantity"] = "9000"
    updated = client.put(f"/api/v1/reports/{report_id}", json={"document": changed},
                         headers={**filer["headers"], "If-Match": seen_by_filer.headers["ETag"]})
    assert updated.status_code == 200
    again = client.post(f"/api/v1/reports/{report_id}/submit", headers=filer["headers"],
                        json={"certify": True, "password": TEST_PASSWORD})
    assert again.status_code == 200 and len(again.get_json()["versions"]) == 2
    accepted = client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json={"action": "accept"})
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    # Accepted is final: no second accept, no return.
    assert client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer,
                       json={"action": "return", "comments": [{"message": "x"}]}).status_code == 409


def test_a_return_needs_a_comment(client, filer, make_user):
    report_id = submitted(client, filer)
    _, reviewer_email = make_user("reviewer")
    response = client.post(f"/api/v1/reports/{report_id}/review", headers=token_for(client, reviewer_email),
                           json={"action": "return"})
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_only_reviewers_review(client, filer, make_user, role):
    report_id = submitted(client, filer)
    _, email = make_user(role)
    response = client.post(f"/api/v1/reports/{report_id}/review", headers=token_for(client, email),
                           json={"action": "accept"})
    assert response.status_code in (403, 404)


def test_the_receipt_is_a_pdf_naming_the_facility_and_the_sha256(client, filer):
    import io

    from pypdf import PdfReader

    report_id = submitted(client, filer)
    response = client.get(f"/api/v1/reports/{report_id}/receipt.pdf", headers=filer["headers"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    sha = client.get(f"/api/v1/reports/{report_id}", headers=filer["headers"]).get_json()["versions"][0]["sha256"]
    assert "Công ty Ví dụ – Nhà máy Thăng Long" in text and sha in text


def test_no_receipt_before_submission(client, filer):
    report = create(client, filer).get_json()
    assert client.get(f"/api/v1/reports/{report['id']}/receipt.pdf", headers=filer["headers"]).status_code == 404


def test_a_document_naming_another_enterprise_is_flagged(client, filer):
    doc = document()
    doc["facility"]["tax_code"] = "0300588569"
    report = create(client, filer, doc).get_json()
    warnings = [w for w in report["result"]["warnings"] if w["code"] == "facility_mismatch"]
    assert warnings and warnings[0]["path"] == "facility.tax_code" and "0100112437" in warnings[0]["message_vi"]


def test_a_declaration_is_checked_against_the_ghg_inventory_of_the_same_year(client, filer):
    ghg = document()
    ghg["years"] = [{"year": 2025, "sources": [
        {"id": "E", "category": "purchased_electricity", "supply": "grid", "quantity": "20000", "unit": "MWh"}]}]
    assert create(client, filer, ghg).status_code == 201
    declaration = json.loads((DATA.parent / "declaration" / "paper-mill-2025.json").read_text(encoding="utf-8"))
    declaration["facility"]["tax_code"] = "0100112437"
    response = client.post("/api/v1/reports", headers=filer["headers"], json={
        "form": "env-declaration", "facility_id": filer["facility_id"], "document": declaration})
    assert response.status_code == 201
    warnings = {w["code"]: w for w in response.get_json()["result"]["warnings"]}
    mismatch = warnings["energy_mismatch_ghg"]
    assert mismatch["path"] == "energy.electricity_kwh"
    assert "31500 MWh" in mismatch["message_vi"] and "20000 MWh" in mismatch["message_vi"]


def test_the_api_has_a_readable_documentation_page(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/reports/{report_id}/submit" in html and "POST" in html
