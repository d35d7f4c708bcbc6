"""WTForms' own messages in Vietnamese: every web form posted empty (with its CSRF token) in
Vietnamese shows none of WTForms' English texts, and its Vietnamese "required" message instead
(issue 14: "Certify: This field is required." on the submit page and the admin period form)."""
from __future__ import annotations

import re

import pytest

from intake.web.form_messages import WTFORMS_MESSAGES
from tests.conftest import csrf_token_from
from tests.web.shared_world import open_world
from tests.web.test_no_internal_keys import visible_text

# WTForms' English, its %(...)s placeholders matching anything.
ENGLISH = [re.compile(re.escape(m._args[0]).replace(r"%\(", "%(").split("%(")[0])
           for m in WTFORMS_MESSAGES] + [re.compile(r"This field is required"),
                                          re.compile(r"Not a valid")]


@pytest.fixture(scope="module")
def world(backend, database_template, tmp_path_factory):
    with open_world(backend, database_template, tmp_path_factory.mktemp("messages")) as opened:
        yield opened


def _post_empty(client, url: str, extra: dict | None = None) -> str:
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, **(extra or {})})
    assert response.status_code in (200, 400, 422), (url, response.status_code)
    return response.get_data(as_text=True)


def _in_vietnamese(client) -> None:
    token = csrf_token_from(client.get("/account/forgot").get_data(as_text=True))
    client.post("/language/vi", data={"csrf_token": token})


@pytest.mark.parametrize(("role", "url"), [
    ("anonymous", "/login"),
    ("anonymous", "/account/forgot"),
    ("anonymous", "/account/request"),
    ("enterprise_a", "/account/password"),
    ("enterprise_a", "/account/invite"),
    ("enterprise_a", "/facilities"),
    ("enterprise_a", "submit"),
    ("admin", "/admin/periods"),
])
def test_an_empty_form_answers_in_vietnamese(world, role, url):
    client = world.clients[role]
    _in_vietnamese(client)
    if url == "submit":
        with world.app.test_request_context():
            from flask import url_for
            url = url_for("filing.submit", report_id=world.draft_id)
    if client.get(url).status_code != 200:
        pytest.skip(f"{url} is not a page of {role} here")
    html = _post_empty(client, url)
    text = visible_text(html)
    english = [pattern.pattern for pattern in ENGLISH if pattern.pattern and pattern.search(text)]
    assert not english, f"{url}: WTForms' English on a Vietnamese page: {english}"


def test_the_admin_period_form_says_required_in_vietnamese(world):
    client = world.clients["admin"]
    _in_vietnamese(client)
    text = visible_text(_post_empty(client, "/admin/periods"))
    assert "Trường này là bắt buộc." in text  # a validator's message
    assert "Lựa chọn không hợp lệ." in text  # a field type's own (SelectField)
