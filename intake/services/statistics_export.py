"""The statistics workbook and the PDF sector report of one data year, assembled from the
sector database, with every tCO2e in one GWP set (AR5 unless asked), stated in both."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from exporters.numbers import format_vn_number
from exporters.pdf.sector_report import sector_report_pdf
from exporters.statistics_workbook import (
    GHG_VALUE_COLUMNS,
    TONNES,
    WHOLE,
    Breakdown,
    StatisticsData,
    write_statistics_workbook,
)
from forms.figures import DECLARATION_FIGURES, by_key
from forms.ghg import CATEGORIES
from forms.library import DEFAULT_GWP_SET, load_library
from forms.vocabulary import OZONE_DEPLETING
from intake.database import begin_writing
from intake.domain.compliance import FILING_STATE_LABELS
from intake.domain.facts import add_exactly
from intake.models import FormKind, GhgLineFact, GridFactorPublication, ReportingPeriod, User
from intake.services import audit
from intake.services.declaration_statistics import (
    declaration_statistics,
    declared_by_code,
    declared_by_facility,
    hazardous_waste_by_code,
)
from intake.services.register_status import HANOI, register_lines
from intake.services.statistics import UnknownGwpSet, check_gwp_set, gases_without_gwp, ghg_statistics_many

CATEGORY_NAMES = {variant.value: variant.label_vi for variant in CATEGORIES}


class Groups:
    """The groupings of one data year in one GWP set that an export shows, all read in one pass
    over the facts (`ghg_statistics_many`) when first asked for."""

    SHOWN = ("category", "facility", "fuel", "sector", "commune", "gas")

    def __init__(self, session: Session, year: int, gwp_set: str) -> None:
        self.session, self.year, self.gwp_set = session, year, check_gwp_set(gwp_set)
        self._rows: dict[str, list[dict[str, Any]]] | None = None

    def __call__(self, group_by: str) -> list[dict[str, Any]]:
        if self._rows is None:
            self._rows = ghg_statistics_many(self.session, year=self.year, group_bys=self.SHOWN,
                                             gwp_set=self.gwp_set)
        return self._rows[group_by]

    def gases_without_gwp(self) -> list[tuple[str, Any]]:
        return gases_without_gwp(self.session, year=self.year, gwp_set=self.gwp_set)

    def product_tonnes(self) -> dict[int, Any]:
        """Each facility's tonnes of product, as its declaration of the same year states them."""
        return declared_by_facility(self.session, year=self.year, measure="product_t")


def ghg_summary(groups: Groups) -> list[tuple[str, object, str]]:
    scope_of = {variant.value: variant.attributes.get("scope") for variant in CATEGORIES}
    categories = groups("category")
    scope1 = add_exactly(row["total_tco2e"] for row in categories if scope_of.get(row["category"]) == 1)
    scope2 = add_exactly(row["total_tco2e"] for row in categories if scope_of.get(row["category"]) == 2)
    facilities = groups("facility")
    energy_tj = add_exactly(row["energy_tj"] for row in facilities)
    energy_toe = add_exactly(row["energy_toe"] for row in facilities)
    reports = set(groups.session.scalars(select(GhgLineFact.report_id).where(GhgLineFact.data_year == groups.year)))
    return [
        # Every line is in one category: their exact sum is ghg_total, without another query.
        ("Tổng phát thải khí nhà kính", add_exactly(row["total_tco2e"] for row in categories), "tCO2e"),
        ("Phát thải trực tiếp (phạm vi 1)", scope1, "tCO2e"),
        ("Phát thải gián tiếp (phạm vi 2)", scope2, "tCO2e"),
        ("Năng lượng nhiên liệu", energy_tj, "TJ"),
        ("Năng lượng nhiên liệu (quy đổi)", energy_toe, "TOE"),
        ("Số cơ sở có báo cáo được chấp nhận", len(facilities), "cơ sở"),
        ("Số báo cáo được chấp nhận", len(reports), "báo cáo"),
        ("Bộ hệ số GWP dùng để quy đổi tCO2e", f"IPCC {groups.gwp_set}", ""),
        *((f"{gas}: không có GWP trong bộ {groups.gwp_set}, không cộng vào tổng tCO2e", mass, "t")
          for gas, mass in groups.gases_without_gwp()),
    ]


