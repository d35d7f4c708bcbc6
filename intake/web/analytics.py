"""The analysts' dashboard of the sector database (accepted reports only), every tCO2e in the
GWP set chosen in the URL (`?gwp_set=AR4|AR5|AR6`, AR5 unless asked)."""
from __future__ import annotations

import io

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from exporters.charts import horizontal_bars
from forms.figures import DECLARATION_FIGURES, by_key
from forms.ghg import CATEGORIES
from forms.library import DEFAULT_GWP_SET, GWP_SETS, load_library
from intake.domain.facts import add_exactly
from intake.domain.roles import can_read_statistics
from intake.extensions import db
from intake.jobs.tasks import queue_job
from intake.services import analytics
from intake.services.background_jobs import JobStatus, describe, job_of
from intake.services.declaration_statistics import declaration_statistics
from intake.services.exports import ExportRefused, file_name, start_export
from intake.services.open_data import open_data_package
from intake.services.statistics import (
    FactFilter,
    filter_choices,
    ghg_statistics_many,
    ghg_totals_by_year,
    report_years,
)
from intake.services.statistics_export import sector_report, statistics_workbook
from intake.unit_of_work import after_commit
from intake.web.guards import requires
from intake.web.presentation import current_locale

blueprint = Blueprint("analytics", __name__, url_prefix="/statistics")


def _year() -> tuple[int | None, list[int]]:
    years = report_years(db.session)
    chosen = request.args.get("year", type=int)
    return (chosen if chosen in years else (years[-1] if years else None)), years


FORMS_SHOWN = ("all", "ghg", "declaration")


def _filters() -> tuple[FactFilter, str, list[str], list[tuple[str, str]]]:
    """The filter of the query string (`sector`, `commune`, `form`), checked against what exists;
    an unknown value is left out, not an error (a link kept from another year still opens)."""
    sectors, communes = filter_choices(db.session)
    sector = request.args.get("sector", "")
    commune = request.args.get("commune", "")
    shown = request.args.get("form", "all")
    return (FactFilter(vsic=sector if sector in sectors else "",
                       commune_code=commune if commune in {code for code, _ in communes} else ""),
            shown if shown in FORMS_SHOWN else "all", sectors, communes)


def _gwp_set(values=None) -> str:
    """The GWP set asked for in `values` (the query string by default); 400 for an unknown one
    (the page offers only the library's sets)."""
    chosen = (values if values is not None else request.args).get("gwp_set") or DEFAULT_GWP_SET
    if chosen not in GWP_SETS:
        abort(400, description=f"unknown GWP set {chosen!r}: use one of {', '.join(GWP_SETS)}")
    return chosen


@blueprint.route("")
@requires(can_read_statistics)
def dashboard():
    year, years = _year()
    gwp_set = _gwp_set()
    where, shown, sectors, communes = _filters()
    english = current_locale() == "en"
    if year is None:
        return render_template("analytics/dashboard.html", year=None, years=[], gwp_set=gwp_set,
                               compliance=analytics.compliance(db.session))
    chosen = {"year": year, "gwp_set": gwp_set, "sector": where.vsic, "commune": where.commune_code, "form": shown}
    declarations = _declaration_tables(year, where)
    categories = {v.value: (v.label_en if english else v.label_vi) for v in CATEGORIES}
    fuels = {key: (f.name_en if english else f.name_vi) for key, f in load_library().fuels.items()}
    # One pass over the year's facts for every table, one sum over all years for the chart.
    tables = ghg_statistics_many(db.session, year=year, gwp_set=gwp_set, where=where,
                                 group_bys=("category", "gas", "commune", "sector", "fuel", "facility"))
    tables["fuel"] = [r for r in tables["fuel"] if r["fuel"]]
    tables["year"] = ghg_totals_by_year(db.session, gwp_set, where)
    energy = {"tj": add_exactly(r["energy_tj"] for r in tables["facility"]),
              "toe": add_exactly(r["energy_toe"] for r in tables["facility"])}
    charts = {
        "category": horizontal_bars("chart-category", _("Emissions by source category"), _("Bar chart of the table below."),
                                    [(categories.get(r["category"], r["category"]), r["total_tco2e"]) for r in tables["category"]]),
        "commune": horizontal_bars("chart-commune", _("Emissions by ward or commune"), _("Bar chart of the table below."),
                                   [(r["commune_name"], r["total_tco2e"]) for r in tables["commune"]]),
        "facility": horizontal_bars("chart-facility", _("Top emitters"), _("Bar chart of the table below."),
                                    [(r["facility_name"], r["total_tco2e"]) for r in tables["facility"][:10]]),
        "year": horizontal_bars("chart-year", _("Emissions by data year"), _("Bar chart of the table below."),
                                [(str(r["year"]), r["total_tco2e"]) for r in tables["year"]]),
    }
    labels = {
        "category_label": lambda row: categories.get(row["category"], row["category"]),
        "gas_label": lambda row: row["gas"],
        "commune_label": lambda row: row["commune_name"],
        "sector_label": lambda row: row["vsic"] or "—",
        "fuel_label": lambda row: fuels.get(row["fuel"], row["fuel"]),
        "facility_label": lambda row: row["facility_name"],
    }
    charts["declaration"] = horizontal_bars(
        "chart-declaration", _("Energy used by ward or commune (declarations)"), _("Bar chart of the table below."),
        [(r["commune_name"], r["energy_toe"]) for r in declarations["commune"]], unit="TOE")
    return render_template("analytics/dashboard.html", year=year, years=years, gwp_set=gwp_set,
                           gwp_sets=GWP_SETS, tables=tables, charts=charts, energy=energy, **labels,
                           chosen=chosen, shown=shown, sectors=sectors, communes=communes,
                           declarations=declarations, declaration_columns=_declaration_columns(english),
                           change=analytics.year_over_year(
                               db.session, year, gwp_set, total=add_exactly(r["total_tco2e"] for r in tables["category"]),
                               where=where),
                           movers=analytics.facility_changes(db.session, year, gwp_set=gwp_set,
                                                             current=tables["facility"], where=where),
                           compliance=analytics.compliance(db.session))


