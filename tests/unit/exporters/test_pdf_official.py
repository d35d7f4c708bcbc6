"""The receipt and the copy of record as official documents: the national header, the receipt
number, a QR code that a phone reads as the version's verification URL, the SHA-256 in text, and
the submission time as the PDF's creation date."""
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image
from pypdf import PdfReader

from exporters.pdf import ReportPdfData, receipt_pdf, report_pdf
from exporters.pdf.official import (
    QR_PIXELS_PER_MODULE,
    QR_QUIET_ZONE,
    place_and_date,
    qr_symbol,
    receipt_number,
    verification_url,
)
from forms.ghg import GHG_FORM
from tests.unit.exporters.pdf_text import FACILITY_NAME, creation_date, pdf_text, qr_codes

HANOI = timezone(timedelta(hours=7))
SUBMITTED = datetime(2024, 3, 15, 14, 5, 9)  # Hanoi time, as the fixtures give it


@pytest.fixture
def url(sha256):
    return f"https://baocao.sct.hanoi.gov.vn/verify/{sha256}"


@pytest.fixture
def make_record(worked_document, worked_result, sha256, url):
    def make(**changes) -> ReportPdfData:
        values = dict(form=GHG_FORM, document=worked_document, result=worked_result,
                      facility_name=FACILITY_NAME, version_number=2, status_vi="Đã nộp",
                      status_en="Submitted", report_id=42, sha256=sha256, submitted_at=SUBMITTED,
                      enterprise_name="Công ty Cổ phần Dệt Công nghiệp Hà Nội", verification_url=url)
        values.update(changes)
        return ReportPdfData(**values)

    return make


def test_receipt_number_scheme():
    assert receipt_number("ghg-inventory", datetime(2026, 3, 2, 9, 0), 123, 1) == "GHG-2026-000123-01"
    assert receipt_number("env-declaration", datetime(2026, 1, 20), 7, 12) == "ENV-2026-000007-12"
    # The year is Hanoi's: 20:00 UTC on 31 December is already the new year in Hanoi.
    assert receipt_number("ghg-inventory", datetime(2025, 12, 31, 20, 0, tzinfo=timezone.utc),
                          5, 2) == "GHG-2026-000005-02"
    # Digits run on rather than wrap: still unique.
    assert receipt_number("ghg-inventory", SUBMITTED, 1234567, 100) == "GHG-2024-1234567-100"
    with pytest.raises(ValueError):
        receipt_number("noise-survey", SUBMITTED, 1, 1)


def test_place_and_date_as_decree_30_writes_it():
    assert place_and_date(datetime(2026, 2, 5, 10, 0)) == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert place_and_date(datetime(2026, 11, 25)) == "Hà Nội, ngày 25 tháng 11 năm 2026"
    assert place_and_date(datetime(2026, 3, 1)) == "Hà Nội, ngày 01 tháng 3 năm 2026"
    assert place_and_date(None) == "Hà Nội, ngày … tháng … năm …"


def test_the_verification_url_needs_a_real_sha256(sha256):
    assert verification_url("https://x.vn/", sha256) == f"https://x.vn/verify/{sha256}"
    with pytest.raises(ValueError):
        verification_url("https://x.vn", sha256.upper())


def test_the_receipt_carries_the_national_header_number_and_hash(make_receipt, sha256):
    pdf = receipt_pdf(make_receipt())
    text = pdf_text(pdf)
    for expected in ("SỞ CÔNG THƯƠNG HÀ NỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 15 tháng 3 năm 2024",
                     "Số: GHG-2024-000042-02", "BIÊN NHẬN NỘP BÁO CÁO"):
        assert expected in text, expected
    lines = text.split("\n")
    # The number twice (under the issuer and in the submission table), the hash whole.
    assert sum("GHG-2024-000042-02" in line for line in lines) >= 2
    assert re.search(rf"(?m)^{sha256}$", text)
    # The national name heads the right-hand column, the motto right below it.
    assert text.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < text.index("Độc lập - Tự do - Hạnh phúc") \
        < text.index("BIÊN NHẬN NỘP BÁO CÁO")


