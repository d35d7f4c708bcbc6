"""Login, logout, password change and language, through the real pages (CSRF included)."""
import re

from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in


def text_of(response):
    return response.get_data(as_text=True)


def test_the_login_page_is_vietnamese_first_with_bound_labels(client):
    page = client.get("/login")
    html = text_of(page)
    assert page.status_code == 200
    assert '<html lang="vi">' in html and "Đăng nhập" in html and "Mật khẩu" in html
    for field in ("email", "password"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert 'role="banner"' in html and '<main id="main"' in html and 'role="contentinfo"' in html


def test_a_login_without_its_csrf_token_is_refused(client, make_user):
    _, email = make_user("reviewer")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert client.get("/home").status_code == 302  # still not logged in


def test_a_login_with_a_forged_csrf_token_is_refused(client, make_user):
    _, email = make_user("reviewer")
    client.get("/login")
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400


def test_reviewer_logs_in_and_sees_the_review_desk(client, make_user):
    _, email = make_user("reviewer")
    response = log_in(client, email)
    assert response.status_code == 302
    home = client.get("/home")
    assert home.status_code == 200 and "Bàn thẩm định báo cáo" in text_of(home)
    assert "71" in text_of(home)  # the Decision 42/2026 register


def test_unknown_email_and_wrong_password_get_the_same_page(client, make_user):
    _, email = make_user("reviewer")
    unknown = log_in(client, "nobody@example.vn", TEST_PASSWORD)
    wrong = log_in(client, email, "wrong-password-123")
    assert unknown.status_code == wrong.status_code == 401

    def message(response):
        return re.sub(r'value="[^"]*"', "", text_of(response))

    assert message(unknown).replace("nobody@example.vn", "") == message(wrong).replace(email, "")
    assert "Thư điện tử hoặc mật khẩu không đúng." in text_of(wrong)


def test_repeated_failures_are_throttled(client, make_user):
    _, email = make_user("reviewer")
    for _ in range(5):
        assert log_in(client, email, "wrong-password-123").status_code == 401
    response = log_in(client, email)
    assert response.status_code == 429
    assert "15 phút" in text_of(response)


def test_open_redirects_are_refused(client, make_user):
    _, email = make_user("reviewer")
    page = client.get("/login?next=https://evil.example/")
    response = client.post("/login?next=https://evil.example/", data={
        "email": email, "password": TEST_PASSWORD, "csrf_token": csrf_token_from(text_of(page))})
    assert response.headers["Location"] in ("/", "/home", "http://localhost/")


def test_logout_needs_post_with_csrf(client, make_user):
    _, email = make_user("analyst")
    log_in(client, email)
    assert client.get("/logout").status_code == 405
    home = client.get("/home")
    response = client.post("/logout", data={"csrf_token": csrf_token_from(text_of(home))})
    assert response.status_code == 302
    assert client.get("/home").status_code == 302


def test_changing_the_password_ends_other_sessions(app, make_user):
    _, email = make_user("enterprise")
    first, second = app.test_client(), app.test_client()
    log_in(first, email)
    log_in(second, email)
    page = first.get("/account/password")
    response = first.post("/account/password", data={
        "current_password": TEST_PASSWORD, "new_password": "mat-khau-moi-2027",
        "confirm_password": "mat-khau-moi-2027", "csrf_token": csrf_token_from(text_of(page))})
    assert response.status_code == 302
    assert first.get("/home").status_code == 200
    assert second.get("/home").status_code == 302  # the other session is over
    assert log_in(app.test_client(), email, "mat-khau-moi-2027").status_code == 302


def test_a_wrong_current_password_is_shown_inline(client, make_user):
    _, email = make_user("enterprise")
    log_in(client, email)
    page = client.get("/account/password")
    response = client.post("/account/password", data={
        "current_password": "not-my-password", "new_password": "mat-khau-moi-2027",
        "confirm_password": "mat-khau-moi-2027", "csrf_token": csrf_token_from(text_of(page))})
    assert response.status_code == 400
    html = text_of(response)
    assert "Mật khẩu hiện tại không đúng." in html and 'href="#current_password"' in html


def test_english_on_request(client):
    page = client.get("/login")
    response = client.post("/language/en", data={"csrf_token": csrf_token_from(text_of(page)),
                                                  "next": "/login"})
    assert response.headers["Location"].endswith("/login")
    html = text_of(client.get("/login"))
    assert '<html lang="en">' in html and "Log in" in html and "Password" in html


def test_production_cookies_are_secure_and_http_only(database_url, tmp_path):
    from intake import create_app
    from tests.conftest import app_config

    config = app_config(database_url, tmp_path / "instance")
    del config["SESSION_COOKIE_SECURE"], config["REMEMBER_COOKIE_SECURE"]
    app = create_app(config)
    cookie = app.test_client().get("/login").headers.get("Set-Cookie", "")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_carry_security_headers(client):
    headers = client.get("/login").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


def test_unknown_pages_get_a_bilingual_404(client):
    response = client.get("/khong-co-trang-nay")
    assert response.status_code == 404
    assert "không tồn tại" in text_of(response) and "does not exist" in text_of(response)
