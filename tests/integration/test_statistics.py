"""The sector database: facts written on acceptance, every grouping sums exactly to the total,
the API and the workbook agree, and text stays text. (GWP sets and exactness in depth:
test_statistics_gwp_sets.py.)"""
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from intake.models import Facility, GhgGasFact, GhgLineFact, User
from intake.models.exact_decimal import exact_sum
from intake.services import reports as filing
from intake.services.statistics import GROUPINGS, ghg_statistics, ghg_total, rebuild
from intake.services.statistics_export import statistics_workbook
from tests.conftest import TEST_PASSWORD
from tests.review_helpers import accept_after_review

DATA = Path(__file__).resolve().parents[1] / "data" / "api"


def worked_example():
    return json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))


@pytest.fixture
def accepted(session, make_user):
    """Two enterprises' accepted reports (one with a formula-like facility name)."""
    reviewer_id, _ = make_user("reviewer")
    plants = (("0100112437", "Nhà máy Giấy Việt Hưng", "00127", "1702", 1),
              ("0100109106", '=HYPERLINK("http://x","y")', "00493", "2394", 2))
    # Users first: make_user commits through its own connection, which SQLite would make wait
    # for this session's open write transaction.
    filers = [make_user("enterprise", tax_code=plant[0])[0] for plant in plants]
    reviewer = session.get(User, reviewer_id)
    totals = []
    for (tax_code, name, commune, vsic, factor), user_id in zip(plants, filers):
        user = session.get(User, user_id)
        facility = Facility(name=name, commune_code=commune, vsic=vsic, enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        document = worked_example()
        document["facility"].update(tax_code=tax_code, name=name, commune_code=commune, vsic=vsic)
        for year in document["years"]:
            for source in year["sources"]:
                source["quantity"] = str(Decimal(source["quantity"]) * factor)
        document["years"][0]["sources"].append(
            {"id": "R1", "category": "refrigerant", "gas": "R-410A", "quantity": "25", "unit": "kg"})
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id,
                                      document=document)
        filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD, hash_profile="test")
        accept_after_review(session, reviewer, report.id)
        totals.append(report.versions[-1].result)
    session.commit()
    return totals


def test_every_grouping_sums_to_the_accepted_total(session, accepted):
    expected = sum(result["years"]["2022"]["total_tco2e"] for result in accepted)
    assert ghg_total(session, 2022) == expected
    for group_by in GROUPINGS:
        if group_by == "year":
            continue
        rows = ghg_statistics(session, year=2022, group_by=group_by)
        assert sum(row["total_tco2e"] for row in rows) == expected, group_by


def test_gases_are_split_by_gwp_and_blends_by_component(session, accepted):
    gases = {row["gas"]: row for row in ghg_statistics(session, year=2022, group_by="gas")}
    assert {"CO2", "CH4", "N2O", "HFC-32", "HFC-125"} <= set(gases)
    # 25 kg of R-410A per facility, half HFC-32 (GWP AR5 677), half HFC-125 (3170).
    assert gases["HFC-32"]["mass_t"] == Decimal("0.025")
    assert gases["HFC-125"]["total_tco2e"] == Decimal("0.025") * 3170


def test_rebuild_gives_the_same_facts(session, accepted):
    before = session.scalar(select(exact_sum(GhgLineFact.tco2e_ar5)))
    count = rebuild(session)
    session.commit()
    assert count == session.scalar(select(func.count(GhgLineFact.id))) + session.scalar(
        select(func.count(GhgGasFact.id)))
    assert session.scalar(select(exact_sum(GhgLineFact.tco2e_ar5))) == before


def test_the_workbook_holds_the_grand_total_as_a_value_and_text_as_text(session, accepted):
    data = statistics_workbook(session, year=2022)
    session.commit()
    summary = pd.read_excel(io.BytesIO(data), sheet_name="Tổng hợp", header=1, engine="calamine")
    total = summary.loc[summary["Chỉ tiêu"] == "Tổng phát thải khí nhà kính", "Giá trị"].iloc[0]
    assert total == pytest.approx(float(ghg_total(session, 2022)), rel=1e-9)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert {"Tổng hợp", "Theo ngành", "Theo phường xã", "Theo loại nguồn", "Theo khí", "Cơ sở",
            "Tuân thủ", "Giải thích số liệu"} <= set(workbook.sheetnames)
    facilities = workbook["Cơ sở"]
    names = [row[0] for row in facilities.iter_rows(min_row=3)]
    formula_like = next(cell for cell in names if str(cell.value).startswith("'=HYPERLINK"))
    assert formula_like.data_type == "s"
    assert workbook["Theo ngành"]._charts  # a native chart
    assert all(c.data_type != "f" for sheet in workbook for row in sheet.iter_rows() for c in row)


def test_the_statistics_api(client, session, accepted, make_user):
    _, email = make_user("analyst")
    token = client.post("/api/v1/tokens", json={"email": email, "password": TEST_PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get("/api/v1/statistics/ghg?year=2022&group_by=commune", headers=headers)
    assert response.status_code == 200
    rows = json.loads(response.data)["rows"]
    assert {row["commune_code"] for row in rows} == {"00127", "00493"}
    assert all("total_tco2e" in row for row in rows)
    assert client.get("/api/v1/statistics/ghg?year=2022&group_by=nonsense", headers=headers).status_code == 422
    _, filer = make_user("enterprise", tax_code="0300588569")
    filer_token = client.post("/api/v1/tokens", json={"email": filer, "password": TEST_PASSWORD}).get_json()["token"]
    assert client.get("/api/v1/statistics/ghg?year=2022", headers={"Authorization": f"Bearer {filer_token}"}).status_code == 403


def test_drafts_and_submitted_reports_do_not_count(session, submitted_report):
    assert ghg_total(session, 2022) == 0


def test_the_pdf_sector_report(session, accepted):
    from pypdf import PdfReader

    from intake.services.statistics_export import sector_report

    pdf = sector_report(session, year=2022)
    session.commit()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "BÁO CÁO THỐNG KÊ PHÁT THẢI KHÍ NHÀ KÍNH NGÀNH CÔNG THƯƠNG NĂM 2022" in text
    assert "Nhà máy Giấy Việt Hưng" in text and "Phát thải theo phường, xã năm 2022" in text
    total = ghg_total(session, 2022)
    whole, fraction = f"{total:.3f}".split(".")
    assert f"{int(whole):,}".replace(",", ".") + "," + fraction in text


def test_the_workbook_gives_each_facility_its_emissions_per_tj(session, accepted):
    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2022)))
    sheet = workbook["Cơ sở"]
    header = [cell.value for cell in sheet[2]]
    assert "Cường độ phát thải (tCO2e/TJ)" in header
    for row in sheet.iter_rows(min_row=3, values_only=True):
        line = dict(zip(header, row))
        expected = Decimal(str(line["Tổng phát thải (tCO2e)"])) / Decimal(str(line["Năng lượng (TJ)"]))
        assert abs(Decimal(str(line["Cường độ phát thải (tCO2e/TJ)"])) - expected) < Decimal("1e-9")
