"""Digitally signed copies of record (issue 15, contract.md): the certifier downloads the copy of
record, signs it (PAdES, pyHanko, a throwaway CA's certificate) and uploads it; the portal
verifies it and names every failure. Real PDFs, real signatures, both databases."""
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader
from sqlalchemy import func, select

from intake.models import AuditEntry, Report, ReportVersion, VersionRecord, VersionSignature
from intake.services.documents_pdf import full_report_pdf_file
from intake.services.trust_store import TrustStore
from intake.storage import blob_store
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in, run_cli
from tests.signing_ca import TestCA
from tests.web.conftest import token_for

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))
TAX_CODE = "0100112437"
OTHER_TAX_CODE = "0100109106"


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture(scope="module")
def certificates(ca):
    """The enterprise's good certificate and the bad variants (made once per module)."""
    return {"good": ca.enterprise(TAX_CODE), "other_enterprise": ca.enterprise(OTHER_TAX_CODE),
            "expired": ca.expired(TAX_CODE),
            "no_non_repudiation": ca.enterprise(TAX_CODE, non_repudiation=False),
            "untrusted_ca": TestCA("CA Không Tin Cậy").enterprise(TAX_CODE)}


def _submit(client, headers, facility_id) -> int:
    report = client.post("/api/v1/reports", headers=headers, json={
        "form": "ghg-inventory", "facility_id": facility_id, "document": DOCUMENT})
    assert report.status_code == 201, report.get_json()
    submitted = client.post(f"/api/v1/reports/{report.get_json()['id']}/submit", headers=headers,
                            json={"certify": True, "password": TEST_PASSWORD})
    assert submitted.status_code == 200, submitted.get_json()
    return report.get_json()["id"]


@pytest.fixture
def filed(client, api_filer):
    return {"id": _submit(client, api_filer["headers"], api_filer["facility_id"]), **api_filer}


@pytest.fixture
def reviewer(client, make_user):
    _, email = make_user("reviewer")
    return {"headers": token_for(client, email), "email": email}


