"""The analysts' dashboard: who sees it, its figures equal the sector database's, charts."""
import io

import openpyxl
import pytest

from intake.services.statistics import ghg_total
from tests.conftest import log_in
from tests.integration.test_statistics import accepted  # noqa: F401 (fixture)


@pytest.mark.parametrize("role, status", [("enterprise", 403), ("analyst", 200), ("reviewer", 200), ("admin", 200)])
def test_who_sees_the_dashboard(client, make_user, role, status):
    _, email = make_user(role, tax_code="0300588569" if role == "enterprise" else None)
    log_in(client, email)
    assert client.get("/statistics").status_code == status


def test_anonymous_visitors_are_sent_to_login(client):
    assert client.get("/statistics").status_code == 302


def test_the_dashboard_shows_the_accepted_totals_with_charts(client, make_user, session, accepted):  # noqa: F811
    _, email = make_user("analyst")
    log_in(client, email)
    html = client.get("/statistics?year=2022").get_data(as_text=True)
    total = ghg_total(session, 2022)
    whole, fraction = f"{total:.3f}".split(".")
    expected = f"{int(whole):,}".replace(",", ".") + "," + fraction.rstrip("0")
    assert f"<dd data-total>{expected.rstrip(',')}</dd>" in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') >= 4
    assert "<title id=\"chart-category-title\">" in html
    assert "Nhà máy Giấy Việt Hưng" in html
    workbook = client.get("/statistics/export.xlsx?year=2022")
    assert workbook.status_code == 200
    assert "Tổng hợp" in openpyxl.load_workbook(io.BytesIO(workbook.data)).sheetnames


def test_the_workbook_can_be_prepared_in_the_background(app, client, make_user, session, accepted):  # noqa: F811
    import time

    _, email = make_user("analyst")
    log_in(client, email)
    page = client.get("/statistics?year=2022").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    response = client.post("/statistics/export-jobs", data={"year": "2022", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    for _ in range(100):
        status = client.get(job_url).get_data(as_text=True)
        if 'data-job-status="done"' in status:
            break
        time.sleep(0.1)
    assert 'data-job-status="done"' in status
    download = client.get(job_url + ".xlsx")
    assert "Tổng hợp" in openpyxl.load_workbook(io.BytesIO(download.data)).sheetnames
    # Nobody else sees another analyst's export.
    _, other = make_user("analyst")
    stranger = app.test_client()
    log_in(stranger, other)
    assert stranger.get(job_url).status_code == 404 and stranger.get(job_url + ".xlsx").status_code == 404
