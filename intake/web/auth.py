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
from intake.services import audit
from intake.services.accounts import (
    AccountError,
    LoginPolicy,
    TooManyAttempts,
    authenticate,
    change_password,
)
from intake.services.sessions import SessionPolicy, end_session, start_session, user_of_session
from intake.unit_of_work import discard, keep_even_if_refused
from intake.web.account_forms import ChangePasswordForm, LoginForm
from intake.web.language import localized
from intake.web.redirects import safe_redirect_target

blueprint = Blueprint("auth", __name__)


def load_user_from_session(session_key: str):
    """Flask-Login's loader: the cookie names a server-side session ("user_id:secret"); its
    user while the session is live, else None (ended, expired, idle too long, user inactive)."""
    return user_of_session(db.session, session_key, SessionPolicy.from_config(current_app.config))


def log_in_with_a_new_session(user) -> None:  # type: ignore[no-untyped-def]
    start_session(db.session, user, SessionPolicy.from_config(current_app.config))
    login_user(user)


def unauthorized():
    """Not logged in (or the session expired): scripts get 401 JSON and keep their data; people
    are sent to the login page, and come back to where they were."""
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        abort(401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _login_policy() -> LoginPolicy:
    return LoginPolicy.from_config(current_app.config)


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
            log_in_with_a_new_session(outcome.user)
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
    # Ended on the server: a copy of the cookie taken before now opens nothing.
    end_session(db.session, current_user.get_id())
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(db.session, user, form.current_password.data, form.new_password.data,
                            _login_policy(), request.remote_addr or "")
        except AccountError as error:
            # A wrong current password counts towards throttling; nothing else is kept.
            keep_even_if_refused() if error.counts_as_attempt else discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 429 if isinstance(error, TooManyAttempts) else 400
        else:
            # Every session of the user ended, this one too: this tab goes on in a new one.
            log_in_with_a_new_session(user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("home.index"))
    elif request.method == "POST":
        status = 400
    return render_template("auth/password.html", form=form), status