def record_of(client, headers, report_id, number=1) -> bytes:
    response = client.get(f"/api/v1/reports/{report_id}/versions/{number}/record.pdf", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.get_data()


def upload(client, headers, report_id, data: bytes, number=1, name="ban-luu-da-ky.pdf"):
    return client.post(f"/api/v1/reports/{report_id}/versions/{number}/signature", headers=headers,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def refused_with(response, code: str) -> dict:
    assert response.status_code == 422, response.get_data(as_text=True)
    (error,) = response.get_json()["errors"]
    assert error["code"] == code, error
    assert error["message"] and error["message_vi"] and error["message"] != error["message_vi"]
    return error


def trust(app, ca) -> None:
    TrustStore(Path(app.instance_path) / "trust").add(ca.pem)


def _signature_rows(session) -> int:
    return session.scalar(select(func.count()).select_from(VersionSignature))


def test_the_contracts_check_in_order(app, client, session, filed, ca, certificates):
    record = record_of(client, filed["headers"], filed["id"])
    signed = certificates["good"].sign(record)

    # Before the CA is in the trust store: untrusted, and nothing is stored.
    refused_with(upload(client, filed["headers"], filed["id"], signed), "signature_untrusted")
    assert _signature_rows(session) == 0
    added = run_cli("trust", "add", str(_pem_file(app, ca.pem)),
                    env={"INTAKE_INSTANCE_PATH": app.instance_path})
    assert added.returncode == 0, added.stderr
    listed = run_cli("trust", "list", env={"INTAKE_INSTANCE_PATH": app.instance_path})
    assert listed.returncode == 0 and "CA Thử nghiệm Ví dụ" in listed.stdout

    # Trusted: 201 valid, with who signed and when.
    accepted = upload(client, filed["headers"], filed["id"], signed)
    assert accepted.status_code == 201, accepted.get_json()
    body = accepted.get_json()
    assert body["status"] == "valid" and body["signer"] == "CÔNG TY TNHH VÍ DỤ"
    assert body["tax_code"] == TAX_CODE
    signed_at = dt.datetime.fromisoformat(body["signed_at"])
    assert abs(signed_at - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    row = session.scalar(select(VersionSignature))
    assert row.subject == f"C=VN,UID=MST:{TAX_CODE},CN=CÔNG TY TNHH VÍ DỤ"
    assert blob_store(app.instance_path).read(row.sha256) == signed  # the signed file, byte for byte
    audit = session.scalar(select(AuditEntry).where(AuditEntry.action == "report.sign"))
    assert audit.details["signer"] == "CÔNG TY TNHH VÍ DỤ" and audit.details["version"] == 1
    status = client.get(f"/api/v1/reports/{filed['id']}/versions/1/signature", headers=filed["headers"])
    assert status.status_code == 200 and status.get_json()["signer"] == "CÔNG TY TNHH VÍ DỤ"

    # Tampered: a byte flipped inside the signed range; a change appended after signing.
    flipped = bytearray(signed)
    flipped[len(record) // 2] ^= 0x01
    refused_with(upload(client, filed["headers"], filed["id"], bytes(flipped)), "signature_invalid")
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    refused_with(upload(client, filed["headers"], filed["id"], appended.getvalue()), "signature_invalid")
    refused_with(upload(client, filed["headers"], filed["id"], signed + b"\n%% sau khi ky\n"),
                 "signature_invalid")

    # Another enterprise's certificate, from a trusted CA: the wrong signer.
    error = refused_with(upload(client, filed["headers"], filed["id"],
                                certificates["other_enterprise"].sign(record)), "signature_wrong_signer")
    assert f"MST:{TAX_CODE}" in error["message"]
    # Expired at the signing time; no non-repudiation (said specifically); another CA.
    error = refused_with(upload(client, filed["headers"], filed["id"], certificates["expired"].sign(record)),
                         "signature_invalid")
    assert "expired" in error["message"] and "hết hạn" in error["message_vi"]
    error = refused_with(upload(client, filed["headers"], filed["id"],
                                certificates["no_non_repudiation"].sign(record)), "signature_invalid")
    assert "non-repudiation" in error["message"] and "chống chối bỏ" in error["message_vi"]
    refused_with(upload(client, filed["headers"], filed["id"], certificates["untrusted_ca"].sign(record)),
                 "signature_untrusted")
    # Not a PDF (a program named .pdf), empty, no file, a PDF without a signature.
    refused_with(upload(client, filed["headers"], filed["id"], b"MZ\x90\x00" + b"\x00" * 200), "signature_invalid")
    refused_with(upload(client, filed["headers"], filed["id"], b""), "signature_invalid")
    refused_with(client.post(f"/api/v1/reports/{filed['id']}/versions/1/signature", headers=filed["headers"],
                             data={}, content_type="multipart/form-data"), "signature_invalid")
    refused_with(upload(client, filed["headers"], filed["id"], record), "signature_invalid")
    refused_with(upload(client, filed["headers"], filed["id"], b"%PDF-1.4\n garbage"), "signature_invalid")
    assert _signature_rows(session) == 1  # refused files stored nothing


def test_a_signature_over_another_version_or_report_is_not_this_version(app, client, session, filed, ca,
                                                                        certificates, reviewer):
    trust(app, ca)
    version_1 = record_of(client, filed["headers"], filed["id"])
    returned = client.post(f"/api/v1/reports/{filed['id']}/review", headers=reviewer["headers"], json={
        "action": "return", "comments": [{"path": "", "message": "Bổ sung hoá đơn"}]})
    assert returned.status_code == 200, returned.get_json()
    changed = json.loads(json.dumps(DOCUMENT))
    changed["years"][0]["sources"][2]["quantity"] = "9000.000000000000000001"
    etag = client.get(f"/api/v1/reports/{filed['id']}", headers=filed["headers"]).headers["ETag"]
    assert client.put(f"/api/v1/reports/{filed['id']}", json={"document": changed},
                      headers={**filed["headers"], "If-Match": etag}).status_code == 200
    assert client.post(f"/api/v1/reports/{filed['id']}/submit", headers=filed["headers"],
                       json={"certify": True, "password": TEST_PASSWORD}).status_code == 200
    over_version_1 = certificates["good"].sign(version_1)
    refused_with(upload(client, filed["headers"], filed["id"], over_version_1, number=2),
                 "signature_not_this_version")

    facility = client.post("/api/v1/facilities", headers=filed["headers"], json={
        "name": "Nhà máy thứ hai", "address": "KCN Quang Minh", "commune_code": "00493"}).get_json()
    other_report = _submit(client, filed["headers"], facility["id"])
    over_other_report = certificates["good"].sign(record_of(client, filed["headers"], other_report))
    refused_with(upload(client, filed["headers"], filed["id"], over_other_report),
                 "signature_not_this_version")
    # Each is good where it belongs.
    assert upload(client, filed["headers"], filed["id"], over_version_1, number=1).status_code == 201
    assert upload(client, filed["headers"], other_report, over_other_report).status_code == 201
    version_2 = certificates["good"].sign(record_of(client, filed["headers"], filed["id"], 2))
    assert upload(client, filed["headers"], filed["id"], version_2, number=2).status_code == 201


def test_only_a_certifier_of_the_enterprise_uploads(app, client, make_user, filed, ca, certificates, reviewer):
    trust(app, ca)
    signed = certificates["good"].sign(record_of(client, filed["headers"], filed["id"]))
    _, other = make_user("enterprise", tax_code=OTHER_TAX_CODE)
    other_headers = token_for(client, other)
    assert upload(client, other_headers, filed["id"], signed).status_code == 404
    assert client.get(f"/api/v1/reports/{filed['id']}/versions/1/signature",
                      headers=other_headers).status_code == 404
    assert upload(client, reviewer["headers"], filed["id"], signed).status_code == 403
    assert upload(client, filed["headers"], filed["id"], signed, number=7).status_code == 404
    assert upload(client, {}, filed["id"], signed).status_code == 401
    assert client.get(f"/api/v1/reports/{filed['id']}/versions/1/signature",
                      headers=filed["headers"]).status_code == 404  # not signed yet
    assert upload(client, filed["headers"], filed["id"], signed).status_code == 201


def test_a_signed_file_larger_than_the_limit_is_refused(app, client, filed):
    app.config["SIGNED_COPY_MAX_BYTES"] = 1000
    error = refused_with(upload(client, filed["headers"], filed["id"], b"%PDF-1.7\n" + b"0" * 5000),
                         "signature_invalid")
    assert "MB" in error["message"]


def test_the_copy_of_record_is_frozen_at_its_first_download(app, client, session, filed, reviewer):
    first = record_of(client, filed["headers"], filed["id"])
    assert record_of(client, reviewer["headers"], filed["id"]) == first
    (frozen,) = session.scalars(select(VersionRecord)).all()
    accepted = client.post(f"/api/v1/reports/{filed['id']}/review", headers=reviewer["headers"],
                           json={"action": "accept", "comments": []})
    assert accepted.status_code == 200, accepted.get_json()
    assert record_of(client, filed["headers"], filed["id"]) == first
    web = app.test_client()
    log_in(web, filed["email"])
    assert web.get(f"/reports/{filed['id']}/versions/1/report.pdf").get_data() == first
    assert session.scalar(select(func.count()).select_from(VersionRecord)) == 1
    assert blob_store(app.instance_path).read(frozen.sha256) == first
    # Printed now, the PDF would differ (the status is "accepted"): freezing is what keeps it.
    with app.app_context():
        from intake.extensions import db
        report = db.session.get(Report, filed["id"])
        version = db.session.scalar(select(ReportVersion).where(ReportVersion.report_id == report.id))
        again = full_report_pdf_file(report, version, base_url=app.config["BASE_URL"]).getvalue()
    assert again != first
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(first)).pages)
    assert "Đã nộp" in text or "Submitted" in text


def test_two_first_downloads_end_with_one_frozen_row(app, client, session, filed):
    from concurrent.futures import ThreadPoolExecutor

    def download(_):
        with app.test_client() as each:
            return each.get(f"/api/v1/reports/{filed['id']}/versions/1/record.pdf",
                            headers=filed["headers"]).get_data()

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(download, range(4)))
    assert len(set(answers)) == 1
    assert session.scalar(select(func.count()).select_from(VersionRecord)) == 1


def test_the_department_may_require_a_signature_before_acceptance(app, client, filed, ca, certificates,
                                                                 reviewer):
    trust(app, ca)
    app.config["REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE"] = True
    refused = client.post(f"/api/v1/reports/{filed['id']}/review", headers=reviewer["headers"],
                          json={"action": "accept", "comments": []})
    assert refused.status_code == 409, refused.get_json()
    (error,) = refused.get_json()["errors"]
    assert error["code"] == "signature_required" and "chữ ký số" in error["message_vi"]
    assert client.get(f"/api/v1/reports/{filed['id']}", headers=filed["headers"]).get_json()["status"] == "submitted"
    signed = certificates["good"].sign(record_of(client, filed["headers"], filed["id"]))
    assert upload(client, filed["headers"], filed["id"], signed).status_code == 201
    accepted = client.post(f"/api/v1/reports/{filed['id']}/review", headers=reviewer["headers"],
                           json={"action": "accept", "comments": []})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "accepted"


def test_the_web_history_signs_and_the_reviewer_sees_who_signed(app, client, filed, ca, certificates, reviewer):
    trust(app, ca)
    web = app.test_client()
    log_in(web, filed["email"])
    history = web.get(f"/reports/{filed['id']}/history")
    page = history.get_data(as_text=True)
    assert history.status_code == 200
    assert f'/reports/{filed["id"]}/versions/1/signature' in page and 'type="file"' in page
    record = web.get(f"/reports/{filed['id']}/versions/1/report.pdf").get_data()
    assert record == record_of(client, filed["headers"], filed["id"])

    # Refused, with the reason in Vietnamese (the default language); nothing stored.
    wrong = certificates["other_enterprise"].sign(record)
    answer = web.post(f"/reports/{filed['id']}/versions/1/signature", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(wrong), "ky.pdf")},
        content_type="multipart/form-data")
    assert answer.status_code == 303
    shown = web.get(f"/reports/{filed['id']}/history").get_data(as_text=True)
    assert "không mang mã số thuế của doanh nghiệp" in shown
    # Without the CSRF token: 400 before anything runs.
    assert web.post(f"/reports/{filed['id']}/versions/1/signature", data={
        "file": (io.BytesIO(wrong), "ky.pdf")}, content_type="multipart/form-data").status_code == 400

    signed = certificates["good"].sign(record)
    answer = web.post(f"/reports/{filed['id']}/versions/1/signature", data={
        "csrf_token": csrf_token_from(page), "file": (io.BytesIO(signed), "ky.pdf")},
        content_type="multipart/form-data")
    assert answer.status_code == 303
    shown = web.get(f"/reports/{filed['id']}/history").get_data(as_text=True)
    assert "CÔNG TY TNHH VÍ DỤ" in shown and "data-signed" in shown
    web.post("/language/en", data={"csrf_token": csrf_token_from(shown)})
    english = web.get(f"/reports/{filed['id']}/history").get_data(as_text=True)
    assert "Digitally signed by CÔNG TY TNHH VÍ DỤ at" in english and "Download to sign" in english
    assert web.get(f"/reports/{filed['id']}/versions/1/signed.pdf").get_data() == signed

    desk = app.test_client()
    log_in(desk, reviewer["email"])
    workspace = desk.get(f"/review/{filed['id']}").get_data(as_text=True)
    assert "CÔNG TY TNHH VÍ DỤ" in workspace and TAX_CODE in workspace and "data-signed" in workspace
    assert f'/reports/{filed["id"]}/versions/1/signed.pdf' in workspace
    assert desk.get(f"/reports/{filed['id']}/versions/1/signed.pdf").get_data() == signed
    # The reviewer sees the signed file but signs nothing.
    assert 'type="file"' not in desk.get(f"/reports/{filed['id']}/history").get_data(as_text=True)