def ghg_breakdowns(groups: Groups) -> list[Breakdown]:
    def title(what: str) -> str:
        return f"Phát thải {what} năm {groups.year} (GWP {groups.gwp_set})"

    categories = groups("category")
    for row in categories:
        row["category_name"] = CATEGORY_NAMES.get(row["category"], row["category"])
    gases = groups("gas")
    for row in gases:
        row["ozone_depleting_label"] = "Có (Nghị định 06/2022/NĐ-CP, Điều 22)" if row.get("ozone_depleting") else ""
    fuels = [row for row in groups("fuel") if row["fuel"]]
    library = load_library()
    for row in fuels:
        fuel = library.fuels.get(row["fuel"])
        row["fuel_name"] = fuel.name_vi if fuel else row["fuel"]
    return [
        Breakdown("Theo ngành", title("theo ngành (VSIC)"), (("Mã ngành VSIC", "vsic"),),
                  with_intensity(groups("sector")), value_columns=WITH_INTENSITY),
        Breakdown("Theo phường xã", title("theo phường, xã"),
                  (("Phường, xã", "commune_name"), ("Mã", "commune_code")), groups("commune")),
        Breakdown("Theo loại nguồn", title("theo loại nguồn"),
                  (("Loại nguồn", "category_name"), ("Mã", "category")), categories, chart="pie"),
        Breakdown("Theo khí", title("theo khí"), (("Khí", "gas"), (OZONE_DEPLETING[0].capitalize(), "ozone_depleting_label")),
                  gases,
                  value_columns=(("Khối lượng (t)", "mass_t", TONNES),
                                 ("Quy đổi (tCO2e)", "total_tco2e", TONNES))),
        Breakdown("Theo nhiên liệu", title("theo nhiên liệu"), (("Nhiên liệu", "fuel_name"), ("Mã", "fuel")), fuels),
        Breakdown("Cơ sở", title("theo cơ sở"),
                  (("Tên cơ sở", "facility_name"), ("Mã số thuế", "tax_code"), ("Mã cơ sở", "facility_id")),
                  with_intensity(groups("facility"), groups.product_tonnes()),
                  value_columns=(*WITH_INTENSITY, ("Phát thải trên tấn sản phẩm (tCO2e/t)", "tco2e_per_t_product",
                                                   TONNES))),
    ]


# The default columns of a breakdown, and the emissions per unit of fuel energy.
WITH_INTENSITY = (*GHG_VALUE_COLUMNS,
                  ("Cường độ phát thải (tCO2e/TJ)", "tco2e_per_tj", TONNES))


