"""Evidence attachments through the real application, as the contract describes them: attached
by content (PDF, PNG, JPEG, XLSX), listed, downloaded byte for byte, refused when hostile with
nothing stored, hidden from another enterprise, named in the certified version and its copy of
record, shown to reviewers beside the line they evidence."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from intake.models import Attachment, AuditEntry, ReportEvent, User
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.conftest import token_for

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


def document():
    return json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))


# --- files, built for real -------------------------------------------------------------------

def pdf_bytes(text: str = "Hóa đơn GTGT số 0001234 – dầu DO 1.000 t") -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)  # the same bytes each time: no creation date
    page.drawString(72, 720, text.encode("ascii", "replace").decode())
    page.showPage()
    page.save()
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (12, 130, 70)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tháng", "Điện năng (kWh)"])
    sheet.append([1, "1000.123456789012345678"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                         'openxmlformats.org/package/2006/content-types"><Override PartName="/word/'
                         'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                         'wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hoa-don.pdf", pdf_bytes())
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


# --- helpers ---------------------------------------------------------------------------------

@pytest.fixture
def filer(api_filer):
    return api_filer


def create(client, filer):
    response = client.post("/api/v1/reports", headers=filer["headers"], json={
        "form": "ghg-inventory", "facility_id": filer["facility_id"], "document": document()})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def attach(client, headers, report_id, data, name, path=None, description=None):
    form = {"file": (io.BytesIO(data), name)}
    if path is not None:
        form["path"] = path
    if description is not None:
        form["description"] = description
    return client.post(f"/api/v1/reports/{report_id}/attachments", headers=headers, data=form,
                       content_type="multipart/form-data")


def submit(client, headers, report_id):
    response = client.post(f"/api/v1/reports/{report_id}/submit", headers=headers,
                           json={"certify": True, "password": TEST_PASSWORD})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def blob_files(app) -> list[Path]:
    root = Path(app.instance_path) / "blobs"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


# --- attaching, listing, downloading ---------------------------------------------------------

@pytest.mark.parametrize("build, name, media_type", [
    (pdf_bytes, "hoa-don.pdf", "application/pdf"),
    (png_bytes, "dong-ho.png", "image/png"),
    (jpeg_bytes, "phieu-can.jpg", "image/jpeg"),
    (xlsx_bytes, "nhat-ky-dong-ho.xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_a_real_file_is_attached_listed_and_downloaded_byte_for_byte(client, filer, app, build, name,
                                                                       media_type):
    report = create(client, filer)
    data = build()
    response = attach(client, filer["headers"], report["id"], data, name,
                      path="years[0].sources[0]", description="Hóa đơn tháng 1")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert {"id", "name", "size", "sha256", "media_type", "path"} <= set(body)
    assert body["name"] == name and body["size"] == len(data) and body["media_type"] == media_type
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert body["path"] == "years[0].sources[0]" and body["place_vi"].startswith("Năm 2022")
    listed = client.get(f"/api/v1/reports/{report['id']}/attachments", headers=filer["headers"])
    assert listed.status_code == 200 and [a["id"] for a in listed.get_json()] == [body["id"]]
    download = client.get(f"/api/v1/reports/{report['id']}/attachments/{body['id']}",
                          headers=filer["headers"])
    assert download.status_code == 200
    assert download.data == data and hashlib.sha256(download.data).hexdigest() == body["sha256"]
    assert download.mimetype == media_type
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Cache-Control"] == "no-store"
    stored = blob_files(app)
    assert [p.name for p in stored] == [body["sha256"]] and stored[0].read_bytes() == data


def test_the_same_bytes_twice_are_stored_once_and_names_lose_their_folders(client, filer, app):
    report = create(client, filer)
    data = pdf_bytes()
    first = attach(client, filer["headers"], report["id"], data, "C:/Users/ke-toan/hoa-don.pdf")
    second = attach(client, filer["headers"], report["id"], data, "../../etc/passwd")
    assert first.status_code == second.status_code == 201
    assert first.get_json()["name"] == "hoa-don.pdf"
    assert second.get_json()["name"] == "passwd"
    assert first.get_json()["sha256"] == second.get_json()["sha256"]
    assert len(blob_files(app)) == 1
    download = client.get(f"/api/v1/reports/{report['id']}/attachments/{second.get_json()['id']}",
                          headers=filer["headers"])
    # Saved with the extension of what it is, never as a name the content does not bear out.
    assert "passwd.pdf" in download.headers["Content-Disposition"]


# --- refusals: specific, and nothing stored --------------------------------------------------

@pytest.mark.parametrize("data, name, status, code, words", [
    (ELF, "hoa-don.pdf", 415, "file_type_not_accepted", "ELF"),
    (b"MZ\x90\x00" + b"\x00" * 300, "bien-ban.pdf", 415, "file_type_not_accepted", "Windows"),
    (None, "bang-ke.zip", 415, "file_is_archive", "archive"),
    (None, "bao-cao.docx", 415, "file_type_not_accepted", "Word"),
    (b"", "trong.pdf", 422, "file_empty", "empty"),
])
def test_a_hostile_or_empty_file_is_refused_and_nothing_is_stored(client, filer, app, session, data,
                                                                    name, status, code, words):
    if data is None:
        data = zip_bytes() if name.endswith(".zip") else docx_bytes()
    report = create(client, filer)
    before = count(session, AuditEntry)
    response = attach(client, filer["headers"], report["id"], data, name)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["errors"][0]
    assert error["code"] == code and error["path"] == "file"
    assert words in error["message"] and error["message_vi"]
    assert count(session, Attachment) == 0 and blob_files(app) == []
    assert count(session, AuditEntry) == before


def test_a_file_past_the_limit_is_refused_while_it_is_read(client, filer, app, session):
    app.config["MAX_ATTACHMENT_BYTES"] = 1000
    report = create(client, filer)
    exactly = pdf_bytes()
    exactly = exactly[:1000] if len(exactly) >= 1000 else exactly + b"\n" * (1000 - len(exactly))
    assert attach(client, filer["headers"], report["id"], exactly, "vua-du.pdf").status_code == 201
    over = attach(client, filer["headers"], report["id"], exactly + b"\n", "qua-lon.pdf")
    assert over.status_code == 413
    assert over.get_json()["errors"][0]["code"] == "file_too_large"
    # Far past it: refused by the request's own limit before the view reads a byte.
    huge = attach(client, filer["headers"], report["id"], b"%PDF-" + b"0" * 200_000, "rat-lon.pdf")
    assert huge.status_code == 413 and huge.get_json()["errors"][0]["code"] == "file_too_large"
    assert count(session, Attachment) == 1 and len(blob_files(app)) == 1


def test_an_attachment_larger_than_the_application_upload_limit_is_taken(client, filer, app):
    """The attachment routes take a body as large as one attachment, whatever the
    application's MAX_CONTENT_LENGTH for other forms."""
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    report = create(client, filer)
    data = pdf_bytes() + b"%" + b"0" * 50_000 + b"\n%%EOF\n"
    response = attach(client, filer["headers"], report["id"], data, "lon.pdf")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["size"] == len(data)