def _pem_file(app, data: bytes) -> Path:
    path = Path(app.instance_path).parent / "root.pem"
    path.write_bytes(data)
    return path


def test_a_concurrent_first_production_serves_the_winners_bytes(app, session, filed, monkeypatch):
    """Two first downloads at once: the one whose insert the unique index refuses reads the
    winner's row and answers with its bytes (forced here: the competitor commits while this
    one prints, and this one's look-ups do not see it until after its insert)."""
    from intake.extensions import db
    from intake.services import records

    store = blob_store(app.instance_path)
    winner_bytes = b"%PDF-1.7\n% the winner's copy\n"
    winner_sha = store.put(winner_bytes)
    version_id = session.scalar(select(ReportVersion.id).where(ReportVersion.report_id == filed["id"]))
    printed = records.full_report_pdf_file

    def print_while_another_commits(*args, **kwargs):
        session.add(VersionRecord(version_id=version_id, sha256=winner_sha, size=len(winner_bytes)))
        session.commit()
        return printed(*args, **kwargs)

    looked_up = []
    real_lookup = records.frozen_record

    def late_lookup(database_session, wanted):
        looked_up.append(wanted)
        return None if len(looked_up) <= 2 else real_lookup(database_session, wanted)

    monkeypatch.setattr(records, "full_report_pdf_file", print_while_another_commits)
    monkeypatch.setattr(records, "frozen_record", late_lookup)
    with app.app_context():
        report = db.session.get(Report, filed["id"])
        version = db.session.get(ReportVersion, version_id)
        served = records.copy_of_record(db.session, report, version, base_url="http://x", store=store)
        db.session.commit()
    assert served == winner_bytes and len(looked_up) == 3
    assert session.scalar(select(func.count()).select_from(VersionRecord)) == 1
