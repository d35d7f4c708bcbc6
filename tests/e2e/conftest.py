"""A real portal (gunicorn, `intake serve`) on a demo database, driven by a real Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import require_or_skip, run_cli

CHROMIUM = os.environ.get("INTAKE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def portal(tmp_path_factory) -> str:
    """Base URL of a running portal with the demo data."""
    folder = tmp_path_factory.mktemp("portal")
    env = {"INTAKE_DATABASE_URL": f"sqlite:///{folder / 'intake.sqlite3'}",
           "INTAKE_INSTANCE_PATH": str(folder / "instance")}
    for args in (("db", "upgrade"), ("seed", "--demo")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    server_env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    server_env.update(env, INTAKE_COOKIE_SECURE="0", INTAKE_PASSWORD_HASH_PROFILE="test")
    log = open(folder / "server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "intake", "serve", "--port", str(port),
                               "--workers", "2"], env=server_env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base_url + "/login", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("the portal did not start:\n" + Path(folder / "server.log").read_text())
            time.sleep(0.2)
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


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
