import copy
import re
from datetime import datetime

import pytest

from exporters.pdf import ReportPdfData, report_pdf
from forms.definition import (
    Choice,
    Field,
    FieldType,
    FormDefinition,
    Group,
    Section,
    Table,
)
from forms.ghg import GHG_FORM, SOURCES
from tests.unit.exporters.pdf_text import FACILITY_NAME, page_texts, pdf_text


@pytest.fixture
def make_report(worked_document, worked_result, sha256):
    def make(**changes) -> ReportPdfData:
        values = dict(form=GHG_FORM, document=worked_document, result=worked_result,
                      facility_name=FACILITY_NAME, version_number=2, status_vi="Đã nộp",
                      status_en="Submitted", report_id=42, sha256=sha256,
                      submitted_at=datetime(2024, 3, 15, 14, 5, 9))
        values.update(changes)
        return ReportPdfData(**values)

    return make


def _flat(text: str) -> str:
    # A long label may wrap inside its table cell; compare with line breaks as spaces.
    return re.sub(r"\s+", " ", text)


def test_every_section_of_form_06_in_order(make_report):
    text = _flat(pdf_text(report_pdf(make_report())))
    titles = [s.label_vi for s in GHG_FORM.children if isinstance(s, Section)]
    assert len(titles) == 6
    positions = [text.find(title) for title in titles]
    assert -1 not in positions, titles
    assert positions == sorted(positions)


def test_each_source_line_in_a_table_per_data_year(make_report, worked_document):
    text = pdf_text(report_pdf(make_report()))
    for year in worked_document["years"]:
        assert f"Năm số liệu {year['year']}" in text
        assert f"{SOURCES.label_vi} — {year['year']}" in text
        for source in year["sources"]:
            assert re.search(rf"(?m)^{source['id']}\b", text), source["id"]
    # Choices print their Vietnamese labels from the form definition, numbers the VN way.
    for label in ("Đốt nhiên liệu tĩnh", "Điện mua vào", "Dầu DO", "Điện lưới quốc gia",
                  "10.000", "MWh"):
        assert label in text


def test_diacritics_survive(make_report):
    text = pdf_text(report_pdf(make_report()))
    for expected in (FACILITY_NAME, "Phường Vĩnh Tuy", "BÁO CÁO KẾT QUẢ KIỂM KÊ KHÍ NHÀ KÍNH",
                     "SỞ CÔNG THƯƠNG HÀ NỘI", "Nghị định 06/2022/NĐ-CP", "Công nghiệp chế biến",
                     "Phương pháp tính và hệ số phát thải", "Độ không chắc chắn"):
        assert expected in text, expected


def test_results_per_year_category_and_line_in_vietnamese_numbers(make_report):
    text = pdf_text(report_pdf(make_report()))
    assert "31.150,360" in text  # 2022 total, tCO2e
    assert "30.473,760" in text  # 2022 scope 1
    assert "659,200" in text  # 2023 total
    assert "24.581,595" in text  # line S3 of 2022
    assert "Phát thải theo loại nguồn" in text
    assert "Diễn giải tính toán" in text  # the trace annex


def test_pages_are_numbered_with_the_total(make_report):
    pages = page_texts(report_pdf(make_report()))
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Trang {number}/{len(pages)}" in page


def test_sha256_and_submission_time_in_the_record(make_report, sha256):
    text = pdf_text(report_pdf(make_report()))
    assert re.search(rf"(?m)^{sha256}$", text)
    assert "15/03/2024 14:05:09 (giờ Hà Nội, UTC+7)" in text


def test_a_draft_without_result_or_hash_still_prints(make_report, worked_document):
    draft = copy.deepcopy(worked_document)
    draft["years"][0]["sources"][0]["quantity"] = "1.234,5"  # wrong notation: printed as is
    data = make_report(document=draft, result=None, sha256=None, submitted_at=None,
                       status_vi="Bản nháp", status_en="Draft", report_id=None)
    text = pdf_text(report_pdf(data))
    assert "Chưa có kết quả tính toán" in text
    assert "1.234,5" in text
    assert "chưa nộp" in text


def test_errors_and_warnings_are_listed_at_their_field(make_report, worked_result):
    result = dict(worked_result, warnings=[{
        "path": "years[0].sources[3].quantity", "code": "provisional_grid_factor",
        "message": "Provisional grid factor", "message_vi": "Hệ số lưới điện tạm thời"}])
    text = _flat(pdf_text(report_pdf(make_report(result=result))))
    assert "Hệ số lưới điện tạm thời" in text
    # Named by its label path (the row by its source id), never by its document path.
    assert "Năm 2022 › Nguồn S4 › Số liệu hoạt động" in text
    assert "years[0]" not in text and "provisional_grid_factor" not in text


