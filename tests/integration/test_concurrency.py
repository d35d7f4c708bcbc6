"""Several gunicorn workers writing at once, on SQLite and on PostgreSQL: every request
answered, nothing lost or doubled, the audit chain unbroken."""
import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD, run_cli
from tests.portal_server import start_portal, stop_portal

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())
FILERS = 6
REPORTS_EACH = 2
TAX_CODES = ("0100112437", "0100109106", "0300588569")


def call(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def server(database_url, tmp_path):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path)}
    for number in range(FILERS):
        result = run_cli("user", "create", f"filer{number}@congty.vn", "--role", "enterprise",
                         "--tax-code", TAX_CODES[number % 3], "--password-stdin", env=env,
                         input=TEST_PASSWORD + "\n")
        assert result.returncode == 0, result.stderr
    process, base = start_portal(env, tmp_path / "server.log", workers=3)
    yield base, env
    stop_portal(process)


def test_concurrent_filers_on_several_workers(server):
    base, env = server

    def file_reports(number):
        status, body = call(base, "POST", "/api/v1/tokens", {"email": f"filer{number}@congty.vn",
                                                             "password": TEST_PASSWORD})
        assert status == 201, body
        token = body["token"]
        # The filer's own tax code: another one is a warning to explain before submitting.
        document = {**DOCUMENT, "facility": {**DOCUMENT.get("facility", {}), "tax_code": TAX_CODES[number % 3]}}
        statuses = []
        for each in range(REPORTS_EACH):  # one report per facility, form and period
            status, body = call(base, "POST", "/api/v1/facilities", {
                "name": f"Nhà máy số {number}.{each}", "address": "Hà Nội", "commune_code": "00493"}, token)
            assert status == 201, body
            status, report = call(base, "POST", "/api/v1/reports", {
                "form": "ghg-inventory", "facility_id": body["id"], "document": document}, token)
            statuses.append(status)
            status, _ = call(base, "POST", f"/api/v1/reports/{report['id']}/submit",
                             {"certify": True, "password": TEST_PASSWORD}, token)
            statuses.append(status)
        return statuses

    with ThreadPoolExecutor(max_workers=FILERS) as pool:
        results = list(pool.map(file_reports, range(FILERS)))
    assert all(status in (200, 201) for statuses in results for status in statuses), results
    verify = run_cli("audit", "verify", env=env)
    assert verify.returncode == 0, verify.stderr
    # users + tokens + facilities + reports submitted: every action left exactly one entry
    expected_minimum = FILERS * (1 + 1 + 2 * REPORTS_EACH)
    entries = int(verify.stdout.split("intact: ")[1].split()[0])
    assert entries >= expected_minimum
