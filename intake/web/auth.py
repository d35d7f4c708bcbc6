"""Login, logout and password change."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from intake.database import writes_late
from intake.extensions import db
from intake.queries.accounts import user_by_id
from intake.services import audit
from intake.services.accounts import (
    AccountError,
    LoginPolicy,
    authenticate,
    change_password,
)
from intake.unit_of_work import discard, keep_even_if_refused
from intake.web.account_forms import ChangePasswordForm, LoginForm
from intake.web.language import localized
from intake.web.redirects import safe_redirect_target

blueprint = Blueprint("auth", __name__)


def load_user_from_session(session_id: str):
    """Flask-Login's loader: the id is "user_id:password_timestamp" (see `User.get_id`); the
    user, or None for an unknown, inactive or outdated session."""
    user_id, _sep, stamp = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = user_by_id(db.session, int(user_id))
    if user is None or not user.is_active or user.get_id() != session_id:
        return None
    return user


def unauthorized():
    """Not logged in (or the session expired): scripts get 401 JSON and keep their data; people
    are sent to the login page, and come back to where they were."""
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _login_policy() -> LoginPolicy:
    config = current_app.config
    return LoginPolicy(
        max_failures_per_email=config["LOGIN_MAX_FAILURES_PER_EMAIL"],
        max_failures_per_ip=config["LOGIN_MAX_FAILURES_PER_IP"],
        window_seconds=config["LOGIN_FAILURE_WINDOW_SECONDS"],
        hash_profile=config["PASSWORD_HASH_PROFILE"],
    )


@blueprint.route("/login", methods=["GET", "POST"])
@writes_late
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        outcome = authenticate(db.session, form.email.data, form.password.data,
                               request.remote_addr or "", _login_policy())
        keep_even_if_refused()  # a failed attempt counts towards throttling
        if outcome.user is not None:
            login_user(outcome.user)
            return redirect(safe_redirect_target(request.args.get("next")) or url_for("home.index"))
        if outcome.throttled:
            form.form_errors.append(_("Too many failed attempts. Wait 15 minutes and try again."))
            status = 429
        else:
            # One message whether the e-mail is unknown or the password wrong.
            form.form_errors.append(_("Wrong e-mail or password."))
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    audit.record(db.session, current_user, "logout", object_type="user", object_id=current_user.id)
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            change_password(db.session, current_user, form.current_password.data,
                            form.new_password.data, current_app.config["PASSWORD_HASH_PROFILE"])
        except AccountError as error:
            discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 400
        else:
            # The session identity includes the password timestamp: log in again in this tab.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password.html", form=form), status