def test_a_long_source_table_splits_with_its_header_repeated(make_report, worked_document):
    document = copy.deepcopy(worked_document)
    document["years"][0]["sources"] = [
        {"id": f"K{n:03d}", "category": "stationary_combustion", "sector": "manufacturing",
         "fuel": "diesel_oil", "quantity": str(1000 + n), "unit": "t",
         "description": f"Lò hơi số {n} — phân xưởng nhuộm"}
        for n in range(1, 121)
    ]
    pages = page_texts(report_pdf(make_report(document=document, result=None)))
    holding = [page for page in pages if re.search(r"(?m)^K\d{3}\b", page)]
    assert len(holding) >= 3
    for page in holding:
        assert "Mã nguồn" in _flat(page) and "Số liệu hoạt động" in _flat(page)  # header again
    text = "\n".join(pages)
    assert all(f"K{n:03d}" in text for n in range(1, 121))
    assert "1.120" in text


def test_any_form_definition_prints_by_walking_it(sha256):
    """A declaration-like form: dates, booleans, multi-choices, groups and plain tables."""
    form = FormDefinition(
        key="env-declaration", version="2026.1",
        label_vi="Khai báo dữ liệu môi trường ngành Công Thương",
        label_en="Industry and Trade environmental declaration",
        legal_basis_vi="Thông tư 42/2020/TT-BCT", children=(
            Field("year", "Năm khai báo", "Declaration year", FieldType.INTEGER),
            Section("permits", "II. Giấy phép môi trường", "II. Environmental permits", (
                Table("permits", "Giấy phép", "Permits", (
                    Field("number", "Số giấy phép", "Permit number"),
                    Field("date", "Ngày cấp", "Date issued", FieldType.DATE),
                    Field("authority", "Cơ quan cấp", "Issued by"),
                )),
            )),
            Section("water", "VI. Sử dụng nước", "VI. Water use", (
                Group("water", "Nước", "Water", (
                    Field("supply_m3", "Lượng nước cấp", "Water supplied", FieldType.DECIMAL,
                          unit="m3"),
                    Field("sources", "Nguồn nước", "Water sources", FieldType.MULTI_CHOICE,
                          choices=(Choice("groundwater", "Nước ngầm", "Groundwater"),
                                   Choice("surface", "Nước mặt", "Surface water"))),
                    Field("treated", "Có xử lý", "Treated", FieldType.BOOLEAN),
                )),
            )),
        ))
    document = {"year": 2025,
                "permits": [{"number": "215/GPMT-UBND", "date": "2024-05-10",
                             "authority": "UBND thành phố Hà Nội"}],
                "water": {"supply_m3": "620000", "sources": ["groundwater", "surface"],
                          "treated": True}}
    data = ReportPdfData(form=form, document=document, result={"valid": True, "errors": [],
                                                                "warnings": []},
                         facility_name=FACILITY_NAME, version_number=1, status_vi="Đã nộp",
                         sha256=sha256)
    text = pdf_text(report_pdf(data))
    for expected in ("KHAI BÁO DỮ LIỆU MÔI TRƯỜNG NGÀNH CÔNG THƯƠNG", "II. Giấy phép môi trường",
                     "VI. Sử dụng nước", "215/GPMT-UBND", "10/05/2024", "UBND thành phố Hà Nội",
                     "620.000 m3", "Nước ngầm; Nước mặt", "Có / Yes", "Năm khai báo", "2025"):
        assert expected in text, expected


def test_documents_printed_at_once_in_several_threads_are_each_whole(make_report):
    # reportlab reads every document's font subset out of one shared font file: a threaded
    # server printing two copies of record at once once failed with an IndexError, or worse.
    from concurrent.futures import ThreadPoolExecutor

    alone = report_pdf(make_report())
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda _: report_pdf(make_report()), range(48)))
    assert all(pdf == alone for pdf in together)


def test_the_copy_of_record_prints_form_06_section_ii_2_and_the_intensity(make_report, worked_document):
    from intake.domain.ghg import evaluate
    from tests.unit.ghg.conftest import TODAY

    document = {**worked_document,
                "facility_description": {"technology": "Lò hơi tầng sôi, máy xeo giấy 2 lớp",
                                         "capacity": "Giấy bao bì 50.000 tấn/năm"},
                "production": [{"year": 2023, "product": "Giấy bao bì", "quantity": "42000", "unit": "t",
                                "capacity": "50000"}],
                "onsite_generation": [{"year": 2023, "kind": "solar", "generated_mwh": "1250,5"}],
                "recalculation": {"recalculated": True, "years": "2022", "reason": "Công bố hệ số lưới điện 2022"}}
    result = evaluate(document, today=TODAY)
    text = _flat(pdf_text(report_pdf(make_report(document=document, result=result))))
    for expected in ("II.2. Cơ sở hạ tầng, công nghệ, công suất", "Lò hơi tầng sôi", "Sản lượng sản phẩm",
                     "Giấy bao bì", "42.000", "Điện tự sản xuất tại cơ sở", "Điện mặt trời",
                     "Tính toán lại (Điều 22 Thông tư 38)", "Công bố hệ số lưới điện 2022",
                     "Cường độ phát thải trên tấn sản phẩm"):
        assert expected in text, expected
    assert "onsite_generation" not in text and "solar" not in text  # keys never printed
