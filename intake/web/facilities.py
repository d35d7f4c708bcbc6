"""An enterprise's facilities: list, add, edit (choosing the ward or commune from the 126)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from intake.domain import text_limits
from intake.domain.roles import can_file_reports
from intake.extensions import db
from intake.queries.facilities import facilities_of, facility_of
from intake.queries.periods import communes
from intake.services.facilities import FacilityError, save_facility
from intake.unit_of_work import discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.text_bounds import at_most

blueprint = Blueprint("facilities", __name__, url_prefix="/facilities")


class FacilityForm(FlaskForm):
    name = StringField(_l("Facility name"), validators=[DataRequired(), at_most(text_limits.FACILITY_NAME)])
    address = StringField(_l("Address"), validators=[at_most(text_limits.FACILITY_ADDRESS)])
    commune_code = SelectField(_l("Ward or commune"), validators=[DataRequired()])
    vsic = StringField(_l("Industry code (VSIC)"), validators=[at_most(text_limits.FACILITY_VSIC)])
    submit = SubmitField(_l("Save"))


def _with_communes(form: FacilityForm) -> FacilityForm:
    form.commune_code.choices = [SelectChoice("", "—")] + [
        SelectChoice(c.code, f"{c.name} ({c.code})") for c in communes(db.session)]
    return form


@blueprint.route("", methods=["GET", "POST"])
@requires(can_file_reports)
def index():
    form = _with_communes(FacilityForm())
    status = 200
    if form.validate_on_submit():
        try:
            facility = save_facility(db.session, current_user, name=form.name.data,
                                     address=form.address.data, commune_code=form.commune_code.data,
                                     vsic=form.vsic.data)
        except FacilityError as error:
            discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 400
        else:
            flash(_("%(name)s was added.", name=facility.name), "success")
            return redirect(url_for("facilities.index"))
    elif form.is_submitted():
        status = 400
    return render_template("facilities/index.html", form=form,
                           facilities=facilities_of(db.session, current_user)), status


@blueprint.route("/<int:facility_id>", methods=["GET", "POST"])
@requires(can_file_reports)
def edit(facility_id: int):
    facility = facility_of(db.session, current_user, facility_id)
    if facility is None:
        abort(404)
    form = _with_communes(FacilityForm(obj=facility))
    status = 200
    if form.validate_on_submit():
        try:
            save_facility(db.session, current_user, name=form.name.data, address=form.address.data,
                          commune_code=form.commune_code.data, vsic=form.vsic.data, facility=facility)
        except FacilityError as error:
            discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 400
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("facilities.index"))
    elif form.is_submitted():
        status = 400
    return render_template("facilities/edit.html", form=form, facility=facility), status
