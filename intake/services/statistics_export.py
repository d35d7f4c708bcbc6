"""The statistics workbook of one data year, assembled from the sector database."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from exporters.statistics_workbook import TONNES, Breakdown, StatisticsData, write_statistics_workbook
from forms.ghg import CATEGORIES
from forms.library import load_library
from intake.domain.compliance import FILING_STATE_LABELS
from intake.models import FormKind, GhgLineFact, ReportingPeriod, User
from intake.services import audit
from intake.services.register_status import HANOI, register_lines
from intake.services.statistics import ghg_statistics, ghg_total

CATEGORY_NAMES = {variant.value: variant.label_vi for variant in CATEGORIES}


def _summary(session: Session, year: int) -> list[tuple[str, object, str]]:
    by_scope = {row["category"]: row for row in ghg_statistics(session, year=year, group_by="category")}
    scope_of = {variant.value: variant.attributes.get("scope") for variant in CATEGORIES}
    scope1 = sum((row["total_tco2e"] for key, row in by_scope.items() if scope_of.get(key) == 1), start=0)
    scope2 = sum((row["total_tco2e"] for key, row in by_scope.items() if scope_of.get(key) == 2), start=0)
    facilities = ghg_statistics(session, year=year, group_by="facility")
    energy_tj = sum((row["energy_tj"] for row in facilities), start=0)
    energy_toe = sum((row["energy_toe"] for row in facilities), start=0)
    reports = set(session.scalars(select(GhgLineFact.report_id).where(GhgLineFact.data_year == year)))
    return [
        ("Tổng phát thải khí nhà kính", ghg_total(session, year), "tCO2e"),
        ("Phát thải trực tiếp (phạm vi 1)", scope1, "tCO2e"),
        ("Phát thải gián tiếp (phạm vi 2)", scope2, "tCO2e"),
        ("Năng lượng nhiên liệu", energy_tj, "TJ"),
        ("Năng lượng nhiên liệu (quy đổi)", energy_toe, "TOE"),
        ("Số cơ sở có báo cáo được chấp nhận", len(facilities), "cơ sở"),
        ("Số báo cáo được chấp nhận", len(reports), "báo cáo"),
    ]


def _breakdowns(session: Session, year: int) -> list[Breakdown]:
    categories = ghg_statistics(session, year=year, group_by="category")
    for row in categories:
        row["category_name"] = CATEGORY_NAMES.get(row["category"], row["category"])
    fuels = [row for row in ghg_statistics(session, year=year, group_by="fuel") if row["fuel"]]
    library = load_library()
    for row in fuels:
        fuel = library.fuels.get(row["fuel"])
        row["fuel_name"] = fuel.name_vi if fuel else row["fuel"]
    return [
        Breakdown("Theo ngành", f"Phát thải theo ngành (VSIC) năm {year}", (("Mã ngành VSIC", "vsic"),),
                  ghg_statistics(session, year=year, group_by="sector")),
        Breakdown("Theo phường xã", f"Phát thải theo phường, xã năm {year}",
                  (("Phường, xã", "commune_name"), ("Mã", "commune_code")),
                  ghg_statistics(session, year=year, group_by="commune")),
        Breakdown("Theo loại nguồn", f"Phát thải theo loại nguồn năm {year}",
                  (("Loại nguồn", "category_name"), ("Mã", "category")), categories, chart="pie"),
        Breakdown("Theo khí", f"Phát thải theo khí năm {year}", (("Khí", "gas"),),
                  ghg_statistics(session, year=year, group_by="gas"),
                  value_columns=(("Khối lượng (t)", "mass_t", TONNES),
                                 ("Quy đổi (tCO2e)", "total_tco2e", TONNES))),
        Breakdown("Theo nhiên liệu", f"Phát thải theo nhiên liệu năm {year}",
                  (("Nhiên liệu", "fuel_name"), ("Mã", "fuel")), fuels),
        Breakdown("Cơ sở", f"Phát thải theo cơ sở năm {year}",
                  (("Tên cơ sở", "facility_name"), ("Mã số thuế", "tax_code"), ("Mã cơ sở", "facility_id")),
                  ghg_statistics(session, year=year, group_by="facility")),
    ]


def _compliance(session: Session, year: int):
    columns = ("STT", "Tên cơ sở", "Phường, xã", "Kỳ báo cáo", "Tình trạng", "Nộp lần đầu", "Nộp muộn")
    periods = session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.form == FormKind.GHG_INVENTORY, ReportingPeriod.first_data_year <= year,
        ReportingPeriod.last_data_year >= year)).all()

    def rows():
        number = 0
        for period in periods:
            for line in register_lines(session, FormKind.GHG_INVENTORY, period):
                number += 1
                first = line.report.first_submitted_at_utc if line.report else None
                yield (number, line.obligation.facility.name, line.obligation.facility.commune.name,
                       period.name, FILING_STATE_LABELS[line.state][0],
                       first.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if first else "",
                       "Có" if line.late_submission else "")

    return columns, rows()


DICTIONARY = (
    ("tCO2e", "Tấn CO2 tương đương: khối lượng mỗi khí nhân với hệ số tiềm năng nóng lên toàn cầu "
              "(GWP) của bộ GWP mà báo cáo khai (mặc định IPCC AR5).", "tCO2e"),
    ("Phạm vi 1", "Phát thải trực tiếp: đốt nhiên liệu tĩnh và di động, quá trình công nghiệp, phát tán, "
                  "môi chất lạnh, chất thải (Điều 16 Thông tư 38/2023/TT-BCT).", "tCO2e"),
    ("Phạm vi 2", "Phát thải gián tiếp: điện và hơi nước mua vào; điện lưới tính theo hệ số phát thải "
                  "lưới điện quốc gia của năm số liệu.", "tCO2e"),
    ("TJ", "Năng lượng của nhiên liệu đốt = khối lượng (Gg) × nhiệt trị thực (TJ/Gg), IPCC 2006 "
           "Tập 2 Bảng 1.2 hoặc giá trị riêng có nguồn.", "TJ"),
    ("TOE", "Tấn dầu quy đổi theo bảng hệ số của Bộ Công Thương (Thông tư 02/2014/TT-BCT); nhiên liệu "
            "không có trong bảng quy đổi từ TJ với 1 TOE = 41,868 GJ.", "TOE"),
    ("CO2 sinh khối", "CO2 từ đốt sinh khối được ghi nhớ riêng, không cộng vào tổng phát thải.", "t"),
    ("Số liệu", "Chỉ gồm các báo cáo đã được Sở Công Thương chấp nhận; mỗi cơ sở lấy phiên bản được "
                "chấp nhận cuối cùng.", ""),
    ("Nguồn hệ số", "Thư viện hệ số phiên bản " + load_library().version + ": IPCC 2006, IPCC AR4/AR5/AR6, "
                    "hệ số phát thải lưới điện Việt Nam theo năm, bảng quy đổi TOE của Bộ Công Thương.", ""),
)


def statistics_workbook(session: Session, *, year: int, language: str = "vi",
                        actor: User | None = None) -> bytes:
    columns, rows = _compliance(session, year)
    data = StatisticsData(year=year, summary=_summary(session, year), breakdowns=_breakdowns(session, year),
                          compliance_columns=columns, compliance_rows=rows, dictionary=DICTIONARY)
    workbook = write_statistics_workbook(data)
    audit.record(session, actor, "statistics.export", object_type="statistics", object_id=year,
                 details={"bytes": len(workbook)})
    return workbook


def sector_report(session: Session, *, year: int, actor: User | None = None) -> bytes:
    """The PDF sector report of data year `year` (summary, breakdowns with charts)."""
    from exporters.pdf.sector_report import sector_report_pdf

    data = StatisticsData(year=year, summary=_summary(session, year), breakdowns=_breakdowns(session, year),
                          dictionary=DICTIONARY)
    pdf = sector_report_pdf(data)
    audit.record(session, actor, "statistics.report", object_type="statistics", object_id=year,
                 details={"bytes": len(pdf)})
    return pdf
