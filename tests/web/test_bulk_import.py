"""Reviewers check many workbooks at once, then import the clean ones as drafts."""
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from exporters.xlsx import write_template
from forms.ghg import GHG_FORM
from intake.models import Facility, Report, ReportEvent, User
from tests.conftest import csrf_token_from, log_in

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
