"""Excel through the portal: a dry run that changes nothing and names cells, then a
confirmation that replaces the draft; the same file twice changes nothing."""
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from exporters.xlsx import limits, write_template
from forms.ghg import GHG_FORM
from intake.domain.workflow import FormKind
from intake.models import Facility, Report, ReportingPeriod, User
from intake.services.seeding import seed_demo
from tests.conftest import csrf_token_from, log_in
from tests.unit.xlsx.conftest import with_source_rows

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json").read_text())


@pytest.fixture
def filer(client, make_user, session):
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Công ty Ví dụ", commune_code="00493", enterprise_id=user.enterprise_id,
                        address="KCN Thăng Long")
    session.add(facility)
    seed_demo(session)
    session.commit()
    log_in(client, email)
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY))
    return {"facility_id": facility.id, "period_id": period.id}


def mine(session, filer):
    """The report of this test's facility (the demo data have reports of their own)."""
    session.expire_all()
    return session.scalar(select(Report).where(Report.facility_id == filer["facility_id"]))


def upload(client, workbook: bytes, **target):
    page = client.get("/home")
    return client.post("/excel/upload", data={
        "workbook": (io.BytesIO(workbook), "bao-cao.xlsx"), "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        **target}, content_type="multipart/form-data")


def confirm(client, page_html: str):
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page_html.split('action="/excel/confirm"')[1]))
    return client.post("/excel/confirm", data=fields)


def test_dry_run_then_confirm_creates_the_draft(client, filer, session):
    workbook = write_template(GHG_FORM, DOCUMENT)
    dry_run = upload(client, workbook, **filer)
    html = dry_run.get_data(as_text=True)
    assert dry_run.status_code == 200 and "31.150,36" in html
    assert mine(session, filer) is None  # the dry run changed nothing
    response = confirm(client, html)
    assert response.status_code == 302
    report = mine(session, filer)
    assert report.document["years"][0]["sources"][2]["quantity"] in ("10000", 10000)
    revision = report.revision
    # The same workbook again: nothing changes.
    again = upload(client, workbook, report_id=report.id)
    confirm(client, again.get_data(as_text=True))
    session.refresh(report)
    assert report.revision == revision


def test_a_bad_cell_is_named_by_its_address_and_nothing_changes(client, filer, session):
    book = openpyxl.load_workbook(io.BytesIO(write_template(GHG_FORM, DOCUMENT)))
    sheet = book["Nguồn thải"]
    keys = {cell.value: cell.column_letter for cell in sheet[3] if cell.value}
    sheet[f"{keys['quantity']}4"] = "-5"
    buffer = io.BytesIO()
    book.save(buffer)
    dry_run = upload(client, buffer.getvalue(), **filer)
    html = dry_run.get_data(as_text=True)
    assert f"Nguồn thải!{keys['quantity']}4" in html
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)
    annotated = client.get(f"/excel/annotated/{digest}.xlsx")
    marked = openpyxl.load_workbook(io.BytesIO(annotated.data))["Nguồn thải"][f"{keys['quantity']}4"]
    assert marked.comment is not None
    assert mine(session, filer) is None


def test_a_corrupt_file_is_refused_without_a_trace(client, filer):
    response = upload(client, b"PK\x03\x04 not really a workbook", **filer)
    assert response.status_code == 422 and "Traceback" not in response.get_data(as_text=True)


def test_another_enterprise_cannot_upload_into_my_report(app, client, filer, make_user, session):
    confirm(client, upload(client, write_template(GHG_FORM, DOCUMENT), **filer).get_data(as_text=True))
    report = mine(session, filer)
    _, other = make_user("enterprise", tax_code="0300588569")
    intruder = app.test_client()
    log_in(intruder, other)
    assert upload(intruder, write_template(GHG_FORM, DOCUMENT), report_id=report.id).status_code == 404
    assert intruder.get(f"/reports/{report.id}/template.xlsx").status_code == 404


def test_templates_download_as_real_workbooks(client, filer):
    response = client.get("/templates/ghg-inventory.xlsx")
    assert response.status_code == 200
    assert "Nguồn thải" in openpyxl.load_workbook(io.BytesIO(response.data)).sheetnames


def many_bad_rows(count: int) -> bytes:
    """The worked example with `count` copies of its first source line, each with a negative
    quantity: one error per row."""
    document = json.loads(json.dumps(DOCUMENT))
    document["years"][0]["sources"][0]["quantity"] = "-5"
    return with_source_rows(write_template(GHG_FORM, document), count)


def test_an_over_limit_workbook_is_refused_with_the_limit_not_a_server_error(client, filer, session):
    response = upload(client, with_source_rows(write_template(GHG_FORM, DOCUMENT), 3000), **filer)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "trang tính “Nguồn thải” có hơn 1.000 dòng; giới hạn là 1.000" in html
    assert mine(session, filer) is None


def test_the_dry_run_lists_the_first_problems_and_counts_them_all(client, filer):
    response = upload(client, many_bad_rows(450), **filer)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-problems-shown="100"' in html and "450" in html
    table = html.split('<table class="table">')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 100  # the heading row and the first hundred
    assert len(response.data) < 150_000 and "problem-list" not in html
    # The annotated workbook marks every one, the last row's too.
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)
    marked = openpyxl.load_workbook(io.BytesIO(client.get(f"/excel/annotated/{digest}.xlsx").data))
    keys = {cell.value: cell.column_letter for cell in marked["Nguồn thải"][3] if cell.value}
    assert marked["Nguồn thải"][f"{keys['quantity']}{3 + 450}"].comment is not None


def digest_in(html: str) -> str:
    return re.search(r'name="digest" value="([0-9a-f]{64})"', html).group(1)


def test_an_upload_is_only_its_uploaders_to_download(app, client, filer, make_user):
    digest = digest_in(upload(client, many_bad_rows(1), **filer).get_data(as_text=True))
    assert client.get(f"/excel/annotated/{digest}.xlsx").status_code == 200
    _, other = make_user("enterprise", tax_code="0300588569")
    intruder = app.test_client()
    log_in(intruder, other)
    assert intruder.get(f"/excel/annotated/{digest}.xlsx").status_code == 404
    _, reviewer_email = make_user("reviewer")
    reviewer = app.test_client()
    log_in(reviewer, reviewer_email)
    assert reviewer.get(f"/review/excel/annotated/{digest}.xlsx").status_code == 404


def test_an_extra_sheet_too_large_to_annotate_is_named_not_a_server_error(client, filer):
    # The dry run reads the form's sheets only; the annotated copy loads every sheet.
    book = openpyxl.load_workbook(io.BytesIO(many_bad_rows(1)))
    notes = book.create_sheet("Ghi chú")
    for row in range(1, limits.MAX_ROW_NUMBER + 2):
        notes.cell(row=row, column=1, value=row)
    buffer = io.BytesIO()
    book.save(buffer)
    dry_run = upload(client, buffer.getvalue(), **filer)
    assert dry_run.status_code == 200
    response = client.get(f"/excel/annotated/{digest_in(dry_run.get_data(as_text=True))}.xlsx")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"trang tính “Ghi chú” có giá trị ở ô A{limits.MAX_ROW_NUMBER + 1}" in html
