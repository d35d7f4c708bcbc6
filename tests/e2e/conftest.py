"""A real portal (gunicorn, `intake serve`) on a demo database, driven by a real Chromium."""
from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import require_or_skip, run_cli
from tests.portal_server import start_portal, stop_portal

WORKED_EXAMPLE = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                            .read_text(encoding="utf-8"))


def api(portal, method, path, body=None, token=None, headers=None):
    """A call of the running portal's API: (the JSON answer, its ETag)."""
    request = urllib.request.Request(portal + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read()), response.headers.get("ETag")


CHROMIUM = os.environ.get("INTAKE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> str:
    """Base URL of a running portal with the demo data."""
    folder = tmp_path_factory.mktemp("portal")
    env = {"INTAKE_DATABASE_URL": f"sqlite:///{folder / 'intake.sqlite3'}",
           "INTAKE_INSTANCE_PATH": str(folder / "instance")}
    for args in (("db", "upgrade"), ("seed", "--demo")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
    server, base_url = start_portal({**env, "INTAKE_COOKIE_SECURE": "0"}, folder / "server.log")
    yield base_url
    stop_portal(server)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        require_or_skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()
