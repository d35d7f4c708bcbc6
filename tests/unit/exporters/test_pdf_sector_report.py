"""The sector PDF prints names, never the portal's keys, and never cuts a number across lines.

The breakdowns are the statistics service's own (`ghg_breakdowns`), fed with rows of the shape the
sector database returns, so the test follows the columns the real report has.
"""
import io
import re
from datetime import datetime, timezone
from decimal import Decimal

from pypdf import PdfReader

from exporters.numbers import format_vn_number
from exporters.pdf.sector_report import sector_report_pdf
from exporters.statistics_workbook import StatisticsData
from forms.ghg import CATEGORIES
from intake.services.statistics_export import TERMS, ghg_breakdowns
from tests.unit.exporters.pdf_text import pdf_text

LONG_NAME = "Công ty Trách nhiệm hữu hạn Một thành viên Cơ khí Chế tạo Máy Đông Anh"
# Figures wide enough to overflow a naively sized column: 34.612,736 was printed "34.612,73|6".
BIG = Decimal("1234567.891234")
MEDIUM = Decimal("34612.7359")


def _totals(tco2e: Decimal, facilities: int = 2) -> dict:
    return {"total_tco2e": tco2e, "energy_tj": tco2e / 7, "energy_toe": tco2e * 23,
            "facilities": facilities}


class Groups:
    """What `statistics_export.ghg_breakdowns` asks of the sector database, as canned rows."""

    year, gwp_set = 2025, "AR5"

    def __call__(self, group_by: str) -> list[dict]:
        return {
            "sector": [{"vsic": "2410", **_totals(BIG)}, {"vsic": "1702", **_totals(MEDIUM)}],
            "commune": [{"commune_code": "00493", "commune_name": "Xã Thiên Lộc", **_totals(BIG)}],
            "category": [{"category": v.value, **_totals(MEDIUM + i)}
                         for i, v in enumerate(CATEGORIES)],
            "gas": [{"gas": "CO2", "mass_t": BIG, "total_tco2e": BIG},
                    {"gas": "HFC-32", "mass_t": Decimal("0.025"), "total_tco2e": Decimal("16.925")}],
            "fuel": [{"fuel": "diesel_oil", **_totals(MEDIUM)},
                     {"fuel": "sub_bituminous_coal", **_totals(BIG)}],
            "facility": [{"facility_id": 91827, "facility_name": LONG_NAME, "tax_code": "0100112437",
                          **_totals(BIG, 1)},
                         {"facility_id": 91828, "facility_name": "Nhà máy Giấy Việt Hưng",
                          "tax_code": "0100109106-001", **_totals(MEDIUM, 1)}],
        }[group_by]

    def product_tonnes(self) -> dict[int, Decimal]:
        return {91827: Decimal("250000")}


def sector_pdf(generated_at=datetime(2026, 2, 3, 8, 30, tzinfo=timezone.utc)) -> bytes:
    data = StatisticsData(year=2025, breakdowns=ghg_breakdowns(Groups()), dictionary=TERMS,
                          summary=[("Tổng phát thải khí nhà kính", BIG, "tCO2e"),
                                   ("Số cơ sở có báo cáo được chấp nhận", 2, "cơ sở")])
    return sector_report_pdf(data, generated_at=generated_at)


def test_no_internal_key_is_printed():
    text = pdf_text(sector_pdf())
    for category in CATEGORIES:
        assert category.value not in text, category.value
        assert category.label_vi in re.sub(r"\s+", " ", text), category.label_vi
    for key in ("diesel_oil", "sub_bituminous_coal", "91827", "Mã cơ sở"):
        assert key not in text, key
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), "a snake_case key was printed"
    assert "Dầu DO" in text  # the fuel's name from the factor library


def test_no_number_or_code_is_cut_across_lines():
    text = pdf_text(sector_pdf())
    figures = {format_vn_number(value, 3) for value in (BIG, MEDIUM, BIG / 7, BIG * 23,
                                                        MEDIUM / 7, MEDIUM * 23)}
    figures |= {format_vn_number(MEDIUM + i, 3) for i in range(len(CATEGORIES))}
    codes = {"0100112437", "0100109106-001", "00493", "2410", "1702", "HFC-32"}
    lines = [line.strip() for line in text.split("\n")]
    unbroken = re.sub(r"\s+", "", text)
    for value in figures | codes:
        whole = sum(line.count(value) for line in lines)
        # Counted with line breaks removed, a value cut across two lines is found once more.
        assert whole and whole == unbroken.count(value), value
    for before, after in zip(lines, lines[1:]):
        for value in figures | codes:
            for cut in range(1, len(value)):
                assert not (before.endswith(value[:cut]) and after.startswith(value[cut:])), \
                    (value, before, after)


def test_the_national_header_and_the_generation_date():
    pdf = sector_pdf()
    text = pdf_text(pdf)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hà Nội, ngày 03 tháng 02 năm 2026" in text  # 15:30 in Hanoi
    created = PdfReader(io.BytesIO(pdf)).metadata.creation_date
    assert created == datetime(2026, 2, 3, 15, 30, tzinfo=created.tzinfo)
    assert created.utcoffset().total_seconds() == 7 * 3600


def test_a_long_name_wraps_at_word_boundaries():
    lines = pdf_text(sector_pdf()).split("\n")
    words = set(LONG_NAME.split())
    # Each line that holds part of the name holds whole words of it.
    parts = [line for line in lines if "Đông Anh" in line or "Trách nhiệm" in line]
    assert parts
    for line in parts:
        for token in re.findall(r"\w+", line):
            if token in LONG_NAME:
                assert token in words or not token.isalpha(), (token, line)


def test_a_facility_with_declared_production_shows_its_emissions_per_tonne():
    text = re.sub(r"\s+", " ", pdf_text(sector_pdf()))
    assert "Phát thải trên tấn sản phẩm (tCO2e/t)" in text
    # 1.234.567,891234 tCO2e over the 250.000 t its declaration states: 4,938 tCO2e/t.
    assert "0100112437 1.234.567,891 176.366,842 28.395.061,498 1 7,000 4,938" in text
    # The paper mill declared no production: its row ends at the energy intensity.
    assert "0100109106-001 34.612,736 4.944,677 796.092,926 1 7,000 Giải thích" in text
