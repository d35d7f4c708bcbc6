"""The register of obliged facilities, per form (reviewers and administrators)."""
from __future__ import annotations

import io

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from forms.library import ANNEX_I_SECTORS, load_declarant_sectors
from intake.domain import text_limits
from intake.domain.compliance import FILING_STATE_LABELS
from intake.domain.roles import can_manage_register
from intake.domain.workflow import FormKind
from intake.extensions import db
from intake.queries.facilities import facilities_not_on_register
from intake.queries.periods import reporting_periods
from intake.queries.register import register_entry, register_page
from intake.queries.text_search import MAX_SEARCH_LENGTH
from intake.services.register import (
    RegisterError,
    add_to_register,
    annex_basis,
    remove_from_register,
    removed_entries,
)
from intake.services.register_status import register_workbook
from intake.unit_of_work import discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale
from intake.web.text_bounds import at_most

blueprint = Blueprint("register", __name__, url_prefix="/register")

DEFAULT_LEGAL_BASIS = {
    FormKind.GHG_INVENTORY: "Quyết định 42/2026/QĐ-TTg",
    FormKind.ENV_DECLARATION: "Thông tư 42/2020/TT-BCT",
}


class AddEntryForm(FlaskForm):
    facility_id = SelectField(_l("Facility"), coerce=int, validators=[DataRequired()])
    # The declarants' list only: the sector of Circular 42/2020 Annex I that obliges the facility.
    annex_sector = SelectField(_l("Sector of Circular 42/2020, Annex I"), default="", validate_choice=True)
    legal_basis = StringField(_l("Legal basis"), validators=[DataRequired(), at_most(text_limits.LEGAL_BASIS)])
    sector = StringField(_l("Sector or activity"), validators=[at_most(text_limits.REGISTER_SECTOR)])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), at_most(text_limits.REGISTER_REASON)])
    submit = SubmitField(_l("Add to the register"))


class RemoveEntryForm(FlaskForm):
    reason = StringField(_l("Reason for removal"),
                         validators=[DataRequired(), at_most(text_limits.REGISTER_REASON)])
    submit = SubmitField(_l("Remove"))


def _form_kind(form: str) -> FormKind:
    try:
        return FormKind(form)
    except ValueError:
        abort(404)


def _period(kind: FormKind):
    periods = reporting_periods(db.session, form=kind)
    chosen = request.args.get("period", type=int)
    period = next((p for p in periods if p.id == chosen), periods[0] if periods else None)
    return periods, period


def _annex_choices() -> list[SelectChoice]:
    return [SelectChoice("", _("Not one of these (state the legal basis)")),
            *(SelectChoice(s.key, f"{s.name_vi} ({s.threshold_vi})" if s.threshold_vi else s.name_vi)
              for s in load_declarant_sectors())]


def _render(kind: FormKind, add_form: AddEntryForm, status: int = 200):
    periods, period = _period(kind)
    add_form.annex_sector.choices = _annex_choices()
    candidates = facilities_not_on_register(db.session, current_user, kind)
    add_form.facility_id.choices = [SelectChoice(f.id, f"{f.name} — {f.commune.name}") for f in candidates]
    search = request.args.get("q", "").strip()[:MAX_SEARCH_LENGTH]
    found = register_page(db.session, current_user, kind, period, search=search,
                          page=request.args.get("page", 1, type=int))
    known = len(load_declarant_sectors())
    return render_template("register/index.html", kind=kind, add_form=add_form, found=found,
                           annex_known=known, annex_missing=ANNEX_I_SECTORS - known,
                           search=search, periods=periods, period=period,
                           state_labels=FILING_STATE_LABELS, removed=removed_entries(db.session, kind),
                           kinds=list(FormKind)), status


@blueprint.route("/<form>")
@requires(can_manage_register)
def index(form: str):
    kind = _form_kind(form)
    return _render(kind, AddEntryForm(legal_basis=DEFAULT_LEGAL_BASIS[kind]))


@blueprint.route("/<form>/add", methods=["POST"])
@requires(can_manage_register)
def add(form: str):
    kind = _form_kind(form)
    add_form = AddEntryForm()
    _render(kind, add_form)  # fills the facility choices the submitted value is checked against
    if not add_form.validate_on_submit():
        return _render(kind, add_form, 400)
    legal_basis, sector = add_form.legal_basis.data, add_form.sector.data or ""
    annex = annex_basis(add_form.annex_sector.data or "") if kind is FormKind.ENV_DECLARATION else None
    if annex is not None:
        legal_basis, sector = annex[0], sector or annex[1]
    try:
        entry = add_to_register(db.session, current_user, facility_id=add_form.facility_id.data,
                                form=kind, legal_basis=legal_basis, sector=sector, reason=add_form.reason.data)
    except RegisterError as error:
        discard()
        getattr(add_form, error.field).errors.append(localized(error.message, error.message_vi))
        return _render(kind, add_form, 400)
    flash(_("%(name)s was added to the register.", name=entry.facility.name), "success")
    return redirect(url_for("register.index", form=kind.value))


@blueprint.route("/<form>/<int:obligation_id>/remove", methods=["GET", "POST"])
@requires(can_manage_register)
def remove(form: str, obligation_id: int):
    """One entry's removal, on a page of its own: the register's list carries a link per row,
    not a form per row (71 forms made the page heavy and 800 px wide on a phone)."""
    kind = _form_kind(form)
    entry = register_entry(db.session, current_user, kind, obligation_id)
    if entry is None:
        abort(404)
    remove_form = RemoveEntryForm()
    if request.method == "GET":
        return render_template("register/remove.html", kind=kind, entry=entry, remove_form=remove_form)
    if not remove_form.validate_on_submit():
        if not (remove_form.reason.data or "").strip():
            remove_form.reason.errors = [_("State why the facility is removed.")]
        return render_template("register/remove.html", kind=kind, entry=entry,
                               remove_form=remove_form), 400
    try:
        entry = remove_from_register(db.session, current_user, obligation_id, remove_form.reason.data)
    except RegisterError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(url_for("register.index", form=kind.value))
    flash(_("%(name)s was removed from the register.", name=entry.facility.name), "success")
    return redirect(url_for("register.index", form=kind.value))


@blueprint.route("/<form>/export.xlsx")
@requires(can_manage_register)
def export(form: str):
    kind = _form_kind(form)
    _periods, period = _period(kind)
    data = register_workbook(db.session, current_user, kind, period, current_locale())
    name = f"danh-sach-{kind.value}" + (f"-{period.first_data_year}-{period.last_data_year}" if period else "")
    return send_file(io.BytesIO(data), download_name=name + ".xlsx", as_attachment=True,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
