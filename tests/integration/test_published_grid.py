"""A grid factor published after filing: `intake factors publish-grid` makes a new library
version; every report calculated with a provisional factor for that year is recalculated (the
filed version untouched, both factors traced, the certifiers told); the statistics count the
published factor, and new filings use it."""
import copy
import json
from decimal import Decimal

import pytest
from sqlalchemy import select

from intake.models import Facility, OutboxMessage, Recalculation, Report, ReportVersion, User
from intake.services import reports as filing
from intake.services.statistics import ghg_total
from tests.conftest import run_cli
from tests.integration.test_statistics import worked_example
from tests.integration.test_statistics_gwp_sets import submit_explained
from tests.review_helpers import accept_after_review

PROVISIONAL = Decimal("0.6592")  # the latest published (2023), used for 2024 until 2024's is out
PUBLISHED = "0.71234567890123456789"  # more digits than a float holds


def inventory_of_2024(scale: int) -> dict:
    document = worked_example()
    year = copy.deepcopy(document["years"][0])
    year["year"] = 2024
    for source in year["sources"]:
        source["quantity"] = str(Decimal(source["quantity"]) * scale)
    document["years"] = [year]
    return document


@pytest.fixture
def filed_2024(session, make_user):
    reviewer_id, _ = make_user("reviewer")
    plants = (("0100112437", "Nhà máy Giấy Việt Hưng", 1), ("0100109106", "Nhà máy Xi măng Sông Đà", 3))
    filers = [make_user("enterprise", tax_code=tax_code)[0] for tax_code, _, _ in plants]
    reviewer = session.get(User, reviewer_id)
    report_ids = []
    for (tax_code, name, scale), user_id in zip(plants, filers):
        user = session.get(User, user_id)
        facility = Facility(name=name, commune_code="00127", vsic="1702", enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        document = inventory_of_2024(scale)
        document["facility"].update(tax_code=tax_code, name=name, commune_code="00127", vsic="1702")
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=document)
        assert "provisional_grid_factor" in {w["code"] for w in report.result["warnings"]}
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        report_ids.append(report.id)
    session.commit()
    return report_ids


def _grid_mwh(result) -> Decimal:
    return sum((Decimal(str(line["electricity_mwh"])) for line in result["lines"]
                if any(f["parameter"] == "grid" for f in line["factors"])), Decimal(0))