def test_the_receipts_qr_code_reads_as_the_verification_url(make_receipt, url, sha256):
    pdf = receipt_pdf(make_receipt())
    assert qr_codes(pdf) == [url]
    assert url in pdf_text(pdf).replace("/verify/\n", "/verify/")


def test_the_qr_image_is_segnos_matrix_for_the_url(make_receipt, url):
    """Beyond a decoder's reading: the image drawn is exactly segno's symbol, module for module
    (so a decoder's error correction cannot hide a damaged code)."""
    image = PdfReader(io.BytesIO(receipt_pdf(make_receipt()))).pages[0].images[0].image
    matrix = qr_symbol(url).matrix
    assert image.size == ((len(matrix) + 2 * QR_QUIET_ZONE) * QR_PIXELS_PER_MODULE,) * 2
    grey = image.convert("L")
    half = QR_PIXELS_PER_MODULE // 2
    drawn = [[grey.getpixel(((QR_QUIET_ZONE + x) * QR_PIXELS_PER_MODULE + half,
                             (QR_QUIET_ZONE + y) * QR_PIXELS_PER_MODULE + half)) < 128
              for x in range(len(matrix))] for y in range(len(matrix))]
    assert drawn == [[bool(module) for module in row] for row in matrix]
    assert isinstance(image, Image.Image)


def test_the_receipt_is_dated_by_its_submission(make_receipt):
    pdf = receipt_pdf(make_receipt())
    assert creation_date(pdf) == SUBMITTED.replace(tzinfo=HANOI)
    assert b"D:20000101" not in pdf
    utc = receipt_pdf(make_receipt(submitted_at=SUBMITTED.replace(tzinfo=HANOI).astimezone(timezone.utc)))
    assert creation_date(utc) == SUBMITTED.replace(tzinfo=HANOI)
    # Dated by the submission, not by the clock: the same version gives the same bytes.
    assert receipt_pdf(make_receipt()) == pdf


def test_a_receipt_with_long_names_still_fits_one_page(make_receipt):
    receipt = make_receipt(
        facility_name="Chi nhánh Công ty Trách nhiệm hữu hạn Một thành viên Cơ khí Chế tạo Máy và "
                      "Thiết bị Điện Đông Anh tại Khu công nghiệp Thăng Long",
        facility_address="Lô đất CN-05, đường số 3, Khu công nghiệp Thăng Long, xã Thiên Lộc, "
                         "thành phố Hà Nội (cổng số 2, đối diện nhà máy nước)",
        audit_sequence=1234, chain_hash="a" * 64)
    pages = PdfReader(io.BytesIO(receipt_pdf(receipt))).pages
    assert len(pages) == 1


def test_the_copy_of_record_is_headed_by_the_enterprise(make_record, url, sha256):
    pdf = report_pdf(make_record())
    text = pdf_text(pdf)
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for expected in ("CÔNG TY CỔ PHẦN DỆT CÔNG NGHIỆP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 15 tháng 3 năm 2024",
                     "Kính gửi: SỞ CÔNG THƯƠNG HÀ NỘI", "GHG-2024-000042-02"):
        assert expected in first_page, expected
    assert re.search(rf"(?m)^{sha256}$", text)
    assert qr_codes(pdf) == [url]
    assert creation_date(pdf) == SUBMITTED.replace(tzinfo=HANOI)


def test_the_copy_of_record_shows_the_factor_library_version_used(make_record, worked_document,
                                                                   worked_result):
    assert "factor_library_version" not in worked_document  # left to its default by the filer
    used = worked_result["factor_library_version"]
    lines = pdf_text(report_pdf(make_record())).split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("Phiên bản thư viện hệ số"))
    # The label, its English below it, then the value (not "—").
    assert lines[row + 1] == "Factor library version"
    assert lines[row + 2] == used


def test_a_draft_has_no_qr_code_and_a_blank_date(make_record):
    pdf = report_pdf(make_record(sha256=None, submitted_at=None, verification_url=None,
                                 status_vi="Bản nháp", status_en="Draft"))
    assert qr_codes(pdf) == []
    text = pdf_text(pdf)
    assert "Hà Nội, ngày … tháng … năm …" in text and "GHG-" not in text
    assert creation_date(pdf).year >= 2026  # when it was printed
