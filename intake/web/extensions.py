"""Deadline extensions on the web: an enterprise asks from what is due (`ask`); the review desk
lists the requests and grants a new date or refuses (`desk`, `grant`, `refuse`). The rules
are the service's (`intake.services.extensions`); these pages parse, call it and answer."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from intake.domain.extensions import DECISION_NOTE, EXTENSION_REASON, EXTENSION_STATUS_LABELS
from intake.domain.roles import can_administer, can_file_reports, can_review_reports
from intake.extensions import db
from intake.queries.extensions import (
    due_dates,
    due_on_for,
    extensions_seen_by,
    facility_seen_by,
    period_by_id,
    report_status_of,
    requests_for,
)
from intake.services.extensions import grant_extension, refuse_extension, request_extension
from intake.services.reports import FilingError
from intake.unit_of_work import discard
from intake.web.guards import either, requires
from intake.web.language import localized
from intake.web.text_bounds import at_most

blueprint = Blueprint("extensions", __name__, url_prefix="/extensions")

MAX_ID = 2**31 - 1  # the ids' column type: a larger one names nothing (and must not reach SQL)


class AskForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the extension"),
                           validators=[DataRequired(_l("Say why you need more time.")), at_most(EXTENSION_REASON)])
    wished_due_date = DateField(_l("Date you would like (optional)"), validators=[Optional()])
    submit = SubmitField(_l("Ask for the extension"))


class GrantForm(FlaskForm):
    due_date = DateField(_l("New due date"), validators=[DataRequired(_l("Give the new due date."))])
    note = TextAreaField(_l("Note to the enterprise (optional)"), validators=[at_most(DECISION_NOTE)])
    submit = SubmitField(_l("Grant"))


class RefuseForm(FlaskForm):
    note = TextAreaField(_l("Why the extension is refused"),
                         validators=[DataRequired(_l("Say why the extension is refused.")), at_most(DECISION_NOTE)])
    submit = SubmitField(_l("Refuse"))


def _id_argument(name: str) -> int:
    value = request.args.get(name, type=int)
    if value is None or not 0 < value <= MAX_ID:
        abort(404)
    return value


def _ask_context():
    facility = facility_seen_by(db.session, current_user, _id_argument("facility_id"))
    period = period_by_id(db.session, _id_argument("period_id"))
    if facility is None or period is None:
        abort(404)
    return {"facility": facility, "period": period,
            "due_on": due_on_for(db.session, facility.id, period),
            "requests": requests_for(db.session, current_user, facility.id, period.id),
            "report_status": report_status_of(db.session, current_user, facility.id, period.id),
            "status_labels": EXTENSION_STATUS_LABELS}


@blueprint.route("/ask", methods=["GET", "POST"])
@requires(can_file_reports)
def ask():
    """Ask for more time for one facility's filing in one period (`?facility_id=&period_id=`)."""
    context = _ask_context()
    form = AskForm()
    if request.method == "GET":
        return render_template("extensions/ask.html", form=form, **context)
    if not form.validate_on_submit():
        return render_template("extensions/ask.html", form=form, **context), 400
    try:
        request_extension(db.session, current_user, facility_id=context["facility"].id,
                          period_id=context["period"].id, form=context["period"].form.value,
                          reason=form.reason.data, wished_due_date=form.wished_due_date.data)
    except FilingError as error:
        discard()
        message = localized(error.message, error.message_vi)
        field = {"reason": form.reason, "wished_due_date": form.wished_due_date}.get(error.path)
        if field is not None:
            field.errors = [message]
        else:
            form.form_errors.append(message)
        return render_template("extensions/ask.html", form=form, **_ask_context()), error.status
    flash(_("Your request for an extension was sent to the Department."), "success")
    return redirect(url_for("home.dashboard"))


@blueprint.route("")
@requires(either(can_review_reports, can_administer))
def desk():
    """The requests for extensions: pending ones first (reviewers decide them here), then the
    decided ones, newest first."""
    requests = extensions_seen_by(db.session, current_user)
    dues = due_dates(db.session, period_ids={r.period_id for r in requests},
                     facility_ids={r.facility_id for r in requests}) if requests else None
    return render_template("extensions/desk.html", requests=requests, dues=dues,
                           grant_form=GrantForm(), refuse_form=RefuseForm(),
                           status_labels=EXTENSION_STATUS_LABELS,
                           may_decide=can_review_reports(current_user))


def _decide(form: FlaskForm, action: Callable[[], Any], done: Callable[[str], str]):
    """Validate `form`, run `action` (a service call), and go back to the desk saying how it went."""
    if not form.validate_on_submit():
        errors = [str(error) for field in form if field.errors for error in field.errors]
        flash(" ".join(errors) or _("The form could not be read."), "error")
        return redirect(url_for("extensions.desk"))
    try:
        extension = action()
    except FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("extensions.desk"))
    flash(done(extension.facility.name), "success")
    return redirect(url_for("extensions.desk"))


@blueprint.route("/<int:extension_id>/grant", methods=["POST"])
@requires(can_review_reports)
def grant(extension_id: int):
    form = GrantForm()
    return _decide(form, lambda: grant_extension(db.session, current_user, extension_id,
                                                 due_date=form.due_date.data, note=form.note.data or ""),
                   lambda name: _("Extension granted to %(name)s.", name=name))


@blueprint.route("/<int:extension_id>/refuse", methods=["POST"])
@requires(can_review_reports)
def refuse(extension_id: int):
    form = RefuseForm()
    return _decide(form, lambda: refuse_extension(db.session, current_user, extension_id, note=form.note.data),
                   lambda name: _("Extension refused for %(name)s.", name=name))
