"""The declaration statistics: the accepted declarations' totals summed per facility, sector and
commune, in the API, exactly (decimal strings a float cannot hold), with the year before."""
import json
from decimal import Decimal
from pathlib import Path

import pytest

from intake.models import Facility, User
from intake.services import reports as filing
from tests.conftest import TEST_PASSWORD
from tests.integration.test_statistics_gwp_sets import submit_explained
from tests.review_helpers import accept_after_review

DATA = Path(__file__).resolve().parents[1] / "data" / "declaration"
PLANTS = (("0100112437", "Nhà máy Giấy Việt Hưng", "00127", "1702", "paper-mill-2025.json"),
          ("0100109106", "Nhà máy Bia Hà Thành", "00127", "1103", "brewery-2025.json"),
          ("0300588569", "Nhà máy Giấy Sông Hồng", "00493", "1702", "paper-mill-2025.json"))


def water_supply(number: int) -> str:
    return f"62000{number}.000000000000000000{number + 1}"


@pytest.fixture
def declarations(session, make_user):
    """Three enterprises' accepted 2025 declarations, each water supply with a tail of digits."""
    reviewer_id, _ = make_user("reviewer")
    filers = [make_user("enterprise", tax_code=plant[0])[0] for plant in PLANTS]
    reviewer = session.get(User, reviewer_id)
    results = []
    for number, ((tax_code, name, commune, vsic, example), user_id) in enumerate(zip(PLANTS, filers)):
        user = session.get(User, user_id)
        facility = Facility(name=name, commune_code=commune, vsic=vsic, enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        document = json.loads((DATA / example).read_text(encoding="utf-8"))
        document["facility"].update(tax_code=tax_code, name=name, commune_code=commune, vsic=vsic)
        document["water"]["supply_m3"] = water_supply(number)
        report = filing.create_report(session, user, form="env-declaration", facility_id=facility.id,
                                      document=document)
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        results.append((facility.id, commune, vsic, report.versions[-1].result["totals"]))
    session.commit()
    return results


def _analyst(client, make_user):
    _, email = make_user("analyst")
    token = client.post("/api/v1/tokens", json={"email": email, "password": TEST_PASSWORD}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("group_by,key", [("facility", 0), ("commune", 1), ("sector", 2)])
def test_each_grouping_sums_the_accepted_totals_exactly(client, make_user, declarations, group_by, key):
    headers = _analyst(client, make_user)
    response = client.get(f"/api/v1/statistics/declaration?year=2025&group_by={group_by}", headers=headers)
    assert response.status_code == 200, response.get_json()
    rows = json.loads(response.data, parse_float=Decimal)["rows"]
    column = {"facility": "facility_id", "commune": "commune_code", "sector": "vsic"}[group_by]
    expected: dict = {}
    for declaration in declarations:
        sums = expected.setdefault(declaration[key], {})
        for name in ("energy_tj", "energy_toe", "electricity_kwh", "water_supply_m3",
                     "wastewater_m3_per_year", "solid_waste_kg", "hazardous_waste_kg"):
            sums[name] = sums.get(name, Decimal(0)) + Decimal(str(declaration[3][name]))
    assert {row[column] for row in rows} == set(expected)
    for row in rows:
        for name, total in expected[row[column]].items():
            assert Decimal(str(row[name])) == total, (row[column], name)
        assert row["previous"] is None
    # The digits a float would drop survive to the statistics.
    water = sum(Decimal(str(row["water_supply_m3"])) for row in rows)
    assert water == sum(Decimal(water_supply(number)) for number in range(len(PLANTS)))
    assert str(water).endswith("0000006")


def test_only_analysts_and_a_year(client, make_user, declarations):
    headers = _analyst(client, make_user)
    assert client.get("/api/v1/statistics/declaration?group_by=facility", headers=headers).status_code == 422
    assert client.get("/api/v1/statistics/declaration?year=2025&group_by=gas", headers=headers).status_code == 422
    _, filer = make_user("enterprise", tax_code="0101248141")
    token = client.post("/api/v1/tokens", json={"email": filer, "password": TEST_PASSWORD}).get_json()["token"]
    answer = client.get("/api/v1/statistics/declaration?year=2025", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 403
    assert "rows" not in (answer.get_json() or {})


def test_the_workbook_has_a_row_per_declaring_facility(session, declarations):
    import io

    import openpyxl

    from intake.services.statistics_export import statistics_workbook

    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2025)))
    sheet = workbook["Kê khai theo cơ sở"]
    header = [cell.value for cell in sheet[2]]
    assert "Nước cấp (m3)" in header and "Chất thải nguy hại (kg)" in header
    rows = {row[2]: dict(zip(header, row)) for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {facility_id for facility_id, *_ in declarations}
    for facility_id, _commune, _vsic, totals in declarations:
        assert rows[facility_id]["Chất thải nguy hại (kg)"] == pytest.approx(float(totals["hazardous_waste_kg"]))
        # A number a float cannot hold is kept whole, as text, in its cell.
        assert Decimal(str(rows[facility_id]["Nước cấp (m3)"])) == Decimal(str(totals["water_supply_m3"]))


def test_a_facility_that_declares_is_on_the_declarants_list_and_counted_as_obliged(session, declarations):
    import datetime as dt

    from intake.models import FormKind, Obligation, Report, ReportingPeriod
    from intake.services.analytics import compliance
    from intake.services.register import DECLARATION_LEGAL_BASIS, enrol_declarant

    period = ReportingPeriod(form=FormKind.ENV_DECLARATION, name="Khai báo môi trường 2025",
                             first_data_year=2025, last_data_year=2025,
                             opens_on=dt.date(2026, 1, 1), due_on=dt.date(2026, 1, 31))
    session.add(period)
    session.flush()
    for report in session.query(Report).filter_by(form=FormKind.ENV_DECLARATION):
        report.period_id = period.id  # as filed in that period (the fixture has none)
    session.flush()
    entries = session.query(Obligation).filter_by(form=FormKind.ENV_DECLARATION).all()
    assert sorted(entry.facility_id for entry in entries) == sorted(f for f, *_ in declarations)
    assert {entry.legal_basis for entry in entries} == {DECLARATION_LEGAL_BASIS}
    (summary,) = [row for row in compliance(session, dt.date(2026, 12, 1)) if row["period"] is period]
    assert summary["obliged"] == 3 and summary["on_time"] + summary["late"] == 3 and summary["missing"] == 0
    # Once on the list, never twice.
    assert enrol_declarant(session, entries[0].facility, None) is None


def test_the_dashboard_shows_the_declarations_and_filters_them_in_the_url(client, make_user, declarations):
    from tests.conftest import log_in

    _, email = make_user("analyst")
    log_in(client, email)
    page = client.get("/statistics?year=2025").get_data(as_text=True)
    assert 'data-declarations="facility"' in page and 'id="chart-declaration-title"' in page
    assert "Phường Việt Hưng: 15.262,902 TOE" in page
    for _tax_code, name, *_rest in PLANTS:
        assert name in page
    only = client.get("/statistics?year=2025&commune=00493").get_data(as_text=True)
    facilities = only.split('data-declarations="facility"')[1].split("</table>")[0]
    assert "Nhà máy Giấy Sông Hồng" in facilities and "Nhà máy Bia Hà Thành" not in facilities
    assert '<option value="00493" selected>' in only  # the filter is kept in the page and its links
    assert "commune=00493" in only.split("open-data.zip")[1].split('"')[0]
    ghg_only = client.get("/statistics?year=2025&form=ghg").get_data(as_text=True)
    assert 'data-declarations=' not in ghg_only
    # An unknown filter value shows everything rather than failing.
    assert client.get("/statistics?year=2025&sector=9999&commune=x").status_code == 200


def test_the_open_data_package_documents_its_columns_and_keeps_every_digit(client, make_user, declarations):
    import csv
    import io
    import zipfile

    from tests.conftest import log_in

    _, email = make_user("analyst")
    log_in(client, email)
    download = client.get("/statistics/open-data.zip?year=2025")
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package" and package["licenses"]
    resources = {resource["name"]: resource for resource in package["resources"]}
    declared = resources["declarations-by-facility"]
    fields = {field["name"]: field for field in declared["schema"]["fields"]}
    assert fields["water_supply_m3"]["type"] == "number" and fields["water_supply_m3"]["unit"] == "m3"
    rows = list(csv.DictReader(io.StringIO(archive.read(declared["path"]).decode("utf-8"))))
    assert list(rows[0]) == [field["name"] for field in declared["schema"]["fields"]]
    water = {int(row["facility_id"]): Decimal(row["water_supply_m3"]) for row in rows}
    assert water == {facility_id: Decimal(str(totals["water_supply_m3"])) for facility_id, _, _, totals in declarations}
    sector = client.get("/statistics/open-data.zip?year=2025&sector=1103")
    by_sector = zipfile.ZipFile(io.BytesIO(sector.data)).read("declarations-by-facility.csv").decode("utf-8")
    assert by_sector.count("\r\n") == 2  # the header and the brewery


def test_the_sector_report_and_the_workbook_break_the_declarations_down(session, declarations, tmp_path):
    import io
    import subprocess

    import openpyxl

    from intake.services.statistics_export import sector_report, statistics_workbook

    path = tmp_path / "report.pdf"
    path.write_bytes(sector_report(session, year=2025))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Kê khai môi trường năm 2025 theo ngành (VSIC)" in text
    assert "Kê khai môi trường năm 2025 theo phường, xã" in text and "Xã Thiên Lộc" in text
    session.commit()
    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2025)))
    sheet = workbook["Kê khai theo ngành"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(rows) == {"1702", "1103"} and rows["1702"][-1] == 2  # two paper mills in sector 1702


def test_hazardous_waste_is_summed_by_its_code(session, declarations):
    from intake.services.declaration_statistics import hazardous_waste_by_code
    from intake.services.statistics import FactFilter

    expected: dict = {}
    for _tax_code, _name, _commune, _vsic, example in PLANTS:
        for waste in json.loads((DATA / example).read_text(encoding="utf-8"))["hazardous_waste"]:
            expected[waste["code"]] = expected.get(waste["code"], Decimal(0)) + Decimal(waste["quantity_kg"])
    rows = hazardous_waste_by_code(session, year=2025)
    assert {row["code"]: Decimal(str(row["quantity_kg"])) for row in rows} == expected
    only = hazardous_waste_by_code(session, year=2025, where=FactFilter(vsic="1103"))
    assert {row["facilities"] for row in only} == {1}


def test_handlers_products_and_incidents_are_counted(session, declarations):
    import io

    import openpyxl

    from intake.services.declaration_statistics import declared_by_code, declared_by_facility
    from intake.services.statistics_export import statistics_workbook

    handlers: dict = {}
    products: dict = {}
    incidents: dict = {}
    for (facility_id, *_rest), (_tax, _name, _commune, _vsic, example) in zip(declarations, PLANTS):
        document = json.loads((DATA / example).read_text(encoding="utf-8"))
        for waste in document["hazardous_waste"]:
            if waste.get("handler"):
                handlers[waste["handler"]] = handlers.get(waste["handler"], Decimal(0)) + Decimal(waste["quantity_kg"])
        tonnes = [Decimal(p["quantity"]) for p in document["products"] if p.get("unit") == "t"]
        if tonnes:
            products[facility_id] = sum(tonnes)
        if document["incidents"]:
            incidents[facility_id] = len(document["incidents"])
    assert handlers and incidents  # the examples have both
    by_handler = declared_by_code(session, year=2025, measure="hazardous_waste_handler")
    assert {row["code"]: Decimal(str(row["quantity"])) for row in by_handler} == handlers
    assert {k: Decimal(str(v)) for k, v in declared_by_facility(session, year=2025, measure="product_t").items()} \
        == products
    assert {k: int(v) for k, v in declared_by_facility(session, year=2025, measure="incidents").items()} == incidents
    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2025)))
    assert "CTNH theo đơn vị xử lý" in workbook.sheetnames
    sheet = workbook["Kê khai theo cơ sở"]
    header = [cell.value for cell in sheet[2]]
    counted = {row[2]: row[header.index("Sự cố môi trường")] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert {k: v for k, v in counted.items() if v} == incidents
