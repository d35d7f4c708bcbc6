"""Filing pages for enterprise users: what is due, the guided form with autosave, submission,
history and receipts. Thin: every change goes through intake.services.reports."""
from __future__ import annotations

import io
import re

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SubmitField
from wtforms.validators import DataRequired

from forms.definition import Table
from forms.registry import form_definition
from intake.database import writes_late
from intake.domain.carry_forward import carry_forward
from intake.domain.roles import can_certify_for, can_file_reports, can_read_audit_log
from intake.domain.workflow import FormKind, is_editable
from intake.extensions import db
from intake.queries.facilities import facility_of
from intake.queries.periods import reporting_period
from intake.queries.recalculations import recalculations_of
from intake.queries.reports import report_for, report_to_carry_forward
from intake.services import enter_once
from intake.services import reports as filing
from intake.services.documents_pdf import receipt_pdf_file
from intake.services.records import copy_of_record
from intake.services.review import released_comments
from intake.services.throttling import LoginPolicy
from intake.storage import blob_store
from intake.unit_of_work import discard, keep_even_if_refused
from intake.web import document_form, threads
from intake.web.answers_html import AnswersHtml
from intake.web.form_html import NOT_IN_FORM, FormHtml
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import FORM_LABELS, commune_choices, current_locale, problem_message

blueprint = Blueprint("filing", __name__)


class SubmitForm(FlaskForm):
    certify = BooleanField(_l("I certify the statement above"), validators=[
        DataRequired(message=_l("Tick the certification to submit."))])
    password = PasswordField(_l("Your password (to confirm your identity)"), validators=[
        DataRequired(message=_l("Enter your password."))], render_kw={"autocomplete": "current-password"})
    submit = SubmitField()


def _report_or_404(report_id: int, *, for_update: bool = False):
    try:
        return filing.get_report(db.session, current_user, report_id, for_update=for_update)
    except filing.NotFound:
        abort(404)


@blueprint.route("/reports/new", methods=["POST"])
@requires(can_file_reports)
def create():
    """Start a report for one of my facilities and a period (optionally carried forward)."""
    facility_id = request.form.get("facility_id", type=int)
    period = reporting_period(db.session, request.form.get("period_id", type=int))
    if period is None:
        abort(400)
    facility = facility_of(db.session, current_user, facility_id)
    if facility is None:
        abort(404)
    existing = report_for(db.session, current_user, facility.id, period.id)
    if existing is not None:
        return redirect(url_for("filing.edit", report_id=existing.id))
    definition = form_definition(period.form.value)
    document = _starting_document(definition, facility, period, request.form.get("carry_forward") == "1")
    try:
        report = filing.create_report(db.session, current_user, form=period.form.value,
                                      facility_id=facility.id, document=document, period_id=period.id)
    except filing.ReportExists as exists:  # a double click, or a colleague a moment earlier
        discard()
        return redirect(url_for("filing.edit", report_id=exists.report_id))
    return redirect(url_for("filing.edit", report_id=report.id))


def _starting_document(definition, facility, period, carry: bool) -> dict:
    document: dict = {"form": definition.key, "form_version": definition.version,
                      "facility": filing.facility_block(facility)}
    if carry:
        previous = report_to_carry_forward(db.session, current_user, facility.id, period.form, period.id)
        if previous is not None:
            document = carry_forward(definition, previous.document, period.data_years)
            document["facility"] = {**document.get("facility", {}), **filing.facility_block(facility)}
    if period.form is FormKind.GHG_INVENTORY:
        document.setdefault("gwp_set", "AR5")
        document.setdefault("years", [{"year": year, "sources": []} for year in period.data_years])
    else:
        document.setdefault("year", period.last_data_year)
    return document


@blueprint.route("/reports/<int:report_id>", methods=["GET", "POST"])
@login_required
@writes_late
def edit(report_id: int):
    """The guided form. Without JavaScript it posts the whole form; with it, autosave does."""
    report = _report_or_404(report_id)
    if not (can_file_reports(current_user) and is_editable(report.status)):
        return redirect(url_for("filing.history", report_id=report.id))
    definition = form_definition(report.form.value)
    status = 200
    if request.method == "POST":
        report, status = _save_from_form(report, definition)
        if status == 200:
            if request.form.get("_goto_submit"):
                return redirect(url_for("filing.submit", report_id=report.id))
            flash(_("Saved."), "success")
            return _back_to_the_row(report)
    maps = _problem_maps(report)
    filer_comments = threads.for_filer(report)  # the Department's comments, beside their fields
    inputs = FormHtml(definition, values=document_form.flatten(definition, report.document,
                                                               current_locale()),
                      problems_by_id=maps["problems_by_id"], document=report.document,
                      language=current_locale(), message=problem_message,
                      communes=commune_choices(), notes_by_id=threads.field_notes(),
                      open_rows=request.args.getlist("open"))
    return render_template("filing/edit.html", report=report, definition=definition,
                           form_html=inputs, comments=filer_comments,
                           **maps), status


