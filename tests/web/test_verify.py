"""The public verification page behind the QR code: a real submitted version is confirmed to
anyone, without an account, with no figure and no person's name; anything else is a 404."""
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from exporters.numbers import format_vn_number
from forms.numbers import format_number
from intake.models import User
from intake.services import reports as filing
from intake.services import review
from intake.services.review import CommentInput
from tests.conftest import TEST_PASSWORD, csrf_token_from, log_in
from tests.unit.exporters.pdf_text import pdf_text, qr_codes

DATA = Path(__file__).resolve().parents[1] / "data" / "api"
BASE_URL = "http://127.0.0.1:5000"  # the setting's default (tests do not override it)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def submitted(session, api_filer):
    """A GHG inventory submitted by the filer: (report id, version)."""
    user = session.scalar(select(User).where(User.email == api_filer["email"]))
    user.full_name = "Nguyễn Thị Hồng Nhung"
    document = json.loads((DATA / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    report = filing.create_report(session, user, form="ghg-inventory",
                                  facility_id=api_filer["facility_id"], document=document)
    version = filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD,
                                   hash_profile="test")
    session.commit()
    return report.id, version


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_a_submitted_version_is_confirmed_to_anyone(client, submitted):
    report_id, version = submitted
    response = client.get(f"/verify/{version.sha256}")  # no one is logged in
    assert response.status_code == 200
    page = text_of(response)
    hanoi = version.submitted_at_utc.astimezone(HANOI)
    for expected in ("Xác minh báo cáo đã nộp", "Đã nộp", hanoi.strftime("%d/%m/%Y %H:%M:%S"),
                     "(giờ Hà Nội)", version.sha256, "Công ty Ví dụ – Nhà máy Thăng Long",
                     "0100112437", "phiên bản 1"):
        assert expected in page, expected
    assert '<html lang="vi">' in page


def test_the_page_shows_no_figure_and_no_person(client, submitted, session):
    _, version = submitted
    page = text_of(client.get(f"/verify/{version.sha256}"))
    figures = []
    for values in version.result["years"].values():
        for key in ("total_tco2e", "scope1_tco2e", "scope2_tco2e", "co2_t", "energy_tj"):
            value = values[key]
            figures += [str(value), format_vn_number(value, 3), format_vn_number(value, 1),
                        format_number(value, "en", 3)]
    for line in version.result["lines"]:
        figures += [str(line["tco2e"]), format_vn_number(line["tco2e"], 3)]
    for figure in figures:
        if figure not in ("0", "0,000", "0.000", "0,0"):
            assert figure not in page, figure
    user = session.get(User, version.submitted_by_id)
    assert user.full_name not in page and user.email not in page


def test_english_on_request(client, submitted):
    _, version = submitted
    page = client.get("/login")
    client.post("/language/en", data={"csrf_token": csrf_token_from(text_of(page)), "next": "/login"})
    english = text_of(client.get(f"/verify/{version.sha256}"))
    assert "Verification of a submitted report" in english and "Submitted" in english
    assert "(Hanoi time)" in english


@pytest.mark.parametrize("bad", ["0" * 64, "abc", "g" * 64, "0" * 65, "%20", "' OR 1=1 --"])
def test_an_unknown_or_malformed_hash_is_a_404(client, submitted, bad):
    response = client.get(f"/verify/{bad}")
    assert response.status_code == 404
    page = text_of(response)
    assert "Không có phiên bản đã nộp nào mang mã SHA-256 này" in page


def test_a_hash_copied_in_capitals_is_the_same_hash(client, submitted):
    _, version = submitted
    assert client.get(f"/verify/{version.sha256.upper()}").status_code == 200
    assert client.get(f"/verify/{version.sha256[:-1]}").status_code == 404


def test_a_version_submitted_again_unchanged_says_which_one_counts(client, submitted, session,
                                                                  make_user, api_filer):
    report_id, first = submitted
    reviewer_id, _ = make_user("reviewer")
    review.return_report(session, session.get(User, reviewer_id), report_id,
                         comments=[CommentInput("facility.name", "Kiểm tra lại tên cơ sở")])
    user = session.scalar(select(User).where(User.email == api_filer["email"]))
    second = filing.submit_report(session, user, report_id, certify=True, password=TEST_PASSWORD,
                                  hash_profile="test")
    session.commit()
    assert second.sha256 == first.sha256  # the same content, twice filed
    page = text_of(client.get(f"/verify/{first.sha256}"))
    assert "Đã được thay thế bằng phiên bản 2" in page
    assert page.index("Đã được thay thế bằng phiên bản 2") < page.index("phiên bản 2</h2>")


@pytest.mark.parametrize("path", ["/reports/{id}/versions/1/receipt.pdf",
                                  "/reports/{id}/versions/1/report.pdf"])
def test_the_qr_code_of_the_printed_documents_opens_this_page(app, client, submitted, api_filer,
                                                             path):
    report_id, version = submitted
    log_in(client, api_filer["email"])
    pdf = client.get(path.format(id=report_id))
    assert pdf.status_code == 200
    url = f"{BASE_URL}/verify/{version.sha256}"
    assert qr_codes(pdf.data) == [url]
    assert version.sha256 in pdf_text(pdf.data)
    # Whoever scans it has no account.
    assert app.test_client().get(url.removeprefix(BASE_URL)).status_code == 200


def test_the_api_receipt_carries_the_receipt_number_and_qr(client, submitted, api_filer):
    report_id, version = submitted
    response = client.get(f"/api/v1/reports/{report_id}/receipt.pdf", headers=api_filer["headers"])
    assert response.status_code == 200
    text = pdf_text(response.data)
    year = version.submitted_at_utc.astimezone(HANOI).year
    assert f"GHG-{year}-{report_id:06d}-01" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert qr_codes(response.data) == [f"{BASE_URL}/verify/{version.sha256}"]
