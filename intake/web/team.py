"""The enterprise's team page (issue 15): its members and what each may do, the consultants
it lets prepare its reports; and a preparer's request that a certifier submit a report.

Everyone of the enterprise reads the team; only its administrator changes it (the services
refuse anyone else, answered 403). Thin: every change goes through intake.services.team or
intake.services.certification.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from intake.domain.roles import can_certify_for, can_file_reports, can_manage_team
from intake.domain.text_limits import CERTIFICATION_NOTE
from intake.extensions import db
from intake.queries.team import client_enterprises, grants_of, members_of
from intake.services import certification, team
from intake.services import reports as filing
from intake.unit_of_work import discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.text_bounds import at_most

blueprint = Blueprint("team", __name__)

CAPABILITY_LABELS = {
    team.Capability.PREPARER: _l("Preparer"),
    team.Capability.CERTIFIER: _l("Certifier"),
}


class GrantForm(FlaskForm):
    email = EmailField(_l("The consultant's e-mail (an account of its own firm)"),
                       validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Allow to prepare our reports"))


class AskCertifierForm(FlaskForm):
    note = TextAreaField(_l("Message to the certifiers (optional)"),
                         validators=[at_most(CERTIFICATION_NOTE)])
    submit = SubmitField(_l("Ask a certifier to submit"))


@blueprint.app_template_global()
def may_certify(report) -> bool:
    """Whether the logged-in user certifies (submits) this report, or only prepares it."""
    return can_certify_for(current_user, report.facility.enterprise_id)


@blueprint.app_template_global()
def capability_label(user) -> str:
    return str(CAPABILITY_LABELS[team.capability_of(user)])


def _page(grant_form: GrantForm | None = None, status: int = 200):
    return render_template("team/index.html", members=members_of(db.session, current_user),
                           grants=grants_of(db.session, current_user),
                           clients=client_enterprises(db.session, current_user),
                           manages=can_manage_team(current_user),
                           grant_form=grant_form or GrantForm()), status


@blueprint.route("/account/team")
@requires(can_file_reports)
def index():
    return _page()


def _refused(error: filing.FilingError):
    if isinstance(error, filing.Forbidden):
        abort(403)
    if isinstance(error, filing.NotFound):
        abort(404)
    discard()
    flash(localized(error.message, error.message_vi), "error")
    return redirect(url_for("team.index"))


@blueprint.route("/account/team/members", methods=["POST"])
@requires(can_file_reports)
def change_member():
    try:
        member = team.set_capability(db.session, current_user, request.form.get("member_id", type=int),
                                     capability=request.form.get("capability", ""),
                                     administrator=request.form.get("administrator") == "1")
    except filing.FilingError as error:
        return _refused(error)
    flash(_("%(who)s: changes saved.", who=member.full_name or member.email), "success")
    return redirect(url_for("team.index"))


@blueprint.route("/account/team/grants", methods=["POST"])
@requires(can_file_reports)
def grant():
    form = GrantForm()
    if not can_manage_team(current_user):
        abort(403)
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        granted = team.grant_preparer(db.session, current_user, form.email.data)
    except filing.FilingError as error:
        if isinstance(error, filing.Forbidden):
            abort(403)
        discard()
        form.email.errors.append(localized(error.message, error.message_vi))
        return _page(form, 400 if error.status == 422 else error.status)
    flash(_("%(who)s may now prepare your reports.", who=granted.grantee.email), "success")
    return redirect(url_for("team.index"))


@blueprint.route("/account/team/grants/revoke", methods=["POST"])
@requires(can_file_reports)
def revoke():
    try:
        revoked = team.revoke_grant(db.session, current_user, request.form.get("grant_id", type=int))
    except filing.FilingError as error:
        return _refused(error)
    flash(_("%(who)s may no longer prepare your reports.", who=revoked.grantee.email), "success")
    return redirect(url_for("team.index"))


@blueprint.route("/reports/<int:report_id>/request-certification", methods=["POST"])
@requires(can_file_reports)
def request_certification(report_id: int):
    """A preparer asks the enterprise's certifiers to certify and submit the report."""
    form = AskCertifierForm()
    try:
        report = filing.get_report(db.session, current_user, report_id)
    except filing.NotFound:
        abort(404)
    if not form.validate_on_submit():
        flash(localized("Your message is too long.", "Lời nhắn quá dài."), "error")
        return redirect(url_for("filing.submit", report_id=report.id))
    try:
        certifiers = certification.request_certification(
            db.session, current_user, report.id, note=form.note.data or "",
            base_url=current_app.config["BASE_URL"])
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("filing.submit", report_id=report.id))
    return render_template("team/certification_requested.html", report=report, certifiers=certifiers)