def _back_to_the_row(report):
    """After a save without script: back to the form, at the row added, opened ("change this
    row") or the table a row was removed from, that row shown open."""
    added = request.form.get("_add_row")
    opened = request.form.get("_open_row")
    removed = request.form.get("_remove_row")
    target = ""
    if added:
        count = document_form.row_count(report.document, added)
        opened = f"{added}[{count - 1}]" if count else ""
        target = opened or added
    elif opened:
        target = opened
    elif removed:
        target = re.sub(r"\[\d+\]$", "", removed)
    url = url_for("filing.edit", report_id=report.id, **({"open": opened} if opened else {}))
    return redirect(url + ("#" + document_form.input_id(target) if target else ""))


def _document_from_request(report, definition) -> dict:
    document = document_form.build_document(definition, request.form, language=current_locale(),
                                            base=report.document)
    # A warning's explanation box left empty is no explanation: not a row with a blank reason.
    if isinstance(document.get("acknowledgements"), list):
        document["acknowledgements"] = [row for row in document["acknowledgements"]
                                        if str(row.get("reason", "")).strip()]
        if not document["acknowledgements"]:
            del document["acknowledgements"]
    return document


def _save_from_form(report, definition):
    document = _document_from_request(report, definition)
    _apply_row_buttons(document, definition)
    try:
        report = filing.update_report(db.session, current_user, report.id, document=document,
                                      expected_revision=request.form.get("revision", type=int))
    except filing.StaleRevision as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return _report_or_404(report.id), 409
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return _report_or_404(report.id), error.status
    return report, 200


def _apply_row_buttons(document: dict, definition) -> None:
    """The no-JavaScript "add a row" / "remove this row" buttons. Only a table of the form's
    own, shown in it, gets a row: a hand-written path adds no key the form does not know."""
    add = request.form.get("_add_row")
    if add and _form_table(definition, add):
        rows = document_form.locate(document, add, create=True)
        if isinstance(rows, list):
            rows.append({})
    remove = request.form.get("_remove_row")
    if remove:
        match = re.fullmatch(r"(.+)\[(\d+)\]", remove)
        if match:
            rows = document_form.locate(document, match.group(1))
            index = int(match.group(2))
            if isinstance(rows, list) and index < len(rows):
                rows.pop(index)


def _form_table(definition, path: str) -> bool:
    node = definition.node_at(path)
    return isinstance(node, Table) and not node.computed and node.key not in NOT_IN_FORM


def _problem_maps(report) -> dict:
    """Errors and warnings by input id, for inline messages next to their fields."""
    result = report.result or {}
    by_id: dict[str, list[dict]] = {}
    for severity in ("errors", "warnings"):
        for problem in result.get(severity, []):
            by_id.setdefault(document_form.input_id(problem.get("path", "")), []).append(
                {**problem, "severity": severity[:-1]})
    return {"result": result, "problems_by_id": by_id}


@blueprint.route("/reports/<int:report_id>/prefill", methods=["POST"])
@requires(can_file_reports)
def prefill(report_id: int):
    """Enter once: the draft's energy from the facility's other form of the same year."""
    try:
        report, source = enter_once.prefill(db.session, current_user, report_id,
                                            expected_revision=request.form.get("revision", type=int))
    except filing.NotFound:
        abort(404)
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("filing.edit", report_id=report_id)), 303
    flash(_("Filled in from %(form)s: check each row, its source is noted on it.",
            form=FORM_LABELS[source.form]), "success")
    return redirect(url_for("filing.edit", report_id=report.id))