def test_publishing_recalculates_the_provisional_reports_and_the_statistics(session, filed_2024, database_url,
                                                                          tmp_path):
    versions = [session.scalars(select(ReportVersion).where(ReportVersion.report_id == rid)).one()
                for rid in filed_2024]
    filed = [(v.sha256, json.dumps(v.result, sort_keys=True, default=str)) for v in versions]
    mwh = sum(_grid_mwh(v.result) for v in versions)
    assert mwh > 0
    before = ghg_total(session, 2024)

    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "instance")}
    published = run_cli("factors", "publish-grid", "2024", PUBLISHED, "--source", "Công văn 1234/BĐKH-PTCBT", env=env)
    assert published.returncode == 0, published.stderr
    assert "factor library 2026.2+1" in published.stdout and "reports recalculated: 2" in published.stdout

    session.expire_all()
    # The statistics count the published factor, to the last digit.
    assert ghg_total(session, 2024) == before + mwh * (Decimal(PUBLISHED) - PROVISIONAL)
    # The filed versions are exactly as filed.
    for version, (sha256, result) in zip(versions, filed):
        session.refresh(version)
        assert (version.sha256, json.dumps(version.result, sort_keys=True, default=str)) == (sha256, result)
    recalculations = session.scalars(select(Recalculation).order_by(Recalculation.report_id)).all()
    assert [r.report_id for r in recalculations] == filed_2024
    for recalculation in recalculations:
        trace = recalculation.trace
        assert Decimal(str(trace["before"]["value"])) == PROVISIONAL and trace["before"]["provisional"] is True
        assert Decimal(str(trace["after"]["value"])) == Decimal(PUBLISHED) and "provisional" not in trace["after"]
        assert "Công văn 1234/BĐKH-PTCBT" in trace["after"]["source"]
        assert (recalculation.library_version_before, recalculation.library_version_after) == ("2026.2", "2026.2+1")
        assert not [w for w in recalculation.result["warnings"] if w["code"] == "provisional_grid_factor"]
    told = session.scalars(select(OutboxMessage).where(OutboxMessage.subject.like("%tính lại%"))).all()
    assert len(told) == 2 and all("bản đã nộp không thay đổi" in m.body for m in told)

    # A factor is published once; a year the library has is not published again.
    again = run_cli("factors", "publish-grid", "2024", "0.7", "--source", "x", env=env)
    assert again.returncode == 1 and "published already" in again.stderr
    shipped = run_cli("factors", "publish-grid", "2023", "0.7", "--source", "x", env=env)
    assert shipped.returncode == 1 and "in factor library 2026.2 already" in shipped.stderr
    nonsense = run_cli("factors", "publish-grid", "2025", "7,5", "--source", "x", env=env)  # a typo
    assert nonsense.returncode == 1 and "tco2_per_mwh" in nonsense.stderr

    # The version new calculations use, chosen from the command line too.
    back = run_cli("factors", "activate", "2026.2", env=env)
    assert back.returncode == 0 and "new calculations use factor library 2026.2" in back.stdout
    assert "in use already" in run_cli("factors", "activate", "2026.2", env=env).stdout
    missing = run_cli("factors", "activate", "2026.2+9", env=env)
    assert missing.returncode == 1 and "no factor library version '2026.2+9'" in missing.stderr


def test_new_filings_use_the_published_factor_and_a_second_run_recalculates_nothing(session, filed_2024, make_user):
    from intake.services.published_factors import publish_grid, recalculate

    publication, _job = publish_grid(session, None, year=2024, tco2_per_mwh=PUBLISHED, source="Công văn 1234")
    made = recalculate(session, publication)
    assert len(made) == 2 and recalculate(session, publication) == []
    session.commit()

    report = session.get(Report, filed_2024[0])
    user = session.scalars(select(User).where(User.enterprise_id == report.facility.enterprise_id)).first()
    other = Facility(name="Nhà máy mới", commune_code="00127", vsic="1702", enterprise_id=user.enterprise_id)
    session.add(other)
    session.flush()
    draft = filing.create_report(session, user, form="ghg-inventory", facility_id=other.id,
                                 document=inventory_of_2024(1))
    assert "provisional_grid_factor" not in {w["code"] for w in draft.result["warnings"]}
    assert draft.result["factor_library_version"] == "2026.2+1"
    grid = [f for line in draft.result["lines"] for f in line["factors"] if f["parameter"] == "grid"]
    assert grid and all(Decimal(str(f["value"])) == Decimal(PUBLISHED) for f in grid)


def test_the_exports_and_the_api_say_which_factor_counts(session, filed_2024, client, make_user):
    import io

    import openpyxl

    from intake.services.published_factors import publish_grid, recalculate
    from intake.services.statistics_export import statistics_workbook
    from tests.web.conftest import token_for

    publication, _job = publish_grid(session, None, year=2024, tco2_per_mwh=PUBLISHED, source="Công văn 1234")
    recalculate(session, publication)
    session.commit()
    terms = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2024)))["Giải thích số liệu"]
    session.commit()  # the export's audit entry
    published = [row for row in terms.iter_rows(values_only=True) if row[0] == "Hệ số lưới điện 2024"]
    assert published and "Công văn 1234" in published[0][1] and "2026.2+1" in published[0][1]

    _, email = make_user("reviewer")
    answer = client.get(f"/api/v1/reports/{filed_2024[0]}", headers=token_for(client, email)).get_json()
    (recalculated,) = answer["versions"][0]["recalculations"]
    assert recalculated["factor_library_version"] == "2026.2+1" and recalculated["year"] == 2024
    assert Decimal(str(recalculated["grid_factor"])) == Decimal(PUBLISHED)
    assert Decimal(str(recalculated["grid_factor_before"])) == PROVISIONAL


