"""Excel in the portal: template downloads, and uploads that are first a dry run (nothing
changes; every problem named by its cell) and then, on confirmation, create or replace the
draft. The uploaded file waits in the instance folder between the two steps, under a name
that binds it to the person who uploaded it."""
from __future__ import annotations

import functools
import hashlib
import io
import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exporters.xlsx import WorkbookRefused, annotate_workbook, write_template
from forms.registry import form_definition
from forms.rules import problem
from intake.database import writes_late
from intake.domain.roles import can_file_reports
from intake.domain.workflow import FormKind, is_editable
from intake.extensions import db
from intake.queries.facilities import facility_of
from intake.queries.periods import reporting_period
from intake.queries.reports import report_for, report_of
from intake.services import reports as filing
from intake.services.xlsx_intake import check_workbook
from intake.unit_of_work import after_commit, discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("excel", __name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
# Problems listed on the dry-run page; the annotated workbook marks every one. A workbook at its
# row limit can have tens of thousands, which would make a page of many megabytes.
PROBLEMS_SHOWN = 100


def first_problems(outcome: dict, count: int = PROBLEMS_SHOWN) -> list[dict]:
    """The first `count` problems of a dry run, errors first: {"problem", "is_error"}."""
    tagged = [{"problem": e, "is_error": True} for e in outcome["errors"][:count]]
    tagged += [{"problem": w, "is_error": False}
               for w in outcome["warnings"][:max(0, count - len(tagged))]]
    return tagged


def _upload_folder() -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_upload(digest: str) -> Path:
    """Where the current user's upload of that content waits after its dry run (filers' and
    reviewers' alike). The name binds it to the user: another's upload, whatever its
    enterprise, is never found by its digest. A malformed digest gives 400."""
    if not _DIGEST.fullmatch(digest or ""):
        abort(400)
    return _upload_folder() / f"{current_user.id}-{digest}.xlsx"


def annotated_download(digest: str):
    """The current user's stored upload with every problem marked: 404 when there is none, 422
    naming the reason when the annotation refuses the file (it loads every sheet, the reader
    only those of the form: a huge extra sheet passes the dry run, not this)."""
    path = stored_upload(digest)
    if not path.exists():
        abort(404)
    data = path.read_bytes()
    outcome = check_workbook(data, language=current_locale())
    try:
        marked = annotate_workbook(data, outcome["errors"] + outcome["warnings"])
    except WorkbookRefused as refused:
        why = problem(refused.code, "", reason_en=refused.reason_en, reason_vi=refused.reason_vi)
        return render_template("errors/error.html", status=422, message_en=why.message,
                               message_vi=why.message_vi), 422
    return _send_xlsx(marked, "kiem-tra-" + digest[:8] + ".xlsx")


def _send_xlsx(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name)


@blueprint.route("/templates/<form>.xlsx")
@login_required
def blank_template(form: str):
    try:
        definition = form_definition(form)
    except (KeyError, ModuleNotFoundError):
        abort(404)
    return _send_xlsx(write_template(definition), f"mau-{form}-{definition.version}.xlsx")


@blueprint.route("/reports/<int:report_id>/template.xlsx")
@login_required
def report_template(report_id: int):
    report = report_of(db.session, current_user, report_id)
    if report is None:
        abort(404)
    definition = form_definition(report.form.value)
    # The draft's current warnings go to the "Giải trình" sheet, each awaiting its reason.
    warnings = (report.result or {}).get("warnings") or []
    return _send_xlsx(write_template(definition, report.document, warnings), f"bao-cao-{report.id}.xlsx")


def _target(form_data) -> tuple:
    """The draft an upload replaces, or the facility and period of the draft it creates:
    (report or None, facility, period or None)."""
    report_id = form_data.get("report_id", type=int)
    if report_id:
        report = report_of(db.session, current_user, report_id)
        if report is None:
            abort(404)
        return report, report.facility, report.period
    facility = facility_of(db.session, current_user, form_data.get("facility_id", type=int))
    period = reporting_period(db.session, form_data.get("period_id", type=int))
    if facility is None or period is None:
        abort(404)
    return report_for(db.session, current_user, facility.id, period.id), facility, period


@blueprint.route("/excel/upload", methods=["GET", "POST"])
@requires(can_file_reports)
def upload():
    """Step 1: the dry run. Nothing in the database changes."""
    source = request.form if request.method == "POST" else request.args
    report, facility, period = _target(source)
    if request.method == "GET":
        return render_template("excel/upload.html", report=report, facility=facility, period=period,
                               outcome=None)
    uploaded = request.files.get("workbook")
    if uploaded is None or not uploaded.filename:
        flash(_("Choose an Excel file (.xlsx) to upload."), "error")
        return render_template("excel/upload.html", report=report, facility=facility, period=period,
                               outcome=None), 400
    data = uploaded.read()
    digest = hashlib.sha256(data).hexdigest()
    outcome = check_workbook(data, language=current_locale())
    form_matches = outcome["form"] in (None, (period.form.value if period else None),
                                       report.form.value if report else None)
    if outcome["readable"]:
        stored_upload(digest).write_bytes(data)
    same_as_draft = report is not None and outcome["document"] == report.document
    status = 200 if outcome["readable"] else 422
    return render_template("excel/upload.html", report=report, facility=facility, period=period,
                           outcome=outcome, digest=digest, filename=uploaded.filename,
                           form_matches=form_matches, same_as_draft=same_as_draft,
                           shown_problems=first_problems(outcome),
                           problem_count=len(outcome["errors"]) + len(outcome["warnings"])), status


@blueprint.route("/excel/annotated/<digest>.xlsx")
@requires(can_file_reports)
def annotated(digest: str):
    return annotated_download(digest)


@blueprint.route("/excel/confirm", methods=["POST"])
@requires(can_file_reports)
@writes_late
def confirm():
    """Step 2: create or replace the draft with the workbook checked in step 1."""
    report, facility, period = _target(request.form)
    path = stored_upload(request.form.get("digest", ""))
    if not path.exists():
        flash(_("The uploaded file has expired; upload it again."), "error")
        return redirect(url_for("excel.upload", report_id=report.id if report else None,
                                facility_id=facility.id, period_id=period.id if period else None))
    outcome = check_workbook(path.read_bytes(), language=current_locale())
    document = outcome["document"]
    if not outcome["readable"] or not isinstance(document, dict):
        abort(422)
    try:
        if report is None:
            report = filing.create_report(db.session, current_user, form=period.form.value,
                                          facility_id=facility.id, document=document, period_id=period.id)
        elif document == report.document:
            pass  # the same workbook again: nothing to change
        elif not is_editable(report.status):
            raise filing.Conflict("This report was submitted and can no longer be changed.",
                                  "Báo cáo đã được nộp và không thể sửa nữa.")
        else:
            filing.update_report(db.session, current_user, report.id, document=document,
                                 expected_revision=request.form.get("revision", type=int))
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("home.dashboard"))
    after_commit(functools.partial(path.unlink, missing_ok=True))
    flash(_("The draft now holds the workbook's data."), "success")
    return redirect(url_for("filing.edit", report_id=report.id))


__all__ = ["blueprint", "FormKind", "PROBLEMS_SHOWN", "annotated_download", "first_problems",
           "stored_upload"]
