"""Reporting periods, created by administrators."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake.domain import text_limits
from intake.domain.roles import can_administer
from intake.models import FormKind, ReportingPeriod, User
from intake.services import audit


class PeriodError(ValueError):
    def __init__(self, message: str, message_vi: str, field: str) -> None:
        super().__init__(message)
        self.message, self.message_vi, self.field = message, message_vi, field


# Decree 06/2022 (as amended): the GHG inventory covers two data years; Circular 42/2020: the
# declaration one.
DATA_YEARS = {FormKind.GHG_INVENTORY: 2, FormKind.ENV_DECLARATION: 1}


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise PeriodError("Name the period.", "Cần đặt tên kỳ báo cáo.", "name")
    too_long = text_limits.PERIOD_NAME.refusal(name, "name")
    if too_long is not None:
        raise PeriodError(*too_long, "name")
    return name


def _check_dates(opens_on: dt.date, due_on: dt.date, last_data_year: int) -> None:
    if opens_on > due_on:
        raise PeriodError("The period must open before it is due.", "Ngày mở phải trước hạn nộp.", "due_on")
    if opens_on.year <= last_data_year:
        raise PeriodError("A period opens after its last data year has ended.",
                          "Kỳ báo cáo chỉ mở sau khi năm số liệu cuối cùng kết thúc.", "opens_on")


def create_period(session: Session, actor: User, *, form: FormKind, name: str, first_data_year: int,
                  last_data_year: int, opens_on: dt.date, due_on: dt.date) -> ReportingPeriod:
    """Raises PermissionError (not an administrator) or PeriodError naming the field."""
    if not can_administer(actor):
        raise PermissionError("only administrators create reporting periods")
    name = _checked_name(name)
    if last_data_year - first_data_year + 1 != DATA_YEARS[form]:
        raise PeriodError(
            f"This form covers {DATA_YEARS[form]} data year(s).",
            f"Biểu mẫu này gồm {DATA_YEARS[form]} năm số liệu.", "last_data_year")
    _check_dates(opens_on, due_on, last_data_year)
    clash = session.scalar(select(ReportingPeriod.id).where(
        ReportingPeriod.form == form, ReportingPeriod.first_data_year == first_data_year))
    if clash is not None:
        raise PeriodError("A period of this form already covers these years.",
                          "Đã có kỳ báo cáo của biểu mẫu này cho các năm số liệu này.", "first_data_year")
    period = ReportingPeriod(form=form, name=name, first_data_year=first_data_year,
                             last_data_year=last_data_year, opens_on=opens_on, due_on=due_on)
    session.add(period)
    session.flush()
    audit.record(session, actor, "period.create", object_type="reporting_period", object_id=period.id,
                 details={"form": form.value, "years": [first_data_year, last_data_year],
                          "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat()})
    return period


def update_period(session: Session, actor: User, period_id: int, *, name: str, opens_on: dt.date,
                  due_on: dt.date) -> ReportingPeriod:
    """Rename a period, or move its dates: a later due date extends it for every facility
    (an extension granted to one facility stays that facility's). Its form and data years never
    change: reports were filed for them. Raises PermissionError, LookupError, PeriodError."""
    if not can_administer(actor):
        raise PermissionError("only administrators change reporting periods")
    period = session.get(ReportingPeriod, period_id)
    if period is None:
        raise LookupError(period_id)
    name = _checked_name(name)
    _check_dates(opens_on, due_on, period.last_data_year)
    before = {"name": period.name, "opens_on": period.opens_on.isoformat(), "due_on": period.due_on.isoformat()}
    period.name, period.opens_on, period.due_on = name, opens_on, due_on
    after = {"name": name, "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat()}
    if before != after:
        audit.record(session, actor, "period.update", object_type="reporting_period", object_id=period.id,
                     details={"before": before, "after": after})
    return period
