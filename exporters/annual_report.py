"""The Department's annual report to the city and the Ministry (plan IV.1 g), as data, and its
Excel form. The PDF is `exporters.pdf.annual_report`; both are made from one `AnnualReport`.

The workbook is the statistics workbook's shape (`exporters.statistics_workbook`): a summary
sheet that opens with the document's heading, the breakdowns of both forms, the year-over-year
changes, the compliance list of both forms, and the method and terms.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from exporters.statistics_workbook import TONNES, WHOLE, Breakdown, StatisticsData, write_statistics_workbook

# Who the report is from and to (Decree 30/2020/NĐ-CP: the issuing body under its governing one).
GOVERNING_BODY = "Ủy ban nhân dân thành phố Hà Nội"
ISSUER = "Sở Công Thương"
ADDRESSEES = ("Ủy ban nhân dân thành phố Hà Nội", "Bộ Công Thương")
# The number is given by the Department's register of outgoing documents when it is signed.
DOCUMENT_NUMBER = "      /BC-SCT"
RECIPIENTS = ("Như trên", "Giám đốc Sở (để báo cáo)", "Phòng Kỹ thuật an toàn - Môi trường",
              "Lưu: VT, KTATMT")
SIGNATORY_TITLE = "GIÁM ĐỐC"


@dataclass(frozen=True)
class ComplianceCount:
    """One reporting period's filing, as counted on the day the report is made."""

    form: str
    period: str
    due_on: date
    obliged: int
    on_time: int
    late: int
    missing: int  # overdue and not filed
    in_progress: int  # not filed, not yet due (or extended)


@dataclass(frozen=True)
class ComplianceLine:
    form: str
    facility: str
    commune: str
    period: str
    state: str
    first_submitted: str  # dd/mm/yyyy hh:mm, Hanoi time; "" when not filed
    filed: bool
    late: bool


@dataclass(frozen=True)
class Change:
    """One figure this year beside the year before (`before` None when there is none)."""

    label: str
    now: Any
    before: Any
    unit: str

    @property
    def change_pct(self) -> Decimal | None:
        if not isinstance(self.now, (Decimal, int)) or not isinstance(self.before, (Decimal, int)) or not self.before:
            return None
        return (Decimal(self.now) - Decimal(self.before)) / Decimal(self.before) * 100


@dataclass(frozen=True)
class AnnualReport:
    year: int
    gwp_set: str
    compliance: Sequence[ComplianceCount]
    lines: Sequence[ComplianceLine]
    ghg_summary: Sequence[tuple[str, Any, str]]
    ghg_changes: Sequence[Change]
    ghg_breakdowns: Sequence[Breakdown]
    top_emitters: Breakdown
    declaration_changes: Sequence[Change]
    declaration_breakdowns: Sequence[Breakdown]
    method: Sequence[tuple[str, str]]  # (what, which: versions of the library and the forms)
    dictionary: Sequence[tuple[str, str, str]] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return (f"Báo cáo kết quả kiểm kê khí nhà kính và khai báo dữ liệu môi trường "
                f"ngành Công Thương Hà Nội năm {self.year}")


def _changes_breakdown(sheet: str, title: str, changes: Sequence[Change]) -> Breakdown:
    return Breakdown(sheet, title, (("Chỉ tiêu", "label"), ("Đơn vị", "unit")),
                     [{"label": c.label, "unit": c.unit, "now": c.now, "before": c.before,
                       "change_pct": c.change_pct} for c in changes],
                     value_columns=(("Năm báo cáo", "now", TONNES), ("Năm trước", "before", TONNES),
                                    ("Thay đổi (%)", "change_pct", "0.0")), chart=None)


def annual_report_workbook(report: AnnualReport) -> bytes:
    """The annual report as an Excel workbook (every figure a value, text guarded)."""
    counts = Breakdown("Tình hình nộp", f"Tình hình nộp báo cáo, số liệu năm {report.year}",
                       (("Loại báo cáo", "form"), ("Kỳ báo cáo", "period"), ("Hạn nộp", "due")),
                       [{"form": c.form, "period": c.period, "due": c.due_on.strftime("%d/%m/%Y"),
                         "obliged": c.obliged, "on_time": c.on_time, "late": c.late, "missing": c.missing,
                         "in_progress": c.in_progress} for c in report.compliance],
                       value_columns=(("Số cơ sở phải nộp", "obliged", WHOLE), ("Nộp đúng hạn", "on_time", WHOLE),
                                      ("Nộp muộn", "late", WHOLE), ("Quá hạn chưa nộp", "missing", WHOLE),
                                      ("Chưa đến hạn, chưa nộp", "in_progress", WHOLE)), chart=None)
    heading = [("Cơ quan báo cáo", f"{ISSUER} - {GOVERNING_BODY}", ""),
               ("Kính gửi", "; ".join(ADDRESSEES), ""),
               ("Số", DOCUMENT_NUMBER.strip(), "")]
    data = StatisticsData(
        year=report.year, title=report.title, gwp_set=report.gwp_set,
        summary=[*heading, *report.ghg_summary,
                 *((c.label, c.now, c.unit) for c in report.declaration_changes)],
        breakdowns=[counts,
                    _changes_breakdown("KNK so với năm trước", f"Phát thải khí nhà kính năm {report.year} "
                                       f"so với năm {report.year - 1}", report.ghg_changes),
                    *report.ghg_breakdowns, report.top_emitters,
                    _changes_breakdown("Kê khai so với năm trước", f"Kê khai môi trường năm {report.year} "
                                       f"so với năm {report.year - 1}", report.declaration_changes),
                    *report.declaration_breakdowns],
        compliance_columns=("STT", "Loại báo cáo", "Tên cơ sở", "Phường, xã", "Kỳ báo cáo", "Tình trạng",
                            "Nộp lần đầu", "Nộp muộn"),
        compliance_rows=[(number, line.form, line.facility, line.commune, line.period, line.state,
                          line.first_submitted, "Có" if line.late else "")
                         for number, line in enumerate(report.lines, start=1)],
        dictionary=[*((what, which, "") for what, which in report.method), *report.dictionary])
    return write_statistics_workbook(data)


__all__ = ["ADDRESSEES", "AnnualReport", "Change", "ComplianceCount", "ComplianceLine", "annual_report_workbook"]
