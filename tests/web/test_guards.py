"""Role guards (`intake.web.guards.requires`): a login first, then the role's predicate, 403
otherwise; a page may answer 404 itself after the guard."""
import pytest

from tests.conftest import log_in

ROLES = ("enterprise", "reviewer", "analyst", "admin")

# path: status for enterprise, reviewer, analyst, admin
GUARDED_PAGES = {
    "/facilities": (200, 403, 403, 403),
    "/excel/upload": (404, 403, 403, 403),  # the filer passes the guard; no such draft: 404
    "/review": (403, 200, 403, 200),
    "/review/excel": (403, 200, 403, 403),
    "/register/ghg-inventory": (403, 200, 403, 200),
    "/admin/periods": (403, 403, 403, 200),
    "/account/requests": (403, 200, 403, 200),
    "/account/invite": (200, 403, 403, 403),
    "/statistics": (403, 200, 200, 200),
}


@pytest.mark.parametrize("path", GUARDED_PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page_and_scripts_get_401(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get(path, headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_its_pages(client, make_user, role):
    _, email = make_user(role)
    log_in(client, email)
    answers = {path: client.get(path).status_code for path in GUARDED_PAGES}
    assert answers == {path: statuses[ROLES.index(role)] for path, statuses in GUARDED_PAGES.items()}


def test_a_guard_keeps_what_the_view_declares(app):
    # `writes_late` (the view takes the write lock itself) must survive the guard's wrapper.
    assert getattr(app.view_functions["filing.submit"], "writes_late", False) is True
    assert getattr(app.view_functions["excel.confirm"], "writes_late", False) is True