@pytest.mark.parametrize("path", ["years[5].sources[0]", "years[0].sources[9].quantity",
                                  "years[0].nothing", "results", "years[0]..sources", "x" * 400])
def test_a_path_that_names_no_part_of_the_report_is_422(client, filer, session, app, path):
    report = create(client, filer)
    response = attach(client, filer["headers"], report["id"], pdf_bytes(), "a.pdf", path=path)
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["code"] == "invalid_path"
    assert response.get_json()["errors"][0]["path"] == "path"
    assert count(session, Attachment) == 0 and blob_files(app) == []


def test_no_file_field_is_422(client, filer):
    report = create(client, filer)
    response = client.post(f"/api/v1/reports/{report['id']}/attachments", headers=filer["headers"],
                           data={"path": ""}, content_type="multipart/form-data")
    assert response.status_code == 422 and response.get_json()["errors"][0]["code"] == "file_missing"


# --- who sees what ---------------------------------------------------------------------------

def test_another_enterprise_gets_404_and_department_staff_cannot_attach(client, filer, make_user):
    report = create(client, filer)
    added = attach(client, filer["headers"], report["id"], pdf_bytes(), "hoa-don.pdf").get_json()
    _, other = make_user("enterprise", tax_code="0100109106")
    other_headers = token_for(client, other)
    base = f"/api/v1/reports/{report['id']}/attachments"
    assert client.get(base, headers=other_headers).status_code == 404
    assert client.get(f"{base}/{added['id']}", headers=other_headers).status_code == 404
    assert attach(client, other_headers, report["id"], pdf_bytes(), "x.pdf").status_code == 404
    assert client.delete(f"{base}/{added['id']}", headers=other_headers).status_code == 404
    _, reviewer = make_user("reviewer")
    reviewer_headers = token_for(client, reviewer)
    assert attach(client, reviewer_headers, report["id"], pdf_bytes(), "x.pdf").status_code == 403
    # A reviewer sees the report, so its evidence too.
    assert client.get(f"{base}/{added['id']}", headers=reviewer_headers).data == pdf_bytes()
    # An attachment id of another report is no attachment of this one.
    second = create_other_report(client, filer)
    assert client.get(f"/api/v1/reports/{second}/attachments/{added['id']}",
                      headers=filer["headers"]).status_code == 404