def test_the_administrator_publishes_on_the_page_and_the_worker_recalculates(app, client, session, filed_2024,
                                                                            make_user):
    from tests.conftest import csrf_token_from, log_in, run_queued_jobs

    _, email = make_user("admin")
    log_in(client, email)
    page = client.get("/admin/factors").get_data(as_text=True)
    assert 'data-grid-year="2023"' in page and 'data-grid-year="2024"' not in page
    typo = client.post("/admin/factors", data={"year": "2024", "tco2_per_mwh": "71", "source": "Công văn 1234",
                                               "csrf_token": csrf_token_from(page)})
    assert typo.status_code == 400 and "không phải hệ số lưới điện" in typo.get_data(as_text=True)
    assert session.scalars(select(Recalculation)).all() == []
    published = client.post("/admin/factors", data={"year": "2024", "tco2_per_mwh": "0,712", "source": "Công văn 1234",
                                                    "csrf_token": csrf_token_from(page)})
    assert published.status_code == 302
    # Queued for the worker: nothing is recalculated until it runs.
    assert session.scalars(select(Recalculation)).all() == []
    assert run_queued_jobs(app) == 1
    assert len(session.scalars(select(Recalculation)).all()) == 2
    after = client.get("/admin/factors").get_data(as_text=True)
    assert 'data-grid-year="2024"' in after and "công bố trên cổng" in after and 'data-job-status="done"' in after


def test_the_library_page_lists_the_versions_and_what_a_publication_changed(client, session, filed_2024, make_user):
    from intake.services.published_factors import publish_grid, recalculate
    from tests.conftest import log_in

    publication, _job = publish_grid(session, None, year=2024, tco2_per_mwh=PUBLISHED, source="Công văn 1234")
    recalculate(session, publication)
    session.commit()
    _, email = make_user("admin")
    log_in(client, email)
    page = client.get("/admin/library").get_data(as_text=True)
    assert 'data-library-version="2026.2"' in page and 'data-library-version="2026.2+1"' in page
    assert "2026.2 cùng hệ số lưới điện công bố cho năm 2024" in page
    diff = client.get("/admin/library?diff=2026.2%2B1").get_data(as_text=True)
    table = diff.split("data-library-diff")[1].split("</table>")[0]
    assert "Hệ số phát thải lưới điện" in table and PUBLISHED in table and "Công văn 1234" in table
    assert table.count("<tr>") == 2  # the header and the one published factor
    assert client.get("/admin/library?diff=nonsense").status_code == 200


