"""Hostile text and what a browser keeps (issue 13): every free text has a bound that is
refused with a message naming the field and the limit (never a 500, never stored, never cut);
an over-long value in a report document is kept in the draft and reported; authenticated
answers carry `Cache-Control: no-store`, HTTPS answers HSTS; internal review notes stay with
the review desk."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.models import Facility, Report, ReportingPeriod, ReviewComment, User
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.conftest import token_for
from tests.web.test_filing import form_fields

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))
TEN_MEGABYTES = "Nhà máy " * (10 * 1024 * 1024 // 8)


def html(response):
    return response.get_data(as_text=True)


def facility_count(session):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Facility))


# --- records: facility, register, period, review comments ------------------------------------

def test_a_ten_megabyte_facility_name_is_refused_and_nothing_is_stored(client, api_filer, session):
    before = facility_count(session)
    response = client.post("/api/v1/facilities", headers=api_filer["headers"],
                           json={"name": TEN_MEGABYTES, "address": "Lô 4", "commune_code": "00493"})
    # The body limit (413) or the name's own (422), whichever holds first: never stored.
    assert response.status_code in (413, 422)
    assert response.get_json()["errors"][0]["path"] in ("", "name")
    assert facility_count(session) == before


@pytest.mark.parametrize("field, value", [
    ("name", "x" * 301), ("name", "Nhà máy " * 40_000), ("address", "đ" * 501), ("vsic", "1" * 11)])
def test_an_over_long_facility_text_through_the_api_is_422_naming_the_field(client, api_filer, session,
                                                                              field, value):
    before = facility_count(session)
    body = {"name": "Kho Đông Anh", "address": "Lô 4", "commune_code": "00493", field: value}
    response = client.post("/api/v1/facilities", headers=api_filer["headers"], json=body)
    assert response.status_code == 422
    [error] = response.get_json()["errors"]
    limit = {"name": 300, "address": 500, "vsic": 10}[field]
    assert error["path"] == field and error["code"] == "too_long"
    assert str(limit) in error["message"] and f"dài quá {limit} ký tự" in error["message_vi"]
    assert facility_count(session) == before


def test_a_facility_text_at_its_limit_is_stored_whole(client, api_filer, session):
    name = "Nhà máy " + "x" * 292
    response = client.post("/api/v1/facilities", headers=api_filer["headers"],
                           json={"name": name, "address": "đ" * 500, "commune_code": "00493"})
    assert response.status_code == 201
    stored = session.get(Facility, response.get_json()["id"])
    assert stored.name == name and len(stored.address) == 500


def test_a_hostile_commune_code_is_refused_without_echoing_it_whole(client, api_filer):
    response = client.post("/api/v1/facilities", headers=api_filer["headers"],
                           json={"name": "Kho", "commune_code": "9" * 100_000})
    assert response.status_code == 422
    [error] = response.get_json()["errors"]
    assert error["path"] == "commune_code" and len(error["message"]) < 200


def test_an_over_long_facility_name_in_the_web_form_is_a_form_error(client, api_filer, session):
    before = facility_count(session)
    log_in(client, api_filer["email"])
    token = csrf_token_from(html(client.get("/facilities")))
    response = client.post("/facilities", data={"name": "y" * 301, "address": "", "commune_code": "00493",
                                                "csrf_token": token})
    assert response.status_code == 400
    assert "Tối đa 300 ký tự (nội dung này có 301 ký tự)." in html(response)
    assert facility_count(session) == before
    response = client.post(f"/facilities/{api_filer['facility_id']}",
                           data={"name": "Kho", "address": "đ" * 501, "commune_code": "00493", "csrf_token": token})
    assert response.status_code == 400 and "Tối đa 500 ký tự" in html(response)
    session.expire_all()
    assert session.get(Facility, api_filer["facility_id"]).address == "KCN Thăng Long"


def test_register_texts_are_bounded(client, make_user, api_filer, session):
    _, email = make_user("reviewer")
    log_in(client, email)
    token = csrf_token_from(html(client.get("/register/ghg-inventory")))
    response = client.post("/register/ghg-inventory/add", data={
        "facility_id": api_filer["facility_id"], "legal_basis": "Quyết định 42/2026/QĐ-TTg",
        "sector": "", "reason": "r" * 2001, "csrf_token": token})
    assert response.status_code == 400 and "Tối đa 2000 ký tự (nội dung này có 2001 ký tự)." in html(response)


def test_a_period_name_is_bounded_in_the_service(session, make_user):
    import datetime as dt

    from intake.domain.workflow import FormKind
    from intake.services.periods import PeriodError, create_period

    admin_id, _ = make_user("admin")
    with pytest.raises(PeriodError) as refused:
        create_period(session, session.get(User, admin_id), form=FormKind.ENV_DECLARATION, name="K" * 201,
                      first_data_year=2031, last_data_year=2031, opens_on=dt.date(2032, 1, 1),
                      due_on=dt.date(2032, 3, 31))
    assert refused.value.field == "name" and "200" in refused.value.message_vi
    assert session.scalar(select(func.count()).select_from(ReportingPeriod)
                          .where(ReportingPeriod.first_data_year == 2031)) == 0


def comment_count(session, report_id):
    session.expire_all()
    return session.scalar(select(func.count()).select_from(ReviewComment)
                          .where(ReviewComment.report_id == report_id))


def test_an_over_long_review_comment_is_refused_whole(client, make_user, submitted_report, session):
    report_id = submitted_report["id"]
    _, email = make_user("reviewer")
    log_in(client, email)
    token = csrf_token_from(html(client.get(f"/review/{report_id}")))
    response = client.post(f"/review/{report_id}/act", data={
        "csrf_token": token, "action": "comment", "comment_path": "", "comment_message": "n" * 4001},
        follow_redirects=True)
    assert "“Nhận xét” dài quá 4000 ký tự." in html(response)
    response = client.post(f"/review/{report_id}/act", data={
        "csrf_token": token, "action": "comment", "comment_path": "p" * 301, "comment_message": "Kiểm tra"},
        follow_redirects=True)
    assert "dài quá 300 ký tự" in html(response)  # on PostgreSQL a VARCHAR(300) overflow was a 500
    assert comment_count(session, report_id) == 0


# --- report documents: kept in the draft, reported at the field ------------------------------

def test_an_over_long_document_text_is_kept_in_the_draft_with_a_too_long_error(client, api_filer, session):
    document = json.loads(json.dumps(DOCUMENT))
    document["facility"]["name"] = "N" * 301
    document["years"][0]["sources"][0]["description"] = "m" * 501
    response = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document})
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "draft"
    too_long = {e["path"]: e for e in body["result"]["errors"] if e["code"] == "too_long"}
    assert set(too_long) == {"facility.name", "years[0].sources[0].description"}
    assert "300" in too_long["facility.name"]["message"] and "300 ký tự" in too_long["facility.name"]["message_vi"]
    stored = session.get(Report, body["id"])
    assert stored.document["facility"]["name"] == "N" * 301  # kept whole, never cut


def test_a_text_without_its_own_limit_has_its_types_default(client, api_filer):
    document = json.loads(json.dumps(DOCUMENT))
    document["facility"]["tax_code"] = "0" * 501
    response = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document})
    errors = [e for e in response.get_json()["result"]["errors"] if e["path"] == "facility.tax_code"]
    assert [e["code"] for e in errors] == ["too_long"] and "500" in errors[0]["message"]


def test_an_over_long_text_typed_in_the_web_form_is_saved_and_shown_with_its_error(client, api_filer, session):
    created = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": DOCUMENT}).get_json()
    log_in(client, api_filer["email"])
    fields = form_fields(html(client.get(f"/reports/{created['id']}")))
    fields["facility.contact_name"] = "Chị " + "H" * 200
    assert client.post(f"/reports/{created['id']}", data=fields).status_code == 302
    session.expire_all()
    report = session.get(Report, created["id"])
    assert report.document["facility"]["contact_name"] == "Chị " + "H" * 200
    assert any(e["path"] == "facility.contact_name" and e["code"] == "too_long" for e in report.result["errors"])
    assert "“Người liên hệ” dài quá 200 ký tự." in html(client.get(f"/reports/{created['id']}"))


def test_a_place_written_by_hand_never_breaks_a_page(client, api_filer):
    # "²" is a digit to `str.isdigit` that `int` refuses: as a key of a line (API) or the place
    # of an explanation (a hidden input of the form) it made the API and the submit page a 500.
    document = json.loads(json.dumps(DOCUMENT))
    document["years"][0]["sources"][0]["²"] = "5"
    response = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document})
    assert response.status_code == 201
    report_id = response.get_json()["id"]
    assert any(e["path"] == "years[0].sources[0].²" and e["code"] == "unknown_field"
               for e in response.get_json()["result"]["errors"])
    log_in(client, api_filer["email"])
    fields = form_fields(html(client.get(f"/reports/{report_id}")))
    fields.update({"acknowledgements[0].path": "years.²", "acknowledgements[0].code": "x",
                   "acknowledgements[0].reason": "Đã kiểm tra"})
    assert client.post(f"/reports/{report_id}", data=fields).status_code == 302
    assert client.get(f"/reports/{report_id}/submit").status_code == 200
    assert client.get(f"/reports/{report_id}").status_code == 200


# --- headers -------------------------------------------------------------------------------

def test_authenticated_answers_are_never_stored(client, make_user, submitted_report):
    log_in(client, submitted_report["filer"])
    for path in ("/home", f"/reports/{submitted_report['id']}/history",
                 f"/reports/{submitted_report['id']}/versions/1/receipt.pdf"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    headers = token_for(client, submitted_report["filer"])
    for path in ("/api/v1/facilities", f"/api/v1/reports/{submitted_report['id']}",
                 f"/api/v1/reports/{submitted_report['id']}/receipt.pdf"):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
    assert client.get("/api/v1/reports/999999", headers=headers).headers["Cache-Control"] == "no-store"


def test_static_assets_may_still_be_cached(client):
    with client.get("/static/css/intake.css") as response:
        assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")


def test_hsts_only_over_https_with_secure_cookies(app, client):
    app.config["SESSION_COOKIE_SECURE"] = True
    over_https = client.get("/login", base_url="https://localhost")
    assert over_https.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/login", base_url="http://localhost").headers
    app.config["SESSION_COOKIE_SECURE"] = False
    assert "Strict-Transport-Security" not in client.get("/login", base_url="https://localhost").headers


# --- internal notes ------------------------------------------------------------------------

def test_internal_notes_are_for_the_review_desk_only(client, make_user, submitted_report, session):
    report_id = submitted_report["id"]
    _, reviewer_email = make_user("reviewer")
    reviewer = token_for(client, reviewer_email)
    client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json={"action": "start_review"})
    returned = client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json={
        "action": "return", "comments": [{"path": "", "message": "Kiểm tra lại lượng than"},
                                         {"path": "", "message": "Ghi chú nội bộ: gọi điện", "internal": True}]})
    assert returned.status_code == 200, returned.get_json()
    filer = session.scalar(select(User).where(User.email == submitted_report["filer"]))
    report = session.get(Report, report_id)
    filing.update_report(session, filer, report_id, document=report.document, expected_revision=report.revision)
    filing.submit_report(session, filer, report_id, certify=True, password=TEST_PASSWORD, hash_profile="test")
    session.commit()
    accepted = client.post(f"/api/v1/reports/{report_id}/review", headers=reviewer, json={
        "action": "accept", "comments": [{"path": "", "message": "Ghi chú khi chấp nhận"}]})
    assert accepted.status_code == 200, accepted.get_json()
    internal = ["Ghi chú nội bộ: gọi điện", "Ghi chú khi chấp nhận"]

    def messages(email):
        answer = client.get(f"/api/v1/reports/{report_id}", headers=token_for(client, email))
        assert answer.status_code == 200
        return [c["message"] for c in answer.get_json()["comments"]]

    _, analyst = make_user("analyst")
    _, admin = make_user("admin")
    assert messages(reviewer_email) == ["Kiểm tra lại lượng than", *internal]
    assert messages(admin) == ["Kiểm tra lại lượng than", *internal]
    assert messages(analyst) == ["Kiểm tra lại lượng than"]
    assert messages(submitted_report["filer"]) == ["Kiểm tra lại lượng than"]
    log_in(client, analyst)
    page = html(client.get(f"/reports/{report_id}/history"))
    assert "Kiểm tra lại lượng than" in page
    assert not any(note in page for note in internal)


def test_a_nul_character_is_refused_by_name_on_every_channel(client, api_filer, session):
    # PostgreSQL stores U+0000 in no text column and binds it in no query (a 500 there).
    before = session.scalar(select(func.count()).select_from(Facility))
    response = client.post("/api/v1/facilities", headers=api_filer["headers"],
                           json={"name": "Nhà máy\u0000", "address": "Hà Nội", "commune_code": "00\u0000"})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["code"] == "invalid_character"
    log_in(client, api_filer["email"])
    token = csrf_token_from(client.get("/facilities").get_data(as_text=True))
    page = client.post("/facilities", data={"csrf_token": token, "name": "Nhà máy\x00",
                                            "address": "Hà Nội", "commune_code": "00283"})
    assert page.status_code == 400 and "chứa ký tự U+0000" in page.get_data(as_text=True)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Facility)) == before
