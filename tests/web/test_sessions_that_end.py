"""Stolen cookies and tokens: logout, a password change and a reset end them on the server; an
older reset link dies when a newer one is sent; sessions end when idle or too old."""
import datetime as dt
import re
import threading
import time

from sqlalchemy import select, update

from intake.models import OutboxMessage, User, UserSession
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.web.conftest import token_for

NEW_PASSWORD = "mat-khau-moi-2027"


def text_of(response):
    return response.get_data(as_text=True)


def copy_of_cookie(app, client):
    """Another browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_copied_before_logout_opens_nothing_after_it(app, client, make_user):
    _, email = make_user("analyst")
    log_in(client, email)
    thief = copy_of_cookie(app, client)
    assert thief.get("/home").status_code == 200  # the copy works while the session lives
    home = client.get("/home")
    client.post("/logout", data={"csrf_token": csrf_token_from(text_of(home))})
    refused = thief.get("/home")
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert client.get("/home").status_code == 302


def test_the_cookie_names_a_session_not_the_user(app, client, make_user, session):
    user_id, email = make_user("analyst")
    log_in(client, email)
    stored = session.scalars(select(UserSession).where(UserSession.user_id == user_id)).all()
    assert len(stored) == 1 and len(stored[0].secret_sha256) == 64 and stored[0].ended_at_utc is None
    # A cookie signed with the right key but naming no stored session opens nothing.
    forged = app.test_client()
    with forged.session_transaction() as cookie:
        cookie["_user_id"] = f"{user_id}:forged-secret"
        cookie["_fresh"] = True
    assert forged.get("/home").status_code == 302


def change_password(client, current=TEST_PASSWORD, new=NEW_PASSWORD):
    page = client.get("/account/password")
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "confirm_password": new,
        "csrf_token": csrf_token_from(text_of(page))})


def test_a_password_change_ends_older_sessions_and_tokens_but_not_this_tab(app, make_user):
    _, email = make_user("enterprise")
    tab, other = app.test_client(), app.test_client()
    log_in(tab, email)
    log_in(other, email)
    headers = token_for(app.test_client(), email)
    assert app.test_client().get("/api/v1/facilities", headers=headers).status_code == 200
    stolen = copy_of_cookie(app, tab)
    assert change_password(tab).status_code == 302
    assert tab.get("/home").status_code == 200  # the tab that changed it goes on
    for browser in (other, stolen):  # the older session, even in the same tab's old cookie
        refused = browser.get("/home")
        assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    assert app.test_client().get("/api/v1/facilities", headers=headers).status_code == 401
    assert token_for(app.test_client(), email, NEW_PASSWORD)  # the new password opens a new token


def reset_links(session, email):
    session.expire_all()
    bodies = session.scalars(select(OutboxMessage.body).where(OutboxMessage.recipient == email)
                             .order_by(OutboxMessage.id)).all()
    return [re.search(r"/account/set-password/(\S+)", body).group(1) for body in bodies]


def ask_for_reset(client, email):
    page = client.get("/account/forgot")
    return client.post("/account/forgot", data={"email": email,
                                                  "csrf_token": csrf_token_from(text_of(page))})


def test_a_reset_ends_sessions_and_tokens_and_a_newer_link_kills_the_older(app, make_user, session):
    _, email = make_user("enterprise")
    browser = app.test_client()
    log_in(browser, email)
    headers = token_for(app.test_client(), email)
    stranger = app.test_client()
    assert ask_for_reset(stranger, email).status_code == 200
    assert ask_for_reset(stranger, email).status_code == 200
    older, newer = reset_links(session, email)
    assert stranger.get(f"/account/set-password/{older}").status_code == 410
    page = stranger.get(f"/account/set-password/{newer}")
    assert page.status_code == 200
    done = stranger.post(f"/account/set-password/{newer}", data={
        "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD,
        "csrf_token": csrf_token_from(text_of(page))})
    assert done.status_code == 302
    assert browser.get("/home").status_code == 302
    assert app.test_client().get("/api/v1/facilities", headers=headers).status_code == 401
    assert stranger.get(f"/account/set-password/{newer}").status_code == 410  # used once
    assert log_in(app.test_client(), email, NEW_PASSWORD).status_code == 302


def test_reset_mail_is_limited_and_the_answer_never_says_so(client, make_user, session):
    _, email = make_user("enterprise")
    answers = [ask_for_reset(client, email) for _ in range(5)]
    unknown = ask_for_reset(client, "nobody@example.vn")

    def page(response):
        return re.sub(r'value="[^"]*"', "", text_of(response))

    assert {response.status_code for response in [*answers, unknown]} == {200}
    assert len({page(response) for response in [*answers, unknown]}) == 1
    assert len(reset_links(session, email)) == 3  # RESET_MAILS_PER_ACCOUNT_PER_HOUR


def test_reset_requests_from_one_address_are_limited(app, make_user, session, database_url, tmp_path):
    from intake import create_app
    from tests.conftest import app_config

    limited = create_app(app_config(database_url, tmp_path / "limited",
                                    RESET_REQUESTS_PER_ADDRESS_PER_HOUR=3))
    emails = [make_user("enterprise")[1] for _ in range(4)]
    sweeper = limited.test_client()
    for email in emails:
        assert ask_for_reset(sweeper, email).status_code == 200
    sent = [len(reset_links(session, email)) for email in emails]
    assert sent == [1, 1, 1, 0]
    elsewhere = limited.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    ask_for_reset(elsewhere, emails[3])
    assert len(reset_links(session, emails[3])) == 1


def test_an_idle_session_ends_and_activity_keeps_it_alive(client, make_user, session):
    user_id, email = make_user("analyst")
    log_in(client, email)
    now = dt.datetime.now(dt.timezone.utc)

    def set_last_seen(when):
        session.execute(update(UserSession).where(UserSession.user_id == user_id)
                        .values(last_seen_at_utc=when))
        session.commit()

    set_last_seen(now - dt.timedelta(minutes=30))
    assert client.get("/home").status_code == 200
    session.expire_all()
    seen = session.scalar(select(UserSession.last_seen_at_utc).where(UserSession.user_id == user_id))
    assert seen >= now - dt.timedelta(seconds=5)  # a reading page noted the activity
    set_last_seen(now - dt.timedelta(hours=2, minutes=1))
    assert client.get("/home").status_code == 302


def test_a_reading_page_does_not_wait_for_a_writer_to_note_the_activity(client, make_user, session):
    user_id, email = make_user("analyst")
    log_in(client, email)
    a_while_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=30)
    of_this_user = update(UserSession).where(UserSession.user_id == user_id)
    session.execute(of_this_user.values(last_seen_at_utc=a_while_ago))
    session.commit()
    # Another worker's writer, uncommitted: it holds SQLite's write lock, PostgreSQL's row lock.
    writer = session.get_bind().connect()
    writer.execute(of_this_user.values(last_seen_at_utc=a_while_ago))
    release = threading.Timer(8, writer.rollback)  # a page that waited would not wait for ever
    release.start()
    try:
        started = time.monotonic()
        page = client.get("/home")
        waited = time.monotonic() - started
    finally:
        release.cancel()
        release.join()
        writer.rollback()
        writer.close()
    assert page.status_code == 200 and waited < 5  # not SQLite's busy timeout (15 s), not for ever

    def last_seen():
        session.expire_all()
        return session.scalar(select(UserSession.last_seen_at_utc).where(UserSession.user_id == user_id))

    assert last_seen() == a_while_ago  # left to the next request
    assert client.get("/home").status_code == 200
    assert last_seen() > a_while_ago + dt.timedelta(minutes=29)


def test_a_session_ends_at_its_absolute_limit_however_active(client, make_user, session):
    user_id, email = make_user("analyst")
    log_in(client, email)
    stored = session.scalar(select(UserSession).where(UserSession.user_id == user_id))
    assert stored.expires_at_utc - stored.created_at_utc == dt.timedelta(hours=8)
    session.execute(update(UserSession).where(UserSession.user_id == user_id).values(
        expires_at_utc=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)))
    session.commit()
    assert client.get("/home").status_code == 302


def test_a_deactivated_user_loses_the_session(client, make_user, session):
    user_id, email = make_user("analyst")
    log_in(client, email)
    session.get(User, user_id).is_active = False
    session.commit()
    assert client.get("/home").status_code == 302