# The declaration figures the dashboard's tables show (the workbook and the open data have all).
_DASHBOARD_DECLARATION = ("energy_toe", "electricity_kwh", "water_supply_m3", "solid_waste_kg",
                          "hazardous_waste_kg")


def _declaration_columns(english: bool) -> list[tuple[str, str, int]]:
    figures = by_key(DECLARATION_FIGURES)
    return [(key, figures[key].header("en" if english else "vi"), figures[key].decimals)
            for key in _DASHBOARD_DECLARATION]


def _declaration_tables(year: int, where: FactFilter) -> dict[str, list[dict]]:
    return {group_by: declaration_statistics(db.session, year=year, group_by=group_by, where=where)
            for group_by in ("sector", "commune", "facility")}


@blueprint.route("/open-data.zip")
@requires(can_read_statistics)
def open_data():
    """The year's figures as a Frictionless Data Package (CSV files and their schema)."""
    year, _years = _year()
    gwp_set = _gwp_set()
    where, _shown, _sectors, _communes = _filters()
    if year is None:
        abort(404)
    data = open_data_package(db.session, year=year, gwp_set=gwp_set, where=where)
    return send_file(io.BytesIO(data), as_attachment=True, mimetype="application/zip",
                     download_name=file_name("du-lieu-mo", year, gwp_set, "zip"))


@blueprint.route("/export.xlsx")
@requires(can_read_statistics)
def export():
    year, _years = _year()
    gwp_set = _gwp_set()
    if year is None:
        abort(404)
    data = statistics_workbook(db.session, year=year, actor=current_user, gwp_set=gwp_set)
    return send_file(io.BytesIO(data), as_attachment=True,
                     download_name=file_name("thong-ke", year, gwp_set, "xlsx"),
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@blueprint.route("/report.pdf")
@requires(can_read_statistics)
def report_pdf():
    year, _years = _year()
    gwp_set = _gwp_set()
    if year is None:
        abort(404)
    pdf = sector_report(db.session, year=year, actor=current_user, gwp_set=gwp_set)
    return send_file(io.BytesIO(pdf), as_attachment=True,
                     download_name=file_name("bao-cao-thong-ke", year, gwp_set, "pdf"),
                     mimetype="application/pdf")


@blueprint.route("/export-jobs", methods=["POST"])
@requires(can_read_statistics)
def start_export_job():
    """Queue the year's workbook or annual report for `intake worker`; its page follows the job."""
    year, _years = _year_from(request.form)
    gwp_set = _gwp_set(request.form)
    if year is None:
        abort(404)
    kind, _, file_format = (request.form.get("export") or "statistics:xlsx").partition(":")
    try:
        job = start_export(db.session, current_user, kind=kind, year=year, file_format=file_format,
                           gwp_set=gwp_set)
    except ExportRefused as refused:
        abort(400, description=refused.message_vi if current_locale() == "vi" else refused.message_en)
    job_id = job.id
    after_commit(lambda: queue_job(job_id))
    return redirect(url_for("analytics.export_job", job=job_id))


@blueprint.route("/export-jobs/<job>")
@requires(can_read_statistics)
def export_job(job: str):
    found = job_of(db.session, current_user, job)
    if found is None:
        abort(404)
    state = describe(found)
    step = state["step"]
    heading = _("Annual report") if state["kind"] == "annual-report" else _("Statistics workbook")
    return render_template("analytics/export_job.html", job=job, state=state, heading=heading,
                           step_label=step["label"] if current_locale() == "en" else step["label_vi"])


@blueprint.route("/export-jobs/<job>/file")
@requires(can_read_statistics)
def export_job_file(job: str):
    found = job_of(db.session, current_user, job)
    if found is None or found.status != JobStatus.DONE or found.file is None:
        abort(404)
    return send_file(io.BytesIO(found.file), as_attachment=True, download_name=found.file_name,
                     mimetype=found.media_type)


def _year_from(values) -> tuple[int | None, list[int]]:
    years = report_years(db.session)
    chosen = values.get("year", type=int)
    return (chosen if chosen in years else None), years
