"""The API submits a report only when each of its warnings is explained in the document's
`acknowledgements`, exactly as the web does (contract: 422, the report stays a draft)."""
import json
from pathlib import Path

from sqlalchemy import select

from intake.models import ReportVersion
from tests.conftest import TEST_PASSWORD

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


def with_a_provisional_grid_factor():
    """The worked example moved to 2025, whose grid factor is not yet published: its purchased
    electricity line is calculated with a provisional factor and warned about."""
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    document["years"][0]["year"] = 2025
    return document


def test_an_unexplained_warning_refuses_the_submission_until_it_is_explained(client, api_filer, session):
    headers = api_filer["headers"]
    created = client.post("/api/v1/reports", headers=headers, json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"],
        "document": with_a_provisional_grid_factor()})
    report = created.get_json()
    warnings = report["result"]["warnings"]
    assert report["result"]["valid"] is True and warnings
    url = f"/api/v1/reports/{report['id']}/submit"

    refused = client.post(url, headers=headers, json={"certify": True, "password": TEST_PASSWORD})
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [(w["path"], "warning_not_explained") for w in warnings]
    assert all(e["message"] and e["message_vi"] for e in errors)
    draft = client.get(f"/api/v1/reports/{report['id']}", headers=headers)
    assert draft.get_json()["status"] == "draft" and draft.get_json()["versions"] == []
    assert session.scalar(select(ReportVersion)) is None

    explained = dict(draft.get_json()["document"], acknowledgements=[
        {"path": w["path"], "code": w["code"], "reason": "Hệ số lưới điện năm 2025 chưa công bố"}
        for w in warnings])
    saved = client.put(f"/api/v1/reports/{report['id']}", json={"document": explained},
                       headers={**headers, "If-Match": draft.headers["ETag"]})
    assert saved.status_code == 200
    assert all(w["acknowledged"] for w in saved.get_json()["result"]["warnings"])
    submitted = client.post(url, headers=headers, json={"certify": True, "password": TEST_PASSWORD})
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"


def test_a_reason_left_blank_explains_nothing(client, api_filer):
    headers = api_filer["headers"]
    document = with_a_provisional_grid_factor()
    document["acknowledgements"] = [{"path": "years[0].sources[3]", "code": "provisional_grid_factor",
                                     "reason": "   "}]
    report = client.post("/api/v1/reports", headers=headers, json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document}).get_json()
    refused = client.post(f"/api/v1/reports/{report['id']}/submit", headers=headers,
                          json={"certify": True, "password": TEST_PASSWORD})
    assert refused.status_code == 422
    assert {e["code"] for e in refused.get_json()["errors"]} == {"warning_not_explained"}


def test_a_document_naming_another_tax_code_is_submitted_once_that_is_explained(client, api_filer):
    headers = api_filer["headers"]
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    document["facility"] = {**document.get("facility", {}), "tax_code": "0100109106"}
    report = client.post("/api/v1/reports", headers=headers, json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document}).get_json()
    url = f"/api/v1/reports/{report['id']}/submit"
    refused = client.post(url, headers=headers, json={"certify": True, "password": TEST_PASSWORD})
    assert refused.status_code == 422
    assert [e["path"] for e in refused.get_json()["errors"]] == ["facility.tax_code"]
    current = client.get(f"/api/v1/reports/{report['id']}", headers=headers)
    explained = dict(current.get_json()["document"], acknowledgements=[
        {"path": "facility.tax_code", "code": "facility_mismatch", "reason": "Mã số thuế của công ty mẹ"}])
    client.put(f"/api/v1/reports/{report['id']}", json={"document": explained},
               headers={**headers, "If-Match": current.headers["ETag"]})
    assert client.post(url, headers=headers, json={"certify": True, "password": TEST_PASSWORD}).status_code == 200
