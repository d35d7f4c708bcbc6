"""Reviewers check many workbooks at once, then import the clean ones as drafts."""
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from exporters.xlsx import write_template
from forms.ghg import GHG_FORM
from intake.models import Facility, Report, ReportEvent, User
from tests.conftest import csrf_token_from, log_in
from tests.unit.xlsx.conftest import with_source_rows

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())


@pytest.fixture
def plant(make_user, session):
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    facility = Facility(name="Công ty Ví dụ", commune_code="00493",
                        enterprise_id=session.get(User, user_id).enterprise_id)
    session.add(facility)
    session.commit()
    return facility.id


def test_reviewers_check_several_workbooks_and_import_the_clean_ones(client, make_user, plant, session):
    _, email = make_user("reviewer")
    log_in(client, email)
    page = client.get("/review/excel")
    token = csrf_token_from(page.get_data(as_text=True))
    good = write_template(GHG_FORM, DOCUMENT)
    book = openpyxl.load_workbook(io.BytesIO(good))
    keys = {cell.value: cell.column_letter for cell in book["Nguồn thải"][3] if cell.value}
    book["Nguồn thải"][f"{keys['quantity']}5"] = "-3"
    bad = io.BytesIO()
    book.save(bad)
    response = client.post("/review/excel", data={"csrf_token": token, "workbooks": [
        (io.BytesIO(good), "vi-du.xlsx"), (io.BytesIO(bad.getvalue()), "loi.xlsx"),
        (io.BytesIO(b"garbage"), "hong.xlsx")]}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f"Nguồn thải!{keys['quantity']}5" in html
    assert html.count('name="digest"') == 1  # only the clean workbook is offered for import
    digest = html.split('name="digest" value="')[1].split('"')[0]
    assert session.scalar(select(Report).where(Report.facility_id == plant)) is None
    client.post("/review/excel/import", data={"csrf_token": token, "digest": digest})
    session.expire_all()
    report = session.scalar(select(Report).where(Report.facility_id == plant))
    assert report.status.value == "draft"
    assert session.scalar(select(ReportEvent).where(ReportEvent.report_id == report.id,
                                                    ReportEvent.action == "import"))


@pytest.mark.parametrize("role", ["enterprise", "analyst", "admin"])
def test_only_reviewers_import(client, make_user, role):
    _, email = make_user(role)
    log_in(client, email)
    assert client.get("/review/excel").status_code == 403


def test_over_limit_and_problem_heavy_workbooks_are_summarised_not_listed(client, make_user, plant):
    _, email = make_user("reviewer")
    log_in(client, email)
    token = csrf_token_from(client.get("/review/excel").get_data(as_text=True))
    huge = with_source_rows(write_template(GHG_FORM, DOCUMENT), 3000)
    document = json.loads(json.dumps(DOCUMENT))
    document["years"][0]["sources"][0]["quantity"] = "-5"
    faulty = with_source_rows(write_template(GHG_FORM, document), 400)
    response = client.post("/review/excel", data={"csrf_token": token, "workbooks": [
        (io.BytesIO(huge), "lon.xlsx"), (io.BytesIO(faulty), "nhieu-loi.xlsx")]},
        content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and len(response.data) < 60_000
    assert "trang tính “Nguồn thải” có hơn 1.000 dòng; giới hạn là 1.000" in html
    assert 'data-more-problems="397"' in html
    link = re.search(r'href="(/review/excel/annotated/[0-9a-f]{64}\.xlsx)"', html).group(1)
    marked = openpyxl.load_workbook(io.BytesIO(client.get(link).data))["Nguồn thải"]
    keys = {cell.value: cell.column_letter for cell in marked[3] if cell.value}
    assert marked[f"{keys['quantity']}{3 + 400}"].comment is not None


def test_the_annotated_copy_is_only_of_a_checked_workbook(client, make_user):
    _, email = make_user("reviewer")
    log_in(client, email)
    assert client.get("/review/excel/annotated/" + "a" * 64 + ".xlsx").status_code == 404
    assert client.get("/review/excel/annotated/not-a-digest.xlsx").status_code == 400
