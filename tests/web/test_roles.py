"""Preparers, certifiers, enterprise administrators and consultants (issue 15), through the
real application: the API as an integrator calls it, the web as a person clicks it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.domain.roles import Role
from intake.extensions import db
from intake.models import (
    AttemptKind,
    AuditEntry,
    Facility,
    LoginAttempt,
    OutboxMessage,
    PreparerGrant,
    ReportEvent,
    User,
)
from intake.services.accounts import create_user
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.conftest import token_for

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))
CLIENT_TAX_CODE, FIRM_TAX_CODE, THIRD_TAX_CODE = "0100112437", "0100109106", "0300588569"


@pytest.fixture
def people(app, session):
    """Enterprise A: its administrator (first user, a certifier), a second certifier and a
    preparer, one facility. A consultancy (another tax code) with one consultant; a third
    enterprise with a facility and a draft of its own."""
    with app.app_context():
        def user(email, tax_code, can_certify=True):
            return create_user(db.session, email=email, role=Role.ENTERPRISE, password=TEST_PASSWORD,
                               tax_code=tax_code, hash_profile="test", can_certify=can_certify).id

        ids = {"admin": user("giamdoc@a.vn", CLIENT_TAX_CODE),
               "certifier": user("ketoan@a.vn", CLIENT_TAX_CODE),
               "preparer": user("nguoilap@a.vn", CLIENT_TAX_CODE, can_certify=False),
               "consultant": user("tuvan@xanh.vn", FIRM_TAX_CODE),
               "third": user("khac@c.vn", THIRD_TAX_CODE)}
        admin, third = db.session.get(User, ids["admin"]), db.session.get(User, ids["third"])
        facility = Facility(name="Nhà máy Thăng Long của A", commune_code="00493",
                            enterprise_id=admin.enterprise_id, address="KCN Thăng Long")
        other = Facility(name="Xưởng của doanh nghiệp C", commune_code="00493",
                         enterprise_id=third.enterprise_id)
        db.session.add_all([facility, other])
        db.session.commit()
        emails = {role: db.session.get(User, user_id).email for role, user_id in ids.items()}
        return {"ids": ids, "emails": emails, "facility_id": facility.id, "other_facility_id": other.id}


def api(app, people, role):
    return token_for(app.test_client(), people["emails"][role])


def web(app, people, role, locale="en"):
    client = app.test_client()
    assert log_in(client, people["emails"][role]).status_code == 302
    with client.session_transaction() as cookie:
        cookie["locale"] = locale
    return client


def create_draft(client, headers, facility_id, form="ghg-inventory", document=None):
    response = client.post("/api/v1/reports", headers=headers, json={
        "form": form, "facility_id": facility_id, "document": DOCUMENT if document is None else document})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"], response.headers["ETag"]


def post_form(client, page_url, url, data):
    token = csrf_token_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


# --- the preparer ---------------------------------------------------------------------------

def test_a_preparer_creates_edits_and_validates_but_the_api_refuses_its_submit(app, client, people, session):
    headers = api(app, people, "preparer")
    report_id, etag = create_draft(client, headers, people["facility_id"])
    changed = json.loads(json.dumps(DOCUMENT))
    changed["years"][0]["sources"][0]["quantity"] = "1000.000000000000000000001"
    saved = client.put(f"/api/v1/reports/{report_id}", headers={**headers, "If-Match": etag},
                       json={"document": changed})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["result"]["valid"] is True

    refused = client.post(f"/api/v1/reports/{report_id}/submit", headers=headers,
                          json={"certify": True, "password": TEST_PASSWORD})
    assert refused.status_code == 403
    error = refused.get_json()["errors"][0]
    assert error["code"] == "forbidden" and "certifier" in error["message"]
    assert "người ký xác nhận" in error["message_vi"]
    # Refused before the password is checked: nothing counted towards throttling.
    assert session.scalar(select(LoginAttempt.id).where(
        LoginAttempt.email == people["emails"]["preparer"],
        LoginAttempt.kind == AttemptKind.SUBMIT_PASSWORD)) is None
    assert client.get(f"/api/v1/reports/{report_id}", headers=headers).get_json()["status"] == "draft"

    # A certifier of the enterprise submits what the preparer prepared.
    submitted = client.post(f"/api/v1/reports/{report_id}/submit", headers=api(app, people, "certifier"),
                            json={"certify": True, "password": TEST_PASSWORD})
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["status"] == "submitted"


def test_the_submit_page_offers_a_preparer_the_ask_path(app, people):
    preparer = web(app, people, "preparer")
    report_id, _ = create_draft(preparer, api(app, people, "preparer"), people["facility_id"])
    edit = preparer.get(f"/reports/{report_id}").get_data(as_text=True)
    assert "Save and ask a certifier to submit" in edit and "Save and go to submission" not in edit
    page = preparer.get(f"/reports/{report_id}/submit")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="password"' not in html and "I certify the statement above" not in html
    assert f"/reports/{report_id}/request-certification" in html and "Ask a certifier to submit" in html
    # Forcing the certification form anyway: 403, and the report stays a draft.
    forced = preparer.post(f"/reports/{report_id}/submit", data={
        "csrf_token": csrf_token_from(html), "certify": "y", "password": TEST_PASSWORD})
    assert forced.status_code == 403
    assert "Draft" in preparer.get(f"/reports/{report_id}/history").get_data(as_text=True)

    certifier = web(app, people, "certifier")
    html = certifier.get(f"/reports/{report_id}/submit").get_data(as_text=True)
    assert 'name="password"' in html and "request-certification" not in html
    assert "Save and go to submission" in certifier.get(f"/reports/{report_id}").get_data(as_text=True)


def test_asking_a_certifier_notifies_every_certifier_of_the_enterprise(app, people, session):
    preparer = web(app, people, "preparer")
    report_id, _ = create_draft(preparer, api(app, people, "preparer"), people["facility_id"])
    asked = post_form(preparer, f"/reports/{report_id}/submit", f"/reports/{report_id}/request-certification",
                      {"note": "Số liệu than đã đối chiếu hóa đơn tháng 12."})
    assert asked.status_code == 200
    assert "Certification requested" in asked.get_data(as_text=True)
    assert "giamdoc@a.vn" in asked.get_data(as_text=True)

    event = session.scalar(select(ReportEvent).where(ReportEvent.report_id == report_id,
                                                     ReportEvent.action == "certification_requested"))
    assert event.actor_id == people["ids"]["preparer"] and event.note.startswith("Số liệu than")
    mails = session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains("Đề nghị ký xác nhận"))).all()
    assert sorted(m.recipient for m in mails) == ["giamdoc@a.vn", "ketoan@a.vn"]  # certifiers only
    assert all(f"/reports/{report_id}/submit" in m.body and "Nhà máy Thăng Long của A" in m.body for m in mails)

    for role in ("admin", "certifier"):
        notices = web(app, people, role).get("/notifications").get_data(as_text=True)
        assert "A preparer asks you to certify and submit" in notices
        assert f"/reports/{report_id}/submit" in notices and "đối chiếu hóa đơn" in notices
    for role in ("preparer", "consultant", "third"):
        assert "A preparer asks you" not in web(app, people, role).get("/notifications").get_data(as_text=True)
    assert "A certifier asked to submit" in preparer.get(f"/reports/{report_id}/history").get_data(as_text=True)


def test_a_certifier_cannot_ask_and_nobody_asks_about_another_enterprise(app, people, session):
    certifier = web(app, people, "certifier")
    report_id, _ = create_draft(certifier, api(app, people, "certifier"), people["facility_id"])
    own = post_form(certifier, f"/reports/{report_id}/submit", f"/reports/{report_id}/request-certification", {})
    assert own.status_code == 302  # told to submit it themself
    third = web(app, people, "third")
    token = csrf_token_from(third.get("/account/team").get_data(as_text=True))
    assert third.post(f"/reports/{report_id}/request-certification",
                      data={"csrf_token": token}).status_code == 404
    assert session.scalar(select(ReportEvent.id).where(ReportEvent.action == "certification_requested")) is None


# --- the administrator and the team page ----------------------------------------------------

def test_the_administrator_invites_a_preparer_and_promotes_them(app, people, session):
    admin = web(app, people, "admin")
    invited = post_form(admin, "/account/invite", "/account/invite", {
        "email": "moi@a.vn", "full_name": "Phan Thị Mới", "capability": "preparer"})
    assert invited.status_code == 302
    newcomer = session.scalar(select(User).where(User.email == "moi@a.vn"))
    assert newcomer.can_certify is False and newcomer.is_enterprise_admin is False
    assert newcomer.enterprise_id == session.get(User, people["ids"]["admin"]).enterprise_id
    mail = session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "moi@a.vn"))
    assert "người lập báo cáo" in mail.body and "a preparer" in mail.body

    page = admin.get("/account/team").get_data(as_text=True)
    assert "moi@a.vn" in page and "Preparer" in page and "Certifier" in page and "Administrator" in page
    promoted = post_form(admin, "/account/team", "/account/team/members", {
        "member_id": newcomer.id, "capability": "certifier"})
    assert promoted.status_code == 302
    session.expire_all()
    assert session.get(User, newcomer.id).can_certify is True
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "user.capability_change"))
    assert entry.actor_email == "giamdoc@a.vn" and entry.details["after"]["can_certify"] is True


def test_a_member_who_is_not_the_administrator_reads_the_team_and_changes_nothing(app, people, session):
    member = web(app, people, "certifier")
    page = member.get("/account/team")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "giamdoc@a.vn" in html and "nguoilap@a.vn" in html and "Preparer" in html
    assert 'name="member_id"' not in html and 'name="grant_id"' not in html
    token = csrf_token_from(html)
    assert member.post("/account/team/members", data={
        "csrf_token": token, "member_id": people["ids"]["preparer"], "capability": "certifier"}).status_code == 403
    assert member.post("/account/team/grants", data={
        "csrf_token": token, "email": "tuvan@xanh.vn"}).status_code == 403
    assert member.get("/account/invite").status_code == 403
    session.expire_all()
    assert session.get(User, people["ids"]["preparer"]).can_certify is False
    assert session.scalar(select(PreparerGrant.id)) is None


def test_the_administrator_cannot_change_another_enterprises_member(app, people, session):
    admin = web(app, people, "admin")
    refused = post_form(admin, "/account/team", "/account/team/members", {
        "member_id": people["ids"]["third"], "capability": "preparer"})
    assert refused.status_code == 404
    session.expire_all()
    assert session.get(User, people["ids"]["third"]).can_certify is True


def test_the_last_certifying_administrator_cannot_leave_the_enterprise_without_one(app, people, session):
    admin = web(app, people, "admin")
    for change in ({"capability": "preparer", "administrator": "1"}, {"capability": "certifier"}):
        refused = post_form(admin, "/account/team", "/account/team/members",
                            {"member_id": people["ids"]["admin"], **change})
        assert refused.status_code == 302
        assert "at least one administrator who certifies" in admin.get("/account/team").get_data(as_text=True)
        session.expire_all()
        me = session.get(User, people["ids"]["admin"])
        assert me.can_certify is True and me.is_enterprise_admin is True
    # Once a colleague is a certifying administrator too, the first one may step back.
    post_form(admin, "/account/team", "/account/team/members",
              {"member_id": people["ids"]["certifier"], "capability": "certifier", "administrator": "1"})
    post_form(admin, "/account/team", "/account/team/members",
              {"member_id": people["ids"]["admin"], "capability": "preparer", "administrator": "1"})
    session.expire_all()
    assert session.get(User, people["ids"]["admin"]).can_certify is False
    assert session.get(User, people["ids"]["certifier"]).is_enterprise_admin is True


# --- consultants ----------------------------------------------------------------------------

def _grant(app, people):
    admin = web(app, people, "admin")
    granted = post_form(admin, "/account/team", "/account/team/grants", {"email": "TuVan@Xanh.vn"})
    assert granted.status_code == 302
    return admin


def test_a_consultant_prepares_for_a_granting_client_never_certifies_and_loses_access_when_revoked(
        app, client, people, session):
    consultant = api(app, people, "consultant")
    certifier = api(app, people, "certifier")
    report_id, _ = create_draft(client, certifier, people["facility_id"])
    third_report, _ = create_draft(client, api(app, people, "third"), people["other_facility_id"],
                                   document={"facility": {"tax_code": THIRD_TAX_CODE}})

    def facility_names():
        return {f["name"] for f in client.get("/api/v1/facilities", headers=consultant).get_json()}

    # Before any grant: nothing of A's.
    assert "Nhà máy Thăng Long của A" not in facility_names()
    assert client.get(f"/api/v1/reports/{report_id}", headers=consultant).status_code == 404

    admin = _grant(app, people)
    grant = session.scalar(select(PreparerGrant))
    assert grant.grantee_id == people["ids"]["consultant"] and grant.revoked_at_utc is None
    assert session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "tuvan@xanh.vn"))
    assert "tuvan@xanh.vn" in admin.get("/account/team").get_data(as_text=True)

    # With the grant: A's facility and draft, never C's.
    assert facility_names() == {"Nhà máy Thăng Long của A"}
    shown = client.get(f"/api/v1/reports/{report_id}", headers=consultant)
    assert shown.status_code == 200
    edited = client.put(f"/api/v1/reports/{report_id}", headers={**consultant, "If-Match": shown.headers["ETag"]},
                        json={"document": DOCUMENT})
    assert edited.status_code == 200, edited.get_json()
    declaration, _ = create_draft(client, consultant, people["facility_id"], form="env-declaration", document={})
    refused = client.post(f"/api/v1/reports/{report_id}/submit", headers=consultant,
                          json={"certify": True, "password": TEST_PASSWORD})
    assert refused.status_code == 403
    assert client.get(f"/api/v1/reports/{third_report}", headers=consultant).status_code == 404
    assert client.post("/api/v1/reports", headers=consultant, json={
        "form": "ghg-inventory", "facility_id": people["other_facility_id"], "document": DOCUMENT}
    ).status_code == 404

    # The consultant's home lists the client's facilities under the client's name.
    home = web(app, people, "consultant").get("/home").get_data(as_text=True)
    assert "Nhà máy Thăng Long của A" in home and "client: you prepare its reports" in home

    # Revoked: the very next request no longer sees A.
    revoked = post_form(admin, "/account/team", "/account/team/grants/revoke", {"grant_id": grant.id})
    assert revoked.status_code == 302
    assert "Nhà máy Thăng Long của A" not in facility_names()
    assert client.get(f"/api/v1/reports/{report_id}", headers=consultant).status_code == 404
    assert client.get(f"/api/v1/reports/{declaration}", headers=consultant).status_code == 404
    assert client.put(f"/api/v1/reports/{report_id}", headers={**consultant, "If-Match": shown.headers["ETag"]},
                      json={"document": DOCUMENT}).status_code == 404
    actions = set(session.scalars(select(AuditEntry.action)))
    assert {"preparer_grant.create", "preparer_grant.revoke"} <= actions


def test_a_grant_needs_an_enterprise_account_of_another_firm(app, people, session):
    admin = web(app, people, "admin")
    for email in ("khong-co@ai.vn", "nguoilap@a.vn"):
        refused = post_form(admin, "/account/team", "/account/team/grants", {"email": email})
        assert refused.status_code == 400
    _grant(app, people)
    again = post_form(admin, "/account/team", "/account/team/grants", {"email": "tuvan@xanh.vn"})
    assert again.status_code == 409
    assert len(session.scalars(select(PreparerGrant)).all()) == 1


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_the_new_pages_show_no_internal_key(app, people, locale):
    from tests.web.test_no_internal_keys import internal_keys_in

    _grant(app, people)
    preparer = web(app, people, "preparer", locale)
    report_id, _ = create_draft(preparer, api(app, people, "preparer"), people["facility_id"])
    pages = {"/account/team": web(app, people, "admin", locale),
             f"/reports/{report_id}/submit": preparer,
             "/home": web(app, people, "consultant", locale)}
    for url, client in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert internal_keys_in(response.get_data(as_text=True)) == [], url
    asked = post_form(preparer, f"/reports/{report_id}/submit", f"/reports/{report_id}/request-certification", {})
    assert internal_keys_in(asked.get_data(as_text=True)) == []
    for role in ("admin", "certifier"):
        notices = web(app, people, role, locale).get("/notifications").get_data(as_text=True)
        assert "certification_requested" not in notices.replace("notice-certification_requested", "")
        assert internal_keys_in(notices) == []
