"""The analysts' dashboard: who sees it, its figures equal the sector database's, charts, and
the GWP set chosen in the URL."""
import io

import openpyxl
import pytest

from intake.services.statistics import ghg_total
from tests.conftest import log_in
from tests.integration.test_statistics import accepted  # noqa: F401 (fixture)
from tests.integration.test_statistics_gwp_sets import mixed  # noqa: F401 (fixture)


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

    _, email = make_user("analyst")
    log_in(client, email)
    page = client.get("/statistics?year=2022").get_data(as_text=True)
    from tests.conftest import csrf_token_from, run_queued_jobs

    response = client.post("/statistics/export-jobs", data={"year": "2022", "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    # Queued, not run by the web process: nothing happens until a worker takes it.
    assert 'data-job-status="queued"' in client.get(job_url).get_data(as_text=True)
    assert client.get(job_url + "/file").status_code == 404
    assert run_queued_jobs(app) == 1
    assert 'data-job-status="done"' in client.get(job_url).get_data(as_text=True)
    download = client.get(job_url + "/file")
    assert "Tổng hợp" in openpyxl.load_workbook(io.BytesIO(download.data)).sheetnames
    # Nobody else sees another analyst's export.
    _, other = make_user("analyst")
    stranger = app.test_client()
    log_in(stranger, other)
    assert stranger.get(job_url).status_code == 404 and stranger.get(job_url + "/file").status_code == 404


def _shown(value) -> str:
    """A figure as the dashboard shows it in Vietnamese (3 decimals, half up, no trailing zero)."""
    from decimal import ROUND_HALF_UP, Decimal

    whole, fraction = f"{value.quantize(Decimal('0.001'), rounding=ROUND_HALF_UP):.3f}".split(".")
    fraction = fraction.rstrip("0")
    return f"{int(whole):,}".replace(",", ".") + ("," + fraction if fraction else "")


def test_the_dashboard_shows_the_gwp_set_asked_for_and_keeps_it_in_links(client, make_user, session, mixed):  # noqa: F811
    _, email = make_user("analyst")
    log_in(client, email)
    default = client.get("/statistics?year=2022").get_data(as_text=True)
    assert '<option value="AR5" selected>' in default
    assert f"<dd data-total>{_shown(ghg_total(session, 2022, 'AR5'))}</dd>" in default
    for gwp_set in ("AR4", "AR6"):
        html = client.get(f"/statistics?year=2022&gwp_set={gwp_set}").get_data(as_text=True)
        assert f'<option value="{gwp_set}" selected>' in html
        assert f"<dd data-total>{_shown(ghg_total(session, 2022, gwp_set))}</dd>" in html
        assert f'data-gwp-set="{gwp_set}"' in html
        assert f"/statistics/export.xlsx?year=2022&amp;gwp_set={gwp_set}" in html
        assert f"/statistics/report.pdf?year=2022&amp;gwp_set={gwp_set}" in html
        assert f'<input type="hidden" name="gwp_set" value="{gwp_set}">' in html
    assert ghg_total(session, 2022, "AR4") != ghg_total(session, 2022, "AR6")


def test_the_exports_of_the_dashboard_are_in_its_set(client, make_user, session, mixed):  # noqa: F811
    _, email = make_user("analyst")
    log_in(client, email)
    workbook = client.get("/statistics/export.xlsx?year=2022&gwp_set=AR6")
    assert workbook.status_code == 200
    assert "thong-ke-2022-ar6.xlsx" in workbook.headers["Content-Disposition"]
    assert "GWP IPCC AR6" in openpyxl.load_workbook(io.BytesIO(workbook.data))["Tổng hợp"]["A1"].value
    plain = client.get("/statistics/export.xlsx?year=2022")
    assert "thong-ke-2022.xlsx" in plain.headers["Content-Disposition"]
    pdf = client.get("/statistics/report.pdf?year=2022&gwp_set=AR4")
    assert pdf.status_code == 200 and "bao-cao-thong-ke-2022-ar4.pdf" in pdf.headers["Content-Disposition"]


@pytest.mark.parametrize("url", ["/statistics?year=2022&gwp_set=AR9", "/statistics/export.xlsx?year=2022&gwp_set=ar5",
                                 "/statistics/report.pdf?year=2022&gwp_set=SAR"])
def test_an_unknown_gwp_set_is_a_clear_400(client, make_user, mixed, url):  # noqa: F811
    _, email = make_user("analyst")
    log_in(client, email)
    assert client.get(url).status_code == 400


def test_the_background_workbook_is_in_the_set_of_the_page(app, client, make_user, session, mixed):  # noqa: F811

    from tests.conftest import csrf_token_from, run_queued_jobs

    _, email = make_user("analyst")
    log_in(client, email)
    page = client.get("/statistics?year=2022&gwp_set=AR4").get_data(as_text=True)
    response = client.post("/statistics/export-jobs", data={"year": "2022", "gwp_set": "AR4",
                                                            "csrf_token": csrf_token_from(page)})
    job_url = response.headers["Location"]
    run_queued_jobs(app)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(job_url + "/file").data))
    assert "GWP IPCC AR4" in workbook["Tổng hợp"]["A1"].value