def test_an_administrator_activates_the_version_new_reports_use(client, session, filed_2024, make_user):
    """Activating the shipped 2026.2 again puts new drafts back on the provisional factor (a
    submitted version keeps its library); a recalculation still uses its publication's version;
    activating 2026.2+1 again brings the published factor back on the draft's next save."""
    from intake.models import AuditEntry
    from intake.services.published_factors import publish_grid, recalculate
    from tests.conftest import csrf_token_from, log_in

    publication, _job = publish_grid(session, None, year=2024, tco2_per_mwh=PUBLISHED, source="Công văn 1234")
    session.commit()
    _, email = make_user("admin")
    log_in(client, email)
    page = client.get("/admin/library").get_data(as_text=True)
    row = page.split('data-library-version="2026.2+1"')[1].split("</tr>")[0]
    assert "hiện hành" in row and "Đang áp dụng" in row
    token = csrf_token_from(page)

    unknown = client.post("/admin/library/activate", data={"version": "2099.9", "csrf_token": token})
    assert unknown.status_code == 303
    assert "Không có phiên bản thư viện hệ số 2099.9" in client.get("/admin/library").get_data(as_text=True)
    assert client.post("/admin/library/activate", data={"version": "2026.2"}).status_code == 400  # no CSRF token

    assert client.post("/admin/library/activate", data={"version": "2026.2", "csrf_token": token}).status_code == 302
    page = client.get("/admin/library").get_data(as_text=True)
    assert "Từ nay các lần tính mới dùng thư viện hệ số 2026.2." in page
    assert "hiện hành" in page.split('data-library-version="2026.2"')[1].split("</tr>")[0]
    assert "hiện hành" not in page.split('data-library-version="2026.2+1"')[1].split("</tr>")[0]
    session.expire_all()
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "factors.activate")).all()
    assert entry.details == {"before": "2026.2+1", "after": "2026.2"} and entry.object_id == "2026.2"

    # The job queued by the publication runs after the activation: it still recalculates with 2026.2+1.
    made = recalculate(session, publication)
    assert made and all(r.library_version_after == "2026.2+1" for r in made)
    assert all(Decimal(str(r.trace["after"]["value"])) == Decimal(PUBLISHED) for r in made)

    report = session.get(Report, filed_2024[0])
    user = session.scalars(select(User).where(User.enterprise_id == report.facility.enterprise_id)).first()
    other = Facility(name="Nhà máy mới", commune_code="00127", vsic="1702", enterprise_id=user.enterprise_id)
    session.add(other)
    session.flush()
    draft = filing.create_report(session, user, form="ghg-inventory", facility_id=other.id,
                                 document=inventory_of_2024(1))
    assert draft.result["factor_library_version"] == "2026.2"
    assert "provisional_grid_factor" in {w["code"] for w in draft.result["warnings"]}
    session.commit()

    assert client.post("/admin/library/activate", data={"version": "2026.2+1", "csrf_token": token}).status_code == 302
    again = client.post("/admin/library/activate", data={"version": "2026.2+1", "csrf_token": token})
    assert again.status_code == 302
    assert "Thư viện hệ số 2026.2+1 đang được áp dụng." in client.get("/admin/library").get_data(as_text=True)
    session.expire_all()
    assert len(session.scalars(select(AuditEntry).where(AuditEntry.action == "factors.activate")).all()) == 2
    draft = filing.update_report(session, user, draft.id, document=draft.document, expected_revision=draft.revision)
    assert draft.result["factor_library_version"] == "2026.2+1"
    assert "provisional_grid_factor" not in {w["code"] for w in draft.result["warnings"]}


def test_a_report_filed_on_an_older_library_is_recalculated_on_that_library(session, make_user):
    """A 2024 inventory filed on library 2026.1 (before 2026.2 was shipped) is recalculated
    with 2026.1 and the published factor ("2026.1+1"), not with 2026.2's other factors."""
    from intake.services.published_factors import publish_grid, recalculate

    reviewer_id, _ = make_user("reviewer")
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Nhà máy Giấy Việt Hưng", commune_code="00127", vsic="1702",
                        enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    document = inventory_of_2024(1)
    document["factor_library_version"] = "2026.1"
    document["facility"].update(tax_code="0100112437", name=facility.name, commune_code="00127", vsic="1702")
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=document)
    assert report.result["factor_library_version"] == "2026.1"
    submit_explained(session, user, report)
    accept_after_review(session, session.get(User, reviewer_id), report.id)
    session.commit()

    publication, _job = publish_grid(session, None, year=2024, tco2_per_mwh=PUBLISHED, source="Công văn 1234")
    assert publication.library_version == "2026.2+1"
    (made,) = recalculate(session, publication)
    assert (made.library_version_before, made.library_version_after) == ("2026.1", "2026.1+1")
    assert made.result["factor_library_version"] == "2026.1+1"
    # 2026.1's CH4 of fuels is IPCC's (2026.2 serves Decision 2626 first): kept.
    origins = {f["origin"] for line in made.result["lines"] for f in line["factors"] if f["parameter"] == "ch4"}
    assert origins and origins <= {"ipcc2006", "facility"}
    assert Decimal(str(made.trace["after"]["value"])) == Decimal(PUBLISHED)
