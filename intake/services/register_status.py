"""The register with each obliged facility's state for a period, and its Excel export."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from exporters.table_workbook import Column, SheetTable, write_tables
from intake.domain.compliance import FILING_STATE_LABELS, HANOI
from intake.models import FormKind, ReportingPeriod, User
from intake.queries.register import RegisterLine, lines_of
from intake.services import audit
from intake.services.register import active_entries

__all__ = ["HANOI", "RegisterLine", "register_lines", "register_workbook"]  # HANOI: the exports' clock


def register_lines(session: Session, form: FormKind, period: ReportingPeriod | None,
                   today: dt.date | None = None) -> list[RegisterLine]:
    """Each active entry of the register of `form` with its report's state in `period` (none
    without a period), as of `today` in Hanoi (`today_in_hanoi()` unless given)."""
    return lines_of(session, active_entries(session, form), period, today)


def register_workbook(session: Session, actor: User, form: FormKind,
                      period: ReportingPeriod | None, language: str = "vi") -> bytes:
    """The register as an Excel workbook (one sheet), recorded in the audit log."""
    vi = language != "en"
    lines = register_lines(session, form, period)
    columns = [Column("STT" if vi else "No.", 6), Column("Tên cơ sở" if vi else "Facility", 45),
               Column("Địa chỉ" if vi else "Address", 45), Column("Phường, xã" if vi else "Ward/commune", 22),
               Column("Mã phường, xã" if vi else "Commune code", 12),
               Column("Mã số thuế" if vi else "Tax code", 14),
               Column("Căn cứ pháp lý" if vi else "Legal basis", 30),
               Column("Ngành nghề" if vi else "Sector", 40)]
    if period is not None:
        columns += [Column("Tình trạng" if vi else "State", 20),
                    Column("Nộp lần đầu" if vi else "First submitted", 18, "dd/mm/yyyy hh:mm"),
                    Column("Nộp muộn" if vi else "Filed late", 10)]

    def rows():
        for number, line in enumerate(lines, start=1):
            facility = line.obligation.facility
            row = [number, facility.name, facility.address, facility.commune.name, facility.commune_code,
                   facility.enterprise.tax_code if facility.enterprise else "",
                   f"{line.obligation.legal_basis} {line.obligation.basis_reference}".strip(),
                   line.obligation.sector]
            if period is not None:
                label_vi, label_en = FILING_STATE_LABELS[line.state]
                first = line.report.first_submitted_at_utc if line.report else None
                row += [label_vi if vi else label_en,
                        first.astimezone(HANOI).replace(tzinfo=None) if first else None,
                        ("Có" if vi else "Yes") if line.late_submission else ""]
            yield row

    title = "Danh sách cơ sở" if vi else "Register"
    notes = [f"{'Danh sách cơ sở có nghĩa vụ' if vi else 'Register of obliged facilities'}: "
             f"{form.value}" + (f" · {period.name} · {'hạn' if vi else 'due'} {period.due_on:%d/%m/%Y}" if period else "")]
    data = write_tables([SheetTable(title, columns, rows(), notes)])
    audit.record(session, actor, "register.export", object_type="register", object_id=form.value,
                 details={"period_id": period.id if period else None, "rows": len(lines)})
    return data
