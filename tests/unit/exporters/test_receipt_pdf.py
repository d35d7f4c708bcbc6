import re
from datetime import datetime, timedelta, timezone

import pytest

from exporters.pdf import receipt_pdf
from tests.unit.exporters.pdf_text import COMMUNE_NAME, FACILITY_NAME, GHG_TITLE_VI, page_texts


def test_receipt_keeps_every_vietnamese_letter(make_receipt):
    text = "\n".join(page_texts(receipt_pdf(make_receipt())))
    for expected in ("BIÊN NHẬN NỘP BÁO CÁO", "Submission receipt", "SỞ CÔNG THƯƠNG HÀ NỘI",
                     FACILITY_NAME, COMMUNE_NAME, "Nguyễn Thị Hồng Nhung", GHG_TITLE_VI,
                     "Kỳ báo cáo 2024 (số liệu 2022–2023)", "Mã số thuế doanh nghiệp",
                     "0100112437", "nhung@detcongnghiep.vn"):
        assert expected in text


def test_receipt_fits_one_page(make_receipt):
    pages = page_texts(receipt_pdf(make_receipt()))
    assert len(pages) == 1
    assert "Trang 1/1" in pages[0]


def test_sha256_is_extractable_in_one_piece_with_its_explanation(make_receipt, sha256):
    text = "\n".join(page_texts(receipt_pdf(make_receipt())))
    assert re.search(rf"(?m)^{sha256}$", text), "the hash must sit whole on its own line"
    assert "Mã SHA-256 xác định duy nhất phiên bản báo cáo đã nộp" in text


def test_report_version_and_hanoi_time(make_receipt):
    text = "\n".join(page_texts(receipt_pdf(make_receipt())))
    assert "15/03/2024 14:05:09 (giờ Hà Nội, UTC+7)" in text
    assert "2022, 2023" in text
    assert "AR5" in text and "2026.1" in text


def test_an_aware_time_in_another_zone_is_printed_in_hanoi_time(make_receipt):
    utc = datetime(2024, 3, 15, 7, 5, 9, tzinfo=timezone.utc)
    text = "\n".join(page_texts(receipt_pdf(make_receipt(submitted_at=utc))))
    assert "15/03/2024 14:05:09 (giờ Hà Nội, UTC+7)" in text
    hanoi = utc.astimezone(timezone(timedelta(hours=7)))
    assert "15/03/2024 14:05:09" in "\n".join(page_texts(receipt_pdf(make_receipt(
        submitted_at=hanoi))))


def test_totals_are_printed_the_vietnamese_way(make_receipt):
    text = "\n".join(page_texts(receipt_pdf(make_receipt())))
    # Worked example: 2022 total 31 150.36 tCO2e, scope 1 30 473.76, 2023 total 659.2.
    assert "31.150,360" in text
    assert "30.473,760" in text
    assert "659,200" in text
    assert "Tổng phát thải năm 2022" in text
    assert "tCO2e" in text


def test_text_typed_by_a_filer_is_not_markup(make_receipt):
    receipt = make_receipt(facility_name="Công ty A & B <Hà Nội>")
    assert "Công ty A & B <Hà Nội>" in "\n".join(page_texts(receipt_pdf(receipt)))


def test_the_same_receipt_gives_the_same_bytes(make_receipt):
    assert receipt_pdf(make_receipt()) == receipt_pdf(make_receipt())


def test_declaration_receipt_without_gwp_or_factor_library(make_receipt):
    receipt = make_receipt(
        form_title_vi="Khai báo dữ liệu môi trường ngành Công Thương (Thông tư 42/2020/TT-BCT)",
        form_title_en="", gwp_set="", factor_library_version="", totals=[], data_years=[2025])
    text = "\n".join(page_texts(receipt_pdf(receipt)))
    assert "Khai báo dữ liệu môi trường ngành Công Thương (Thông tư 42/2020/TT-BCT)" in text
    assert "GWP" not in text


@pytest.mark.parametrize("bad", ["", "abc", "A" * 64, "0" * 63])
def test_receipt_needs_a_full_lowercase_sha256(make_receipt, bad):
    with pytest.raises(ValueError):
        make_receipt(sha256=bad)
