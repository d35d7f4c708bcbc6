"""The home page of each role."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from intake.domain.roles import Role
from intake.extensions import db
from intake.models import Commune, FormKind, Obligation, Report, ReportingPeriod, ReportStatus
from intake.scoping import visible_facilities, visible_reports

blueprint = Blueprint("home", __name__)


@blueprint.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return redirect(url_for("home.dashboard"))


@blueprint.route("/home")
@login_required
def dashboard():
    template = {
        Role.ENTERPRISE: "home/enterprise.html",
        Role.REVIEWER: "home/reviewer.html",
        Role.ANALYST: "home/analyst.html",
        Role.ADMIN: "home/admin.html",
    }[current_user.role]
    return render_template(template, **_dashboard_context(current_user.role))


def _dashboard_context(role: Role) -> dict:
    session = db.session
    context: dict = {
        "periods": session.scalars(
            select(ReportingPeriod).order_by(ReportingPeriod.due_on.desc()).limit(5)).all(),
    }
    if role is Role.ENTERPRISE:
        from intake.web.filing import due_rows

        context["due"] = due_rows()
        context["facilities"] = session.scalars(visible_facilities(current_user)).all()
        context["reports"] = session.scalars(
            visible_reports(current_user).order_by(Report.updated_at_utc.desc()).limit(10)).all()
        return context
    reports = visible_reports(current_user).subquery()
    context["report_counts"] = dict(session.execute(
        select(reports.c.status, func.count()).group_by(reports.c.status)).all())
    context["statuses"] = list(ReportStatus)
    context["obligation_counts"] = dict(session.execute(
        select(Obligation.form, func.count()).where(Obligation.removed_at_utc.is_(None))
        .group_by(Obligation.form)).all())
    context["forms"] = list(FormKind)
    context["commune_count"] = session.scalar(select(func.count()).select_from(Commune))
    return context