def create_other_report(client, filer) -> int:
    response = client.post("/api/v1/reports", headers=filer["headers"], json={
        "form": "env-declaration", "facility_id": filer["facility_id"],
        "document": {"form": "env-declaration", "year": 2025}})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


# --- versions: certified with, carried without copying, removal an event ---------------------

def test_versions_list_what_they_were_certified_with_and_removal_keeps_the_old_list(
        client, filer, app, session, make_user):
    report = create(client, filer)
    invoice = attach(client, filer["headers"], report["id"], pdf_bytes(), "hoa-don.pdf",
                     path="years[0].sources[0].quantity").get_json()
    meter = attach(client, filer["headers"], report["id"], png_bytes(), "dong-ho.png").get_json()
    base = f"/api/v1/reports/{report['id']}/attachments"
    # Removal while a draft: an event; the file is no longer carried.
    assert client.delete(f"{base}/{meter['id']}", headers=filer["headers"]).status_code == 200
    body = submit(client, filer["headers"], report["id"])
    first = body["versions"][0]["attachments"]
    assert [(a["name"], a["sha256"]) for a in first] == [("hoa-don.pdf", invoice["sha256"])]
    # With the Department: nothing is attached or removed.
    assert client.delete(f"{base}/{invoice['id']}", headers=filer["headers"]).status_code == 409
    assert attach(client, filer["headers"], report["id"], png_bytes(), "b.png").status_code == 409
    # Returned, then resubmitted: carried without copying (same row, same blob); then the
    # invoice removed before a third version.
    _, reviewer = make_user("reviewer")
    reviewer_headers = token_for(client, reviewer)
    returned = client.post(f"/api/v1/reports/{report['id']}/review", headers=reviewer_headers,
                           json={"action": "return", "comments": [
                               {"path": "years[0].sources[0].quantity", "message": "Thiếu hóa đơn tháng 2"}]})
    assert returned.status_code == 200, returned.get_json()
    lab = attach(client, filer["headers"], report["id"], xlsx_bytes(), "phong-thi-nghiem.xlsx").get_json()
    body = submit(client, filer["headers"], report["id"])
    second = body["versions"][1]["attachments"]
    assert [a["id"] for a in second] == [invoice["id"], lab["id"]]
    client.post(f"/api/v1/reports/{report['id']}/review", headers=reviewer_headers,
                json={"action": "return", "comments": [{"path": "", "message": "Bổ sung"}]})
    assert client.delete(f"{base}/{invoice['id']}", headers=filer["headers"]).status_code == 200
    assert client.delete(f"{base}/{invoice['id']}", headers=filer["headers"]).status_code == 409
    body = submit(client, filer["headers"], report["id"])
    versions = {v["number"]: [a["name"] for a in v["attachments"]] for v in body["versions"]}
    assert versions == {1: ["hoa-don.pdf"], 2: ["hoa-don.pdf", "phong-thi-nghiem.xlsx"],
                        3: ["phong-thi-nghiem.xlsx"]}
    # The removed file is still listed (on request), downloadable, and in the store.
    listed = client.get(f"{base}?include_removed=true", headers=filer["headers"]).get_json()
    assert {a["name"]: a["removed_at"] is not None for a in listed} == {
        "hoa-don.pdf": True, "dong-ho.png": True, "phong-thi-nghiem.xlsx": False}
    assert [a["name"] for a in client.get(base, headers=filer["headers"]).get_json()] == [
        "phong-thi-nghiem.xlsx"]
    assert client.get(f"{base}/{invoice['id']}", headers=filer["headers"]).data == pdf_bytes()
    assert len(blob_files(app)) == 3
    assert count(session, Attachment) == 3
    # Every step is in the audit log and the report's history.
    actions = session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("attachment.add") == 3 and actions.count("attachment.remove") == 2
    submission = session.scalars(select(AuditEntry).where(AuditEntry.action == "report.submit")
                                 .order_by(AuditEntry.id)).all()[-1]
    assert submission.details["attachments"] == [{"name": "phong-thi-nghiem.xlsx", "sha256": lab["sha256"]}]
    events = session.scalars(select(ReportEvent.action).where(ReportEvent.report_id == report["id"])).all()
    assert events.count("attachment_added") == 3 and events.count("attachment_removed") == 2


