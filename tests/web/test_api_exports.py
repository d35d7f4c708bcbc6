"""/api/v1/exports: an analyst asks, a worker makes the file, only the analyst downloads it."""
import io
import subprocess

import openpyxl
import pytest

from tests.conftest import run_queued_jobs
from tests.integration.test_statistics import accepted  # noqa: F401 (fixture)
from tests.web.conftest import token_for


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_an_export_is_queued_then_made_by_the_worker(app, client, make_user, accepted, tmp_path):  # noqa: F811
    _, email = make_user("analyst")
    headers = token_for(client, email)
    asked = client.post("/api/v1/exports", json={"year": 2022, "format": "pdf"}, headers=headers)
    assert asked.status_code == 202, asked.get_json()
    job = asked.get_json()
    assert (job["status"], job["progress"], job["year"], job["format"], job["gwp_set"]) == (
        "queued", 0, 2022, "pdf", "AR5")
    assert job["step"]["label_vi"] == "Đang chờ"
    # The web process made nothing: the file is not there until a worker runs the job.
    assert client.get(job["url"], headers=headers).get_json()["status"] == "queued"
    assert client.get(f"{job['url']}/file", headers=headers).status_code == 404

    assert run_queued_jobs(app) == 1
    done = client.get(job["url"], headers=headers).get_json()
    assert (done["status"], done["progress"], done["attempts"]) == ("done", 100, 1)
    assert done["steps_done"] == done["steps_total"] == 3
    assert done["file_name"] == "bao-cao-thong-ke-2022.pdf" and done["media_type"] == "application/pdf"
    download = client.get(done["file_url"], headers=headers)
    assert download.status_code == 200 and len(download.data) == done["size"]
    assert "Nhà máy Giấy Việt Hưng" in _pdf_text(download.data, tmp_path)
    # Another analyst cannot tell the job exists.
    _, other = make_user("analyst")
    stranger = token_for(client, other)
    assert client.get(job["url"], headers=stranger).status_code == 404
    assert client.get(done["file_url"], headers=stranger).status_code == 404


def test_a_workbook_in_another_gwp_set(app, client, make_user, accepted):  # noqa: F811
    _, email = make_user("analyst")
    headers = token_for(client, email)
    job = client.post("/api/v1/exports", json={"year": 2022, "gwp_set": "AR6"}, headers=headers).get_json()
    run_queued_jobs(app)
    done = client.get(job["url"], headers=headers).get_json()
    assert done["file_name"] == "thong-ke-2022-ar6.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(done["file_url"], headers=headers).data))
    assert "GWP IPCC AR6" in workbook["Tổng hợp"]["A1"].value


@pytest.mark.parametrize("body, path", [
    ({"year": 1999}, "year"),  # no accepted report that year
    ({"year": "2022"}, "year"),  # a string is not a year
    ({"year": 2022, "format": "docx"}, "format"),
    ({"year": 2022, "gwp_set": "AR3"}, "gwp_set"),
    ({"year": 2022, "kind": "everything"}, "kind"),
])
def test_a_refused_export_says_which_field_and_queues_nothing(app, client, make_user, accepted, body, path):  # noqa: F811
    _, email = make_user("analyst")
    answer = client.post("/api/v1/exports", json=body, headers=token_for(client, email))
    assert answer.status_code == 422
    assert [error["path"] for error in answer.get_json()["errors"]] == [path]
    assert run_queued_jobs(app) == 0


def test_filers_cannot_export(client, make_user):
    _, email = make_user("enterprise", tax_code="0300588569")
    assert client.post("/api/v1/exports", json={"year": 2022},
                       headers=token_for(client, email)).status_code == 403
