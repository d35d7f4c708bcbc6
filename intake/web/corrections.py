"""Corrections of accepted reports on the web (Circular 38 Art. 22): the certifier's form with
the reason, and what every page shows of a correction (the version that counts, which version a
correction corrects, the changes against it). Thin: the move is `services.corrections`."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from forms.registry import form_definition
from intake.database import writes_late
from intake.domain.comparison import field_diff
from intake.domain.corrections import CORRECTION_REASON, correction_for_version, open_correction
from intake.domain.roles import can_certify_for, can_file_reports
from intake.domain.workflow import ReportStatus
from intake.extensions import db
from intake.services import corrections
from intake.services import reports as filing
from intake.unit_of_work import discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("corrections", __name__)


class AmendForm(FlaskForm):
    reason = TextAreaField(_l("Reason for the correction"), validators=[
        DataRequired(message=_l("Give the reason for the correction.")),
        Length(max=CORRECTION_REASON.length)])
    submit = SubmitField()


def may_amend(report) -> bool:
    """Whether the current user may open a correction of `report` (a certifier of its
    enterprise, the report accepted): the page shows the way only then."""
    return (report.status is ReportStatus.ACCEPTED and report.accepted_version_number is not None
            and can_certify_for(current_user, report.facility.enterprise_id))


def correction_of(report):
    """The correction under way on `report` (`Correction`: the accepted version it corrects,
    the reason), None when there is none."""
    return open_correction(report.events, report.status, report.accepted_version_number)


def version_correction(report, version):
    """Whether submitted `version` corrects an accepted version, and which (`Correction`)."""
    return correction_for_version(report.events, version.number)


def correction_diff(report, version):
    """What `version`, a correction, changes against the accepted version it corrects, field
    by field in the form's words; [] when it is no correction."""
    correction = version_correction(report, version) if version is not None else None
    corrected = next((v for v in report.versions if correction and v.number == correction.corrects), None)
    if corrected is None:
        return []
    return field_diff(corrected.document, version.document, form_definition(report.form.value),
                      current_locale())


@blueprint.app_context_processor
def _helpers() -> dict:
    return {"may_amend": may_amend, "correction_of": correction_of,
            "version_correction": version_correction, "correction_diff": correction_diff}


@blueprint.route("/reports/<int:report_id>/amend", methods=["GET", "POST"])
@requires(can_file_reports)
@writes_late
def amend(report_id: int):
    """The certifier's "Correct this report": the reason, then the draft opens."""
    try:
        report = filing.get_report(db.session, current_user, report_id)
    except filing.NotFound:
        abort(404)
    if not can_certify_for(current_user, report.facility.enterprise_id):
        abort(403)
    if report.status is not ReportStatus.ACCEPTED:
        flash(_("Only an accepted report can be corrected."), "info")
        return redirect(url_for("filing.history", report_id=report.id))
    form = AmendForm()
    status = 200
    if form.validate_on_submit():
        try:
            corrections.amend_report(db.session, current_user, report.id, reason=form.reason.data)
        except filing.FilingError as error:
            discard()
            if isinstance(error, corrections.NotAccepted):
                flash(localized(error.message, error.message_vi), "info")
                return redirect(url_for("filing.history", report_id=report_id))
            form.reason.errors = [*form.reason.errors, localized(error.message, error.message_vi)]
            status = error.status
            report = filing.get_report(db.session, current_user, report_id)
        else:
            flash(_("The correction is open: change the report, then submit it. The accepted "
                    "version counts until the correction is accepted."), "success")
            return redirect(url_for("filing.edit", report_id=report_id))
    elif form.errors:
        status = 422
    return render_template("filing/amend.html", report=report, form=form,
                           definition=form_definition(report.form.value),
                           reason_limit=CORRECTION_REASON.length), status
