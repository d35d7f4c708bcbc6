"""The analysts' dashboard of the sector database (accepted reports only)."""
from __future__ import annotations

import io
from functools import wraps

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exporters.charts import horizontal_bars
from forms.ghg import CATEGORIES
from forms.library import load_library
from intake.domain.roles import can_read_statistics
from intake.extensions import db
from intake.services import analytics
from intake.services.statistics import data_years, ghg_statistics
from intake.services.statistics_export import statistics_workbook
from intake.web.presentation import current_locale

blueprint = Blueprint("analytics", __name__, url_prefix="/statistics")


def readers_only(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        if not can_read_statistics(current_user):
            abort(403)
        return view(*args, **kwargs)

    return login_required(guarded)


def _year() -> tuple[int | None, list[int]]:
    years = data_years(db.session)
    chosen = request.args.get("year", type=int)
    return (chosen if chosen in years else (years[-1] if years else None)), years


@blueprint.route("")
@readers_only
def dashboard():
    year, years = _year()
    english = current_locale() == "en"
    if year is None:
        return render_template("analytics/dashboard.html", year=None, years=[],
                               compliance=analytics.compliance(db.session))
    categories = {v.value: (v.label_en if english else v.label_vi) for v in CATEGORIES}
    fuels = {key: (f.name_en if english else f.name_vi) for key, f in load_library().fuels.items()}
    tables = {
        "category": ghg_statistics(db.session, year=year, group_by="category"),
        "gas": ghg_statistics(db.session, year=year, group_by="gas"),
        "commune": ghg_statistics(db.session, year=year, group_by="commune"),
        "sector": ghg_statistics(db.session, year=year, group_by="sector"),
        "fuel": [r for r in ghg_statistics(db.session, year=year, group_by="fuel") if r["fuel"]],
        "facility": ghg_statistics(db.session, year=year, group_by="facility"),
        "year": ghg_statistics(db.session, year=None, group_by="year"),
    }
    charts = {
        "category": horizontal_bars("chart-category", _("Emissions by source category"), _("Bar chart of the table below."),
                                    [(categories.get(r["category"], r["category"]), r["total_tco2e"]) for r in tables["category"]]),
        "commune": horizontal_bars("chart-commune", _("Emissions by ward or commune"), _("Bar chart of the table below."),
                                   [(r["commune_name"], r["total_tco2e"]) for r in tables["commune"]]),
        "facility": horizontal_bars("chart-facility", _("Top emitters"), _("Bar chart of the table below."),
                                    [(r["facility_name"], r["total_tco2e"]) for r in tables["facility"][:10]]),
        "year": horizontal_bars("chart-year", _("Emissions by data year"), _("Bar chart of the table below."),
                                [(str(r["year"]), r["total_tco2e"]) for r in sorted(tables["year"], key=lambda r: r["year"])]),
    }
    labels = {
        "category_label": lambda row: categories.get(row["category"], row["category"]),
        "gas_label": lambda row: row["gas"],
        "commune_label": lambda row: row["commune_name"],
        "sector_label": lambda row: row["vsic"] or "—",
        "fuel_label": lambda row: fuels.get(row["fuel"], row["fuel"]),
        "facility_label": lambda row: row["facility_name"],
    }
    return render_template("analytics/dashboard.html", year=year, years=years, tables=tables, charts=charts,
                           **labels,
                           change=analytics.year_over_year(db.session, year),
                           movers=analytics.facility_changes(db.session, year),
                           compliance=analytics.compliance(db.session))


@blueprint.route("/export.xlsx")
@readers_only
def export():
    year, _years = _year()
    if year is None:
        abort(404)
    data = statistics_workbook(db.session, year=year, actor=current_user)
    db.session.commit()  # the audit entry of the export
    return send_file(io.BytesIO(data), as_attachment=True, download_name=f"thong-ke-{year}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@blueprint.route("/report.pdf")
@readers_only
def report_pdf():
    from intake.services.statistics_export import sector_report

    year, _years = _year()
    if year is None:
        abort(404)
    pdf = sector_report(db.session, year=year, actor=current_user)
    db.session.commit()
    return send_file(io.BytesIO(pdf), as_attachment=True, download_name=f"bao-cao-thong-ke-{year}.pdf",
                     mimetype="application/pdf")


@blueprint.route("/export-jobs", methods=["POST"])
@readers_only
def start_export_job():
    from flask import current_app, redirect, url_for

    from intake.services.export_jobs import start_export

    year, _years = _year_from(request.form)
    if year is None:
        abort(404)
    app = current_app._get_current_object()
    actor_id = current_user.id

    def build() -> bytes:
        with app.app_context():
            from intake.models import User

            data = statistics_workbook(db.session, year=year, actor=db.session.get(User, actor_id))
            db.session.commit()
            db.session.remove()
            return data

    job = start_export(app.instance_path, current_user.id, year, build)
    return redirect(url_for("analytics.export_job", job=job))


@blueprint.route("/export-jobs/<job>")
@readers_only
def export_job(job: str):
    from flask import current_app

    from intake.services.export_jobs import job_state

    state = job_state(current_app.instance_path, current_user.id, job)
    if state is None:
        abort(404)
    return render_template("analytics/export_job.html", job=job, state=state)


@blueprint.route("/export-jobs/<job>.xlsx")
@readers_only
def export_job_file(job: str):
    from flask import current_app

    from intake.services.export_jobs import job_state, workbook_path

    state = job_state(current_app.instance_path, current_user.id, job)
    if state is None or state["status"] != "done":
        abort(404)
    data = workbook_path(current_app.instance_path, current_user.id, job).read_bytes()
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=f"thong-ke-{state['year']}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _year_from(values) -> tuple[int | None, list[int]]:
    years = data_years(db.session)
    chosen = values.get("year", type=int)
    return (chosen if chosen in years else None), years
