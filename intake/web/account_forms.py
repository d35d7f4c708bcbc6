"""WTForms for the account pages (CSRF comes with FlaskForm)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo

from intake.web.text_bounds import at_most

# RFC 5321 bounds an address to 254 characters; a password past 1024 is no password anyone
# types, and hashing it would only cost the server (a slow hash of a 10 MB "password").
EMAIL_LENGTH, PASSWORD_LENGTH = 254, 1024


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), at_most(EMAIL_LENGTH)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(), at_most(PASSWORD_LENGTH)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(), at_most(PASSWORD_LENGTH)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), at_most(PASSWORD_LENGTH)],
                                 render_kw={"autocomplete": "new-password"})
    confirm_password = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Change password"))
