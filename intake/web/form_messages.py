"""WTForms' own messages ("This field is required.", "Not a valid integer value.") in the
portal's catalogue, so that a Vietnamese page never shows them in English.

WTForms ships no Vietnamese catalogue, and flask-wtf (WTF_I18N_ENABLED) looks only in WTForms'
own; flask-wtf keeps the translations it found on the request (`request.wtforms_translations`),
so each request is handed the portal's catalogue there instead (`use_portal_catalogue`). The
msgids below are WTForms' own, listed so that `make translations` extracts them; a message of
WTForms not listed here stays English (tests/web/test_form_messages.py posts every form empty
in Vietnamese and finds none).
"""
from __future__ import annotations

from flask import Flask, request
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l

WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid input."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Field must be equal to %(other_name)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Invalid CSRF Token."),
    _l("CSRF token missing."),
    _l("CSRF failed."),
    _l("CSRF token expired."),
)


class PortalTranslations:
    """The interface flask-wtf calls on the request's translations (`ugettext`, `ungettext`),
    answered from the portal's catalogue in the request's language. WTForms formats the message
    itself, so nothing is interpolated here."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


PORTAL_TRANSLATIONS = PortalTranslations()


def use_portal_catalogue() -> None:
    """Before each request: flask-wtf's translations of WTForms' messages are the portal's."""
    request.wtforms_translations = PORTAL_TRANSLATIONS


def register_form_messages(app: Flask) -> None:
    app.config.setdefault("WTF_I18N_ENABLED", True)
    app.before_request(use_portal_catalogue)
