"""Vietnamese first, English on request: the locale of each request."""
from __future__ import annotations

from flask import Blueprint, g, redirect, request, session, url_for
from flask_babel import get_locale

from intake.web.redirects import safe_redirect_target

blueprint = Blueprint("language", __name__)

SUPPORTED_LOCALES = ("vi", "en")


def select_locale() -> str:
    chosen = session.get("locale")
    if chosen in SUPPORTED_LOCALES:
        return chosen
    # Only a user Flask-Login has already loaded: loading one here would translate its
    # messages while the user is being loaded, and recurse.
    user = g.get("_login_user")
    if getattr(user, "locale", None) in SUPPORTED_LOCALES:
        return user.locale
    return "vi"


def localized(message_en: str, message_vi: str) -> str:
    """Pick the message of the current language for texts that come as a pair from a service."""
    return message_en if str(get_locale()) == "en" else message_vi


@blueprint.route("/language/<code>", methods=["POST"])
def switch(code: str):
    if code in SUPPORTED_LOCALES:
        session["locale"] = code
    return redirect(safe_redirect_target(request.form.get("next")) or url_for("home.index"))
