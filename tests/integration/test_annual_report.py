"""The annual report to the city and the Ministry: an official document (national header,
number, addressees, recipients, signature), the compliance lists of both forms, the GHG and
declaration totals (exactly those of the accepted documents) beside the year before."""
import datetime as dt
import io
import json
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from exporters.numbers import format_vn_number
from intake.models import Facility, FormKind, Obligation, ReportingPeriod, User
from intake.services import reports as filing
from intake.services.annual_report import annual_report
from intake.services.statistics import ghg_total
from tests.conftest import run_queued_jobs
from tests.integration.test_declaration_statistics import DATA as DECLARATIONS
from tests.integration.test_statistics import worked_example
from tests.integration.test_statistics_gwp_sets import submit_explained
from tests.review_helpers import accept_after_review
from tests.web.conftest import token_for

PLANTS = (("0100112437", "Nhà máy Giấy Việt Hưng", "00127", "1702", "paper-mill-2025.json"),
          ("0100109106", "Nhà máy Bia Hà Thành", "00493", "1103", "brewery-2025.json"))
SILENT = "Nhà máy Thép Đông Anh"  # obliged, files nothing


@pytest.fixture
def year_2023(session, make_user):
    """Both plants' GHG inventories of 2022–2023 (filed late) and declarations of 2023 (on
    time), all accepted; a third obliged plant that filed nothing."""
    reviewer_id, _ = make_user("reviewer")
    filers = [make_user("enterprise", tax_code=plant[0])[0] for plant in PLANTS]
    reviewer = session.get(User, reviewer_id)
    ghg_period = ReportingPeriod(form=FormKind.GHG_INVENTORY, name="Kiểm kê KNK 2022–2023", first_data_year=2022,
                                 last_data_year=2023, opens_on=dt.date(2024, 1, 1), due_on=dt.date(2024, 3, 31))
    declaration_period = ReportingPeriod(form=FormKind.ENV_DECLARATION, name="Khai báo môi trường 2023",
                                         first_data_year=2023, last_data_year=2023, opens_on=dt.date(2024, 1, 1),
                                         due_on=dt.date(2099, 1, 31))
    silent = Facility(name=SILENT, commune_code="00493", vsic="2410")
    session.add_all([ghg_period, declaration_period, silent])
    session.flush()
    session.add(Obligation(facility=silent, form=FormKind.GHG_INVENTORY, legal_basis="Quyết định 42/2026/QĐ-TTg"))
    water = []
    for (tax_code, name, commune, vsic, example), user_id in zip(PLANTS, filers):
        user = session.get(User, user_id)
        facility = Facility(name=name, commune_code=commune, vsic=vsic, enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        session.add(Obligation(facility=facility, form=FormKind.GHG_INVENTORY, legal_basis="Quyết định 42/2026/QĐ-TTg"))
        inventory = worked_example()
        inventory["facility"].update(tax_code=tax_code, name=name, commune_code=commune, vsic=vsic)
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id,
                                      document=inventory, period_id=ghg_period.id)
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        declaration = json.loads((DECLARATIONS / example).read_text(encoding="utf-8"))
        declaration["year"] = 2023
        declaration["facility"].update(tax_code=tax_code, name=name, commune_code=commune, vsic=vsic)
        declaration["water"]["supply_m3"] = f"1000{len(water)}.0000000000000000000{len(water) + 1}"
        report = filing.create_report(session, user, form="env-declaration", facility_id=facility.id,
                                      document=declaration, period_id=declaration_period.id)
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        water.append(Decimal(report.versions[-1].result["totals"]["water_supply_m3"]))
    session.commit()
    return {"water": sum(water)}


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "annual.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_is_an_official_report_with_both_forms(session, year_2023, tmp_path):
    page = _pdf_text(annual_report(session, year=2023, file_format="pdf"), tmp_path)
    flat = " ".join(page.split())
    for official in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG", "/BC-SCT", "Hà Nội, ngày",
                     "Kính gửi:", "Bộ Công Thương", "Nơi nhận:", "GIÁM ĐỐC", "I. TÌNH HÌNH THỰC HIỆN",
                     "II. KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH", "III. KẾT QUẢ KHAI BÁO DỮ LIỆU MÔI TRƯỜNG",
                     "IV. PHƯƠNG PHÁP VÀ NGUỒN SỐ LIỆU"):
        assert official in flat, official
    # Compliance: the silent plant is listed as not filed, the others as filed late (GHG) and
    # on time (declarations).
    missing_part = flat.split("c) Chưa nộp")[1].split("II. KẾT QUẢ")[0]
    assert SILENT in missing_part and "Nhà máy Bia Hà Thành" not in missing_part
    late_part = flat.split("b) Nộp muộn")[1].split("c) Chưa nộp")[0]
    assert "Nhà máy Giấy Việt Hưng" in late_part and "Kiểm kê khí nhà kính" in late_part
    on_time = flat.split("a) Đã nộp đúng hạn")[1].split("b) Nộp muộn")[0]
    assert "Khai báo môi trường" in on_time and "Kiểm kê khí nhà kính" not in on_time
    # The totals are the accepted documents' (as printed, Vietnamese style).
    assert format_vn_number(ghg_total(session, 2023), 3) in flat
    assert format_vn_number(ghg_total(session, 2022), 3) in flat  # the year before, compared
    assert "2026.1" in flat  # the form version the figures were calculated with