def test_the_copy_of_record_names_each_attachment_and_its_hash(client, filer):
    report = create(client, filer)
    data = pdf_bytes()
    invoice = attach(client, filer["headers"], report["id"], data, "hoa-don-dau-DO.pdf",
                     path="years[0].sources[0]").get_json()
    submit(client, filer["headers"], report["id"])
    response = client.get(f"/api/v1/reports/{report['id']}/versions/1/record.pdf", headers=filer["headers"])
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = "".join(text.split())
    assert "hoa-don-dau-DO.pdf" in flat
    assert invoice["sha256"] in flat
    assert "Tàiliệuchứngminh" in flat and "Evidence" in flat


# --- web -------------------------------------------------------------------------------------

def _web_filer(client, session, make_user):
    from intake.models import Facility

    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Thăng Long", commune_code="00493", enterprise_id=user.enterprise_id,
                        address="KCN Thăng Long")
    session.add(facility)
    session.commit()
    headers = token_for(client, email)
    report = client.post("/api/v1/reports", headers=headers, json={
        "form": "ghg-inventory", "facility_id": facility.id, "document": document()}).get_json()
    return email, headers, report


def test_web_upload_with_csrf_lists_the_file_by_its_place_and_removes_it(client, session, make_user, app):
    email, headers, report = _web_filer(client, session, make_user)
    log_in(client, email)
    page = client.get(f"/reports/{report['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "data-evidence-upload" in html
    token = csrf_token_from(html)
    url = f"/reports/{report['id']}/attachments"
    # Without the CSRF token: refused, nothing stored.
    refused = client.post(url, data={"file": (io.BytesIO(pdf_bytes()), "a.pdf")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and count(session, Attachment) == 0
    done = client.post(url, data={"csrf_token": token, "path": "years[0].sources[1]",
                                  "description": "Hóa đơn tiền điện",
                                  "file": (io.BytesIO(pdf_bytes()), "hoa-don-dien.pdf")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert done.status_code == 200
    html = done.get_data(as_text=True)
    assert "hoa-don-dien.pdf" in html and hashlib.sha256(pdf_bytes()).hexdigest() in html
    assert "Năm 2022 › Nguồn S2" in html  # its place in the form's words...
    assert "years[0].sources[1]" not in html.split("<select", 1)[0]  # ...never the raw path as text
    # A program named .pdf: the message on the page, nothing stored.
    hostile = client.post(url, data={"csrf_token": token, "path": "",
                                     "file": (io.BytesIO(ELF), "hoa-don.pdf")},
                          content_type="multipart/form-data")
    assert hostile.status_code == 415
    assert "chương trình" in hostile.get_data(as_text=True)
    assert count(session, Attachment) == 1 and len(blob_files(app)) == 1
    attachment_id = session.scalar(select(Attachment.id))
    download = client.get(f"{url}/{attachment_id}")
    assert download.status_code == 200 and download.data == pdf_bytes()
    removed = client.post(f"{url}/{attachment_id}/remove", data={"csrf_token": token},
                          follow_redirects=True)
    assert removed.status_code == 200
    session.expire_all()
    assert session.scalar(select(Attachment.removed_at_utc)) is not None


def test_history_lists_each_versions_attachments_and_reviewers_see_them_beside_their_line(
        client, session, make_user, app):
    email, headers, report = _web_filer(client, session, make_user)
    added = attach(client, headers, report["id"], pdf_bytes(), "hoa-don-dien.pdf",
                   path="years[0].sources[1]").get_json()
    submit(client, headers, report["id"])
    log_in(client, email)
    history = client.get(f"/reports/{report['id']}/history").get_data(as_text=True)
    assert "hoa-don-dien.pdf" in history and added["sha256"] in history
    client.post("/logout", data={"csrf_token": csrf_token_from(history)})
    _, reviewer = make_user("reviewer")
    log_in(client, reviewer)
    page = client.get(f"/review/{report['id']}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    # Beside its line: at the head of the row of source S2 of 2022, after the fields of S1
    # and before those of S2.
    beside = html.index('data-evidence-at="f-years-0-sources-1"')
    assert "hoa-don-dien.pdf" in html[beside:beside + 400]
    assert html.rindex('id="f-years-0-sources-0-', 0, beside) < beside < html.index('id="f-years-0-sources-1-')
    download = client.get(f"/reports/{report['id']}/attachments/{added['id']}")
    assert download.status_code == 200 and download.data == pdf_bytes()