@blueprint.route("/reports/<int:report_id>/autosave", methods=["POST"])
@login_required
@writes_late
def autosave(report_id: int):
    """Called by the page's script with the whole form; answers JSON (never a redirect)."""
    report = _report_or_404(report_id)  # 404 before 403: an unknown report is not named
    if not can_file_reports(current_user):
        abort(403)
    definition = form_definition(report.form.value)
    document = _document_from_request(report, definition)
    try:
        report = filing.update_report(db.session, current_user, report.id, document=document,
                                      expected_revision=request.form.get("revision", type=int))
    except filing.FilingError as error:
        discard()
        return jsonify({"errors": [{"path": "", "code": error.code, "message": error.message,
                                    "message_vi": error.message_vi}],
                        "message": localized(error.message, error.message_vi)}), error.status
    db.session.flush()  # the new revision and time below are the database's
    maps = _problem_maps(report)
    return jsonify({
        "revision": report.revision,
        "saved_at": report.updated_at_utc.isoformat(),
        "panel_html": render_template("filing/_result_panel.html", report=report,
                                      definition=definition, **maps),
        # The step "Explanations of warnings", one box per warning of this calculation.
        "acknowledgements_html": render_template("filing/_acknowledgements.html", **maps),
        "problems": [{"id": input_id, "severity": p["severity"],
                      "message": localized(p["message"], p["message_vi"])}
                     for input_id, problems in maps["problems_by_id"].items() for p in problems],
    })


@blueprint.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@requires(can_file_reports)
@writes_late
def submit(report_id: int):
    report = _report_or_404(report_id)
    if not is_editable(report.status):
        flash(_("This report was already submitted."), "info")
        return redirect(url_for("filing.history", report_id=report.id))
    if request.method == "POST" and not can_certify_for(current_user, report.facility.enterprise_id):
        abort(403)  # a preparer: the page offers to ask a certifier instead (intake.web.team)
    form = SubmitForm()
    definition = form_definition(report.form.value)
    result = report.result or {}
    status = 200
    if form.validate_on_submit():
        try:
            # The service refuses errors and unexplained warnings, and counts wrong passwords.
            version = filing.submit_report(
                db.session, current_user, report.id, certify=form.certify.data is True,
                password=form.password.data, address=request.remote_addr or "",
                policy=LoginPolicy.from_config(current_app.config))
        except filing.Conflict:
            discard()
            flash(_("This report was already submitted."), "info")
            return redirect(url_for("filing.history", report_id=report.id))
        except filing.FilingError as error:
            if error.result is not None or error.counts_as_attempt:
                keep_even_if_refused()  # the refreshed checks, or the wrong password, are kept
            else:
                discard()
            target = form.password if error.path == "password" else None
            message = localized(error.message, error.message_vi)
            (target.errors.append(message) if target is not None else form.form_errors.append(message))
            status = 429 if isinstance(error, filing.TooManyAttempts) else 422
            report = _report_or_404(report_id)
            result = report.result or {}
        else:
            flash(_("Report submitted. Version %(number)s, SHA-256 %(sha)s.",
                    number=version.number, sha=version.sha256), "success")
            return redirect(url_for("filing.history", report_id=report.id))
    elif request.method == "POST":
        status = 400
    answers = AnswersHtml(definition, report.document, language=current_locale(),
                          edit_url=url_for("filing.edit", report_id=report.id))
    return render_template("filing/submit.html", report=report, form=form, result=result,
                           definition=definition, answers=answers,
                           unexplained=filing.unexplained_warnings(result)), status


@blueprint.route("/reports/<int:report_id>/history")
@login_required
def history(report_id: int):
    report = _report_or_404(report_id)
    return render_template("filing/history.html", report=report,
                           definition=form_definition(report.form.value),
                           comments=released_comments(db.session, report),
                           recalculations=recalculations_of(db.session, report.id),
                           audit_link=can_read_audit_log(current_user))


@blueprint.route("/reports/<int:report_id>/versions/<int:number>/<any(receipt, report):kind>.pdf")
@login_required
def version_pdf(report_id: int, number: int, kind: str):
    report = _report_or_404(report_id)
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        abort(404)
    base_url = current_app.config["BASE_URL"]
    name = f"{'bien-nhan' if kind == 'receipt' else 'bao-cao'}-{report.id}-v{number}.pdf"
    # The copy of record is frozen bytes (intake.services.records): what a certifier signs.
    pdf = receipt_pdf_file(report, version, base_url=base_url) if kind == "receipt" \
        else io.BytesIO(copy_of_record(db.session, report, version, base_url=base_url,
                                       store=blob_store(current_app.instance_path)))
    return send_file(pdf, mimetype="application/pdf", download_name=name, as_attachment=True)