def test_the_workbook_has_the_counts_the_lists_and_exact_totals(session, year_2023):
    workbook = openpyxl.load_workbook(io.BytesIO(annual_report(session, year=2023, file_format="xlsx")))
    counts = workbook["Tình hình nộp"]
    header = [cell.value for cell in counts[2]]
    rows = [dict(zip(header, row)) for row in counts.iter_rows(min_row=3, values_only=True)]
    ghg = next(row for row in rows if row["Loại báo cáo"] == "Kiểm kê khí nhà kính")
    obliged = session.query(Obligation).filter_by(form=FormKind.GHG_INVENTORY, removed_at_utc=None).count()
    assert obliged >= 3  # the register of Decision 42/2026, and the three plants here
    assert (ghg["Số cơ sở phải nộp"], ghg["Nộp muộn"], ghg["Quá hạn chưa nộp"]) == (obliged, 2, obliged - 2)
    declarations = next(row for row in rows if row["Loại báo cáo"] == "Khai báo môi trường")
    # Both declarants joined the list by filing.
    assert (declarations["Số cơ sở phải nộp"], declarations["Nộp đúng hạn"]) == (2, 2)
    listed = list(workbook["Tuân thủ"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == obliged + 2 and {row[1] for row in listed} == {"Kiểm kê khí nhà kính", "Khai báo môi trường"}
    changes = workbook["Kê khai so với năm trước"]
    water = next(row for row in changes.iter_rows(min_row=3, values_only=True) if row[0] == "Nước cấp")
    assert Decimal(str(water[2])) == year_2023["water"]  # digits a float would drop, kept
    assert water[3] is None  # no declarations of 2022 to compare with


def test_the_command_and_the_api_make_it(app, client, make_user, year_2023, database_url, tmp_path):
    from tests.conftest import run_cli

    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "instance")}
    result = run_cli("export", "annual-report", "--year", "2023", "-o", str(tmp_path / "bao-cao.pdf"), env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "bao-cao.pdf").read_bytes()[:5] == b"%PDF-"
    result = run_cli("export", "annual-report", "--year", "2023", "-o", str(tmp_path / "bao-cao.xlsx"), env=env)
    assert result.returncode == 0 and "Tình hình nộp" in openpyxl.load_workbook(tmp_path / "bao-cao.xlsx").sheetnames
    refused = run_cli("export", "annual-report", "--year", "2023", "-o", str(tmp_path / "bao-cao.docx"), env=env)
    assert refused.returncode == 1 and "FILE.pdf or FILE.xlsx" in refused.stderr

    _, email = make_user("analyst")
    headers = token_for(client, email)
    job = client.post("/api/v1/exports", json={"kind": "annual-report", "year": 2023, "format": "pdf"},
                      headers=headers).get_json()
    assert job["status"] == "queued"
    run_queued_jobs(app)
    done = client.get(job["url"], headers=headers).get_json()
    assert (done["status"], done["file_name"], done["steps_total"]) == ("done", "bao-cao-nam-2023.pdf", 5)
    assert "BÁO CÁO" in _pdf_text(client.get(done["file_url"], headers=headers).data, tmp_path)


def test_the_dashboard_prepares_it_in_the_background(app, client, make_user, year_2023, tmp_path):
    from tests.conftest import csrf_token_from, log_in

    _, email = make_user("analyst")
    log_in(client, email)
    page = client.get("/statistics?year=2023").get_data(as_text=True)
    assert "Báo cáo năm gửi UBND Thành phố và Bộ Công Thương (PDF)" in page
    asked = client.post("/statistics/export-jobs", data={"year": "2023", "export": "annual-report:pdf",
                                                         "csrf_token": csrf_token_from(page)})
    job_page = asked.headers["Location"]
    waiting = client.get(job_page).get_data(as_text=True)
    assert "Báo cáo năm 2023" in waiting and 'data-job-status="queued"' in waiting
    run_queued_jobs(app)
    done = client.get(job_page).get_data(as_text=True)
    assert "Tải tệp PDF" in done and "bao-cao-nam-2023.pdf" in done
    download = client.get(job_page + "/file")
    assert download.headers["Content-Type"] == "application/pdf"
    assert "Kính gửi" in _pdf_text(download.data, tmp_path)
    refused = client.post("/statistics/export-jobs", data={"year": "2023", "export": "annual-report:docx",
                                                           "csrf_token": csrf_token_from(page)})
    assert refused.status_code == 400 and run_queued_jobs(app) == 0


def test_emissions_per_tonne_of_product_combine_both_forms(session, year_2023):
    from intake.services.statistics import ghg_statistics
    from intake.services.statistics_export import statistics_workbook

    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2023)))
    sheet = workbook["Cơ sở"]
    header = [cell.value for cell in sheet[2]]
    column = header.index("Phát thải trên tấn sản phẩm (tCO2e/t)")
    shown = {row[0]: row[column] for row in sheet.iter_rows(min_row=3, values_only=True)}
    totals = {row["facility_name"]: row["total_tco2e"] for row in ghg_statistics(session, year=2023, group_by="facility")}
    paper = json.loads((DECLARATIONS / "paper-mill-2025.json").read_text(encoding="utf-8"))
    tonnes = sum(Decimal(p["quantity"]) for p in paper["products"] if p["unit"] == "t")
    expected = totals["Nhà máy Giấy Việt Hưng"] / tonnes
    assert abs(Decimal(str(shown["Nhà máy Giấy Việt Hưng"])) - expected) < Decimal("1e-12")
