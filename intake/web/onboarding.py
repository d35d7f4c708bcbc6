"""Account requests, their approval, invitations of colleagues and password resets."""
from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from intake.domain.roles import can_administer, can_manage_team, can_review_reports
from intake.extensions import db
from intake.queries.accounts import pending_account_requests
from intake.services import onboarding
from intake.services.accounts import AccountError
from intake.services.throttling import ResetMailPolicy
from intake.unit_of_work import discard
from intake.web.guards import either, requires
from intake.web.language import localized

blueprint = Blueprint("onboarding", __name__)


class AccountRequestForm(FlaskForm):
    tax_code = StringField(_l("Tax code"), validators=[DataRequired(), Length(max=14)])
    enterprise_name = StringField(_l("Enterprise name"), validators=[DataRequired(), Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    phone = StringField(_l("Telephone"), validators=[Length(max=30)])
    submit = SubmitField(_l("Send the request"))


class EmailForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    full_name = StringField(_l("Full name"), validators=[Length(max=200)])
    submit = SubmitField(_l("Send"))


class InviteForm(EmailForm):
    capability = RadioField(_l("The colleague will be"), default="preparer", choices=[
        SelectChoice("preparer", _l("Preparer: creates, edits and validates reports, attaches evidence")),
        SelectChoice("certifier", _l("Certifier: also certifies and submits reports"))],
        validators=[DataRequired()])


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1024)],
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(_l("Repeat the new password"), validators=[
        DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Set the password"))


def _field_error(form: FlaskForm, error: AccountError) -> None:
    target = getattr(form, error.field, None)
    message = localized(error.message, error.message_vi)
    (target.errors.append(message) if target is not None and isinstance(target.errors, list)
     else form.form_errors.append(message))


@blueprint.route("/account/request", methods=["GET", "POST"])
def request_account():
    form = AccountRequestForm()
    status = 200
    if form.validate_on_submit():
        try:
            onboarding.request_account(db.session, tax_code=form.tax_code.data,
                                       enterprise_name=form.enterprise_name.data,
                                       contact_name=form.contact_name.data, email=form.email.data,
                                       phone=form.phone.data)
        except AccountError as error:
            discard()
            _field_error(form, error)
            status = 400
        else:
            return render_template("onboarding/done.html", message=_(
                "Your request was sent to the Department of Industry and Trade. You will receive an e-mail when it is approved."))
    elif form.is_submitted():
        status = 400
    return render_template("onboarding/request.html", form=form), status


@blueprint.route("/account/requests", methods=["GET", "POST"])
@requires(either(can_review_reports, can_administer))
def requests():
    if request.method == "POST":  # CSRF is checked for every POST by CSRFProtect
        request_id = request.form.get("request_id", type=int)
        try:
            if request.form.get("action") == "approve":
                onboarding.approve_request(db.session, current_user, request_id, current_app.config["BASE_URL"])
                flash(_("Approved: the enterprise receives an e-mail to set its password."), "success")
            else:
                onboarding.reject_request(db.session, current_user, request_id, request.form.get("note", ""))
                flash(_("Rejected: the enterprise is told why."), "success")
        except AccountError as error:
            discard()
            flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("onboarding.requests"))
    return render_template("onboarding/requests.html", pending=pending_account_requests(db.session))


@blueprint.route("/account/invite", methods=["GET", "POST"])
@requires(can_manage_team)  # the administrator invites colleagues into its own enterprise
def invite():
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        try:
            onboarding.invite_colleague(db.session, current_user, email=form.email.data,
                                        full_name=form.full_name.data or "", base_url=current_app.config["BASE_URL"],
                                        can_certify=form.capability.data == "certifier")
        except AccountError as error:
            discard()
            _field_error(form, error)
            status = 400
        else:
            flash(_("Invitation sent."), "success")
            return redirect(url_for("onboarding.invite"))
    elif form.is_submitted():
        status = 400
    return render_template("onboarding/invite.html", form=form), status


@blueprint.route("/account/forgot", methods=["GET", "POST"])
def forgot():
    form = EmailForm()
    if form.validate_on_submit():
        onboarding.request_password_reset(db.session, form.email.data, current_app.config["BASE_URL"],
                                          request.remote_addr or "",
                                          ResetMailPolicy.from_config(current_app.config))
        # The same answer whether or not the address has an account or a mail was sent.
        return render_template("onboarding/done.html", message=_(
            "If this address has an account, an e-mail with a link to set a new password is on its way. The link is valid for one hour."))
    return render_template("onboarding/forgot.html", form=form), (400 if form.is_submitted() else 200)


@blueprint.route("/account/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    if onboarding.link_user(db.session, token) is None:
        return render_template("onboarding/done.html", message=_(
            "This link has expired or was already used. Ask for a new one."), failed=True), 410
    form = SetPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            onboarding.use_link(db.session, token, form.new_password.data,
                                current_app.config["PASSWORD_HASH_PROFILE"])
        except AccountError as error:
            discard()
            _field_error(form, error)
            status = 400
        else:
            flash(_("Your password is set. You can log in."), "success")
            return redirect(url_for("auth.login"))
    elif form.is_submitted():
        status = 400
    return render_template("onboarding/set_password.html", form=form), status