def with_intensity(rows: list[dict[str, Any]], product_t: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Each row with `tco2e_per_tj`, its emissions per TJ of fuel burnt (None without fuel:
    a facility that only buys electricity has no such intensity); facility rows, given
    `product_t` (the tonnes of product its declaration of the year states), `tco2e_per_t_product`."""
    for row in rows:
        energy = row.get("energy_tj")
        row["tco2e_per_tj"] = row["total_tco2e"] / energy if energy else None
        if product_t is not None:
            tonnes = product_t.get(row.get("facility_id"))
            row["tco2e_per_t_product"] = row["total_tco2e"] / tonnes if tonnes else None
    return rows


# The declaration totals a workbook shows per facility, in the order of the form's figures.
_DECLARATION_SHOWN = ("energy_tj", "energy_toe", "electricity_kwh", "water_supply_m3",
                      "wastewater_m3_per_year", "solid_waste_kg", "recycled_kg",
                      "hazardous_waste_kg", "plastic_packaging_kg")


def declarations_by_facility(session: Session, year: int) -> Breakdown:
    """The accepted environmental declarations of `year`, a row per facility."""
    figures = by_key(DECLARATION_FIGURES)
    rows = declaration_statistics(session, year=year, group_by="facility")
    incidents = declared_by_facility(session, year=year, measure="incidents")
    for row in rows:
        row["incidents"] = int(incidents.get(row["facility_id"], 0))
    return Breakdown(
        "Kê khai theo cơ sở", f"Kê khai môi trường năm {year} theo cơ sở",
        (("Tên cơ sở", "facility_name"), ("Mã số thuế", "tax_code"), ("Mã cơ sở", "facility_id")), rows,
        value_columns=(*((figures[key].header(), key, TONNES) for key in _DECLARATION_SHOWN),
                       ("Sự cố môi trường", "incidents", WHOLE)),
        chart=None)


FORM_NAMES = {FormKind.GHG_INVENTORY: "Kiểm kê khí nhà kính", FormKind.ENV_DECLARATION: "Khai báo môi trường"}
COMPLIANCE_COLUMNS = ("STT", "Loại báo cáo", "Tên cơ sở", "Phường, xã", "Kỳ báo cáo", "Tình trạng",
                      "Nộp lần đầu", "Nộp muộn")


def periods_of(session: Session, form: FormKind, year: int) -> list[ReportingPeriod]:
    """The reporting periods of `form` whose data years include `year`."""
    return list(session.scalars(select(ReportingPeriod).where(
        ReportingPeriod.form == form, ReportingPeriod.first_data_year <= year,
        ReportingPeriod.last_data_year >= year).order_by(ReportingPeriod.due_on)))


# The declaration figures of a breakdown by group: fewer than the facility sheet's, to fit a page.
DECLARATION_COLUMNS = ("energy_toe", "electricity_kwh", "water_supply_m3", "solid_waste_kg", "hazardous_waste_kg")


def declaration_breakdowns(session: Session, year: int) -> list[Breakdown]:
    """The accepted declarations of `year`: hazardous waste by code, then by sector and by ward
    or commune."""
    figures = by_key(DECLARATION_FIGURES)
    columns = (*((figures[key].header(), key, TONNES) for key in DECLARATION_COLUMNS),
               ("Số cơ sở", "facilities", WHOLE))
    return [
        Breakdown("Chất thải nguy hại theo mã", f"Chất thải nguy hại năm {year} theo mã chất thải",
                  (("Mã chất thải nguy hại", "code"),), hazardous_waste_by_code(session, year=year),
                  value_columns=(("Khối lượng (kg)", "quantity_kg", TONNES), ("Số cơ sở", "facilities", WHOLE)),
                  chart=None),
        Breakdown("CTNH theo đơn vị xử lý", f"Chất thải nguy hại năm {year} theo đơn vị được cấp phép xử lý",
                  (("Đơn vị xử lý", "code"),),
                  declared_by_code(session, year=year, measure="hazardous_waste_handler"),
                  value_columns=(("Khối lượng (kg)", "quantity", TONNES), ("Số cơ sở", "facilities", WHOLE)),
                  chart=None),
        Breakdown("Kê khai theo ngành", f"Kê khai môi trường năm {year} theo ngành (VSIC)",
                  (("Mã ngành VSIC", "vsic"),), declaration_statistics(session, year=year, group_by="sector"),
                  value_columns=columns, chart=None),
        Breakdown("Kê khai theo phường xã", f"Kê khai môi trường năm {year} theo phường, xã",
                  (("Phường, xã", "commune_name"), ("Mã", "commune_code")),
                  declaration_statistics(session, year=year, group_by="commune"), value_columns=columns, chart=None),
    ]


def compliance_table(session: Session, year: int):
    """(columns, rows): each obliged facility's state in each period of data year `year`, of
    both forms, the GHG inventories first. The rows are read as they are written."""

    def rows():
        number = 0
        for form in (FormKind.GHG_INVENTORY, FormKind.ENV_DECLARATION):
            for period in periods_of(session, form, year):
                for line in register_lines(session, form, period):
                    number += 1
                    first = line.report.first_submitted_at_utc if line.report else None
                    yield (number, FORM_NAMES[form], line.obligation.facility.name,
                           line.obligation.facility.commune.name, period.name,
                           FILING_STATE_LABELS[line.state][0],
                           first.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if first else "",
                           "Có" if line.late_submission else "")

    return COMPLIANCE_COLUMNS, rows()


def published_grid_terms(session: Session) -> tuple[tuple[str, str, str], ...]:
    """A line per grid factor published after filing: the figures use it (and say so)."""
    return tuple(
        (f"Hệ số lưới điện {p.year}", f"{format_vn_number(p.tco2_per_mwh)} tCO2/MWh, công bố {p.source} "
                                      f"(thư viện hệ số {p.library_version}); các báo cáo đã dùng hệ số tạm thời "
                                      f"cho năm {p.year} được tính lại theo hệ số này, bản đã nộp giữ nguyên.",
         "tCO2/MWh")
        for p in session.scalars(select(GridFactorPublication).order_by(GridFactorPublication.year)))


def dictionary(gwp_set: str, session: Session | None = None) -> tuple[tuple[str, str, str], ...]:
    published = published_grid_terms(session) if session is not None else ()
    return ((
        "tCO2e", f"Tấn CO2 tương đương: khối lượng mỗi khí nhân với hệ số tiềm năng nóng lên toàn cầu "
                 f"(GWP 100 năm) của bộ IPCC {gwp_set}, cho mọi báo cáo, dù báo cáo được lập theo bộ GWP "
                 f"nào (AR4, AR5 hay AR6); điện và hơi nước mua vào tính là CO2; môi chất lạnh hỗn hợp "
                 f"tách theo từng khí thành phần.", "tCO2e"),) + TERMS + published


TERMS = (
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


# The steps of each export, as a background job reports them (intake.services.background_jobs).
WORKBOOK_STEPS = ("facts", "declarations", "writing")
REPORT_STEPS = ("facts", "writing")


def _no_progress(_step: str) -> None:
    pass


def statistics_workbook(session: Session, *, year: int, language: str = "vi",
                        actor: User | None = None, gwp_set: str = DEFAULT_GWP_SET,
                        progress: Callable[[str], None] = _no_progress) -> bytes:
    """The statistics workbook of data year `year`, every tCO2e in `gwp_set`; `progress` is
    told each of WORKBOOK_STEPS as it begins. Raises UnknownGwpSet."""
    progress("facts")
    groups = Groups(session, year, gwp_set)
    summary, breakdowns = ghg_summary(groups), ghg_breakdowns(groups)
    progress("declarations")
    declarations = [*declaration_breakdowns(session, year), declarations_by_facility(session, year)]
    progress("writing")
    # The compliance rows are read as the sheet is written, one register line at a time.
    columns, rows = compliance_table(session, year)
    data = StatisticsData(year=year, summary=summary, breakdowns=[*breakdowns, *declarations],
                          compliance_columns=columns,
                          compliance_rows=rows, dictionary=dictionary(gwp_set, session), gwp_set=gwp_set)
    workbook = write_statistics_workbook(data)
    begin_writing(session)
    audit.record(session, actor, "statistics.export", object_type="statistics", object_id=year,
                 details={"bytes": len(workbook), "gwp_set": gwp_set})
    return workbook


def sector_report(session: Session, *, year: int, actor: User | None = None,
                  gwp_set: str = DEFAULT_GWP_SET, progress: Callable[[str], None] = _no_progress) -> bytes:
    """The PDF sector report of data year `year` (summary, breakdowns with charts), every
    tCO2e in `gwp_set`; `progress` is told each of REPORT_STEPS. Raises UnknownGwpSet."""
    progress("facts")
    groups = Groups(session, year, gwp_set)
    data = StatisticsData(year=year, summary=ghg_summary(groups),
                          breakdowns=[*ghg_breakdowns(groups), *declaration_breakdowns(session, year)],
                          dictionary=dictionary(gwp_set, session),
                          gwp_set=gwp_set)
    progress("writing")
    pdf = sector_report_pdf(data)
    begin_writing(session)
    audit.record(session, actor, "statistics.report", object_type="statistics", object_id=year,
                 details={"bytes": len(pdf), "gwp_set": gwp_set})
    return pdf


__all__ = ["REPORT_STEPS", "WORKBOOK_STEPS", "UnknownGwpSet", "sector_report", "statistics_workbook"]
