"""Template helpers: labels of enums and dates in the user's language and time zone."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from intake.domain.roles import Role, can_manage_register
from intake.models import FormKind, ReportStatus

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

FORM_LABELS = {
    FormKind.GHG_INVENTORY: _l("GHG inventory report"),
    FormKind.ENV_DECLARATION: _l("Environmental declaration"),
}

STATUS_LABELS = {
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.UNDER_REVIEW: _l("Under review"),
    ReportStatus.RETURNED: _l("Returned for correction"),
    ReportStatus.ACCEPTED: _l("Accepted"),
}


def current_locale() -> str:
    return str(get_locale() or "vi")


def role_label(role: Role) -> str:
    return role.label_en if current_locale() == "en" else role.label_vi


def vn_date(value: dt.date | None) -> str:
    """Dates as people write them here: 31/03/2027."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: dt.datetime | None) -> str:
    """A UTC timestamp shown in Hanoi time."""
    return value.astimezone(HANOI).strftime("%d/%m/%Y %H:%M") if value else ""


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        current_locale=current_locale,
        can_manage_register=can_manage_register,
        role_label=role_label,
        form_label=lambda form: FORM_LABELS[form],
        status_label=lambda status: STATUS_LABELS[status],
    )
    app.jinja_env.filters.update(vn_date=vn_date, vn_datetime=vn_datetime)
