"""Throttling that a stranger cannot turn against others: per account and address, per address,
slower per account; the real client address behind trusted proxies; password re-entry on
submit and on password change counted like logins."""
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from intake.models import LoginAttempt, Report, ReportStatus
from tests.conftest import TEST_PASSWORD, app_config, csrf_token_from, log_in

DATA = Path(__file__).resolve().parents[1] / "data" / "api"
WRONG = "sai-mat-khau-123"


def text_of(response):
    return response.get_data(as_text=True)


def client_at(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failures_lock_the_account_from_that_address_only(app, make_user):
    _, email = make_user("reviewer")
    guesser = client_at(app, "203.0.113.9")
    for _ in range(5):
        assert log_in(guesser, email, WRONG).status_code == 401
    assert log_in(guesser, email, WRONG).status_code == 429
    assert log_in(guesser, email).status_code == 429  # even the right password, from there
    owner = client_at(app, "198.51.100.20")
    assert log_in(owner, email).status_code == 302
    assert owner.get("/home").status_code == 200


def test_one_address_cannot_sweep_many_accounts(database_url, tmp_path, make_user, app):
    from intake import create_app

    strict = create_app(app_config(database_url, tmp_path / "strict", LOGIN_MAX_FAILURES_PER_IP=4))
    emails = [make_user("analyst")[1] for _ in range(3)]
    sweeper = client_at(strict, "203.0.113.10")
    statuses = [log_in(sweeper, email, WRONG).status_code for email in emails for _ in range(2)]
    assert statuses == [401, 401, 401, 401, 429, 429]
    assert log_in(client_at(strict, "198.51.100.21"), emails[2]).status_code == 302


@pytest.mark.parametrize("proxies, locked_out", [(1, False), (0, True)])
def test_the_client_address_comes_from_trusted_proxies_only(database_url, tmp_path, make_user, app,
                                                            session, proxies, locked_out):
    from intake import create_app

    portal = create_app(app_config(database_url, tmp_path / f"proxied{proxies}", TRUSTED_PROXIES=proxies))
    _, email = make_user("reviewer")
    guesser = portal.test_client()
    guesser.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.77"
    for _ in range(5):
        assert log_in(guesser, email, WRONG).status_code == 401
    owner = portal.test_client()
    owner.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.78"
    assert log_in(owner, email).status_code == (429 if locked_out else 302)
    addresses = set(session.scalars(select(LoginAttempt.ip_address).where(LoginAttempt.email == email)))
    assert addresses == ({"127.0.0.1"} if proxies == 0 else {"203.0.113.77", "198.51.100.78"})


def test_wrong_current_passwords_are_throttled_on_password_change(client, make_user):
    _, email = make_user("enterprise")
    log_in(client, email)

    def attempt(current):
        page = client.get("/account/password")
        return client.post("/account/password", data={
            "current_password": current, "new_password": "mat-khau-moi-2027",
            "confirm_password": "mat-khau-moi-2027", "csrf_token": csrf_token_from(text_of(page))})

    assert [attempt(WRONG).status_code for _ in range(5)] == [400] * 5
    refused = attempt(TEST_PASSWORD)
    assert refused.status_code == 429 and "Nhập sai mật khẩu quá nhiều lần" in text_of(refused)
    assert log_in(client_at(client.application, "198.51.100.30"), email).status_code == 302


def draft_through_the_api(client, api_filer):
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    created = client.post("/api/v1/reports", headers=api_filer["headers"], json={
        "form": "ghg-inventory", "facility_id": api_filer["facility_id"], "document": document})
    assert created.status_code == 201
    return created.get_json()["id"]


def test_wrong_submit_passwords_are_throttled_in_the_api(client, api_filer, session):
    report_id = draft_through_the_api(client, api_filer)
    url = f"/api/v1/reports/{report_id}/submit"

    def submit(password):
        return client.post(url, headers=api_filer["headers"], json={"certify": True, "password": password})

    for _ in range(5):
        wrong = submit(WRONG)
        assert wrong.status_code == 422 and wrong.get_json()["errors"][0]["code"] == "wrong_password"
    throttled = submit(TEST_PASSWORD)
    assert throttled.status_code == 429
    error = throttled.get_json()["errors"][0]
    assert error["code"] == "too_many_attempts" and error["path"] == "password"
    assert error["message"] and "quá nhiều lần" in error["message_vi"]
    assert session.get(Report, report_id).status is ReportStatus.DRAFT
    # The same guesses count against a login from that address.
    assert client.post("/api/v1/tokens", json={"email": api_filer["email"],
                                               "password": TEST_PASSWORD}).status_code == 429


def test_wrong_submit_passwords_are_throttled_on_the_web(app, client, api_filer, session):
    report_id = draft_through_the_api(client, api_filer)
    browser = app.test_client()
    log_in(browser, api_filer["email"])
    page = browser.get(f"/reports/{report_id}/submit")
    token = csrf_token_from(text_of(page))

    def submit(password):
        return browser.post(f"/reports/{report_id}/submit",
                            data={"certify": "y", "password": password, "csrf_token": token})

    for _ in range(5):
        wrong = submit(WRONG)
        assert wrong.status_code == 422 and "Mật khẩu không đúng." in text_of(wrong)
    throttled = submit(TEST_PASSWORD)
    assert throttled.status_code == 429
    assert "Nhập sai mật khẩu quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại." in text_of(throttled)
    session.expire_all()
    assert session.get(Report, report_id).status is ReportStatus.DRAFT
    kinds = session.scalars(select(LoginAttempt.kind).where(LoginAttempt.email == api_filer["email"],
                                                             LoginAttempt.succeeded.is_(False))).all()
    assert [kind.value for kind in kinds] == ["submit_password"] * 5  # refused tries not counted
