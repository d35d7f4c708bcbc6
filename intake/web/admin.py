"""Administration: accounts, reporting periods, published grid factors, the audit log."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange

from forms.library import LibraryError, diff_libraries
from intake.domain import text_limits
from intake.domain.audit_labels import OBJECT_LABELS, action_label, detail_label, object_label
from intake.domain.compliance import HANOI
from intake.domain.roles import Role, can_administer, can_read_audit_log
from intake.domain.workflow import FormKind
from intake.extensions import db
from intake.jobs.tasks import queue_job
from intake.queries.accounts import USERS_PAGE, search_users
from intake.queries.audit import PAGE_SIZE, AuditFilter, audit_actions, audit_page
from intake.queries.factors import grid_factors, recalculation_jobs
from intake.queries.library import DATASET_LABELS, form_versions, library_versions
from intake.queries.periods import reporting_period, reporting_periods
from intake.services.background_jobs import describe
from intake.services.factor_library import activate, effective_version
from intake.services.periods import PeriodError, create_period, update_period
from intake.services.published_factors import PublishRefused, publish_grid
from intake.services.user_admin import STAFF_ROLES, AdminRefused, change_role, resend_invitation, set_active
from intake.unit_of_work import after_commit, discard
from intake.web.guards import requires
from intake.web.language import localized
from intake.web.presentation import current_locale, role_label
from intake.web.text_bounds import at_most

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


class PeriodForm(FlaskForm):
    form = SelectField(_l("Form"), choices=[SelectChoice("ghg-inventory", _l("GHG inventory report")),
                                            SelectChoice("env-declaration", _l("Environmental declaration"))])
    name = StringField(_l("Name"), validators=[DataRequired(), at_most(text_limits.PERIOD_NAME)])
    first_data_year = IntegerField(_l("First data year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    last_data_year = IntegerField(_l("Last data year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    due_on = DateField(_l("Due"), validators=[DataRequired()])
    submit = SubmitField(_l("Create the period"))


class GridFactorForm(FlaskForm):
    year = IntegerField(_l("Data year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    # Text, not a float: the factor is kept with every digit the Ministry published.
    tco2_per_mwh = StringField(_l("Factor (tCO2/MWh)"), validators=[DataRequired(), at_most(40)])
    source = StringField(_l("Published by (document)"), validators=[DataRequired(), at_most(500)])
    submit = SubmitField(_l("Publish and recalculate"))


@blueprint.route("/factors", methods=["GET", "POST"])
@requires(can_administer)
def factors():
    """The national grid factors; publishing one recalculates, in the worker, every report that
    used a provisional factor for its year."""
    form = GridFactorForm()
    status = 200
    if form.validate_on_submit():
        try:
            publication, job = publish_grid(db.session, current_user, year=form.year.data,
                                            tco2_per_mwh=form.tco2_per_mwh.data, source=form.source.data)
        except PublishRefused as refused:
            discard()
            getattr(form, refused.field).errors.append(localized(refused.message_en, refused.message_vi))
            status = 400
        else:
            job_id = job.id
            after_commit(lambda: queue_job(job_id))
            flash(_("The grid factor of %(year)s is published (factor library %(version)s); the reports that "
                    "used a provisional factor are being recalculated.", year=publication.year,
                    version=publication.library_version), "success")
            return redirect(url_for("admin.factors"))
    elif form.is_submitted():
        status = 400
    return render_template("admin/factors.html", form=form, factors=grid_factors(db.session),
                           jobs=[describe(job) for job in recalculation_jobs(db.session)]), status


def _detail_text(value: object) -> str:
    """A detail's value as plain text (lists and objects of the log, flattened)."""
    if isinstance(value, dict):
        return "; ".join(_detail_text(v) for v in value.values())
    if isinstance(value, list):
        return ", ".join(_detail_text(v) for v in value)
    return "" if value is None else str(value)


def _date_arg(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@blueprint.route("/audit")
@requires(can_read_audit_log)
def audit_log():
    """The audit log, newest first, filtered by action, object, actor and dates (Hanoi)."""
    since, until = _date_arg("since"), _date_arg("until")
    where = AuditFilter(
        action=request.args.get("action", "")[:60], object_type=request.args.get("object_type", "")[:60],
        object_id=request.args.get("object_id", "")[:60], actor=request.args.get("actor", "").strip()[:254],
        since=dt.datetime.combine(since, dt.time(), HANOI) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), HANOI) if until else None)
    page = min(max(request.args.get("page", 1, type=int), 1), 100_000)
    entries, total = audit_page(db.session, where, page)
    language = current_locale()
    actions = sorted(((key, action_label(key, language)) for key in audit_actions(db.session)),
                     key=lambda pair: pair[1])
    shown = [{"entry": entry, "action": action_label(entry.action, language),
              "object": object_label(entry.object_type, language),
              "details": [(detail_label(key, language), _detail_text(value))
                          for key, value in (entry.details or {}).items()]} for entry in entries]
    filters = {"action": where.action, "object_type": where.object_type, "object_id": where.object_id,
               "actor": where.actor, "since": since.isoformat() if since else "",
               "until": until.isoformat() if until else ""}
    return render_template("admin/audit.html", entries=shown, total=total, page=page, page_size=PAGE_SIZE,
                           actions=actions, filters=filters,
                           objects=sorted(((key, object_label(key, language)) for key in OBJECT_LABELS),
                                          key=lambda pair: pair[1]))


@blueprint.route("/users")
@requires(can_administer)
def users():
    """Every account, searched by e-mail, name or enterprise, filtered by role."""
    text = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "")
    role = role if role in {r.value for r in Role} else ""
    page = min(max(request.args.get("page", 1, type=int), 1), 100_000)
    found, total = search_users(db.session, text, role, page)
    return render_template("admin/users.html", users=found, total=total, page=page, page_size=USERS_PAGE,
                           q=text, role=role, roles=list(Role), staff_roles=STAFF_ROLES)


@blueprint.route("/users/<int:user_id>", methods=["POST"])
@requires(can_administer)
def change_user(user_id: int):
    """One change to an account: `action` disable, enable, role (with `role`) or invite."""
    action = request.form.get("action", "")
    try:
        if action in ("disable", "enable"):
            user = set_active(db.session, current_user, user_id, action == "enable")
            done = _("%(email)s is disabled.", email=user.email) if action == "disable" else \
                _("%(email)s is enabled again.", email=user.email)
        elif action == "role":
            user = change_role(db.session, current_user, user_id, request.form.get("role", ""))
            done = _("%(email)s is now %(role)s.", email=user.email, role=role_label(user.role))
        elif action == "invite":
            user = resend_invitation(db.session, current_user, user_id, current_app.config["BASE_URL"])
            done = _("A new invitation was sent to %(email)s.", email=user.email)
        else:
            abort(400)
    except AdminRefused as refused:
        discard()
        flash(localized(refused.message_en, refused.message_vi), "error")
        return redirect(url_for("admin.users", q=request.args.get("q", ""))), 303
    flash(done, "success")
    return redirect(url_for("admin.users", q=request.args.get("q", "")))


class PeriodEditForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), at_most(text_limits.PERIOD_NAME)])
    opens_on = DateField(_l("Opens on"), validators=[DataRequired()])
    due_on = DateField(_l("Due"), validators=[DataRequired()])
    submit = SubmitField(_l("Save the period"))


@blueprint.route("/periods/<int:period_id>", methods=["GET", "POST"])
@requires(can_administer)
def edit_period(period_id: int):
    """Rename a period or move its dates (a later due date extends it for everyone)."""
    period = reporting_period(db.session, period_id)
    if period is None:
        abort(404)
    form = PeriodEditForm(obj=period)
    status = 200
    if form.validate_on_submit():
        try:
            update_period(db.session, current_user, period_id, name=form.name.data, opens_on=form.opens_on.data,
                          due_on=form.due_on.data)
        except PeriodError as error:
            discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 400
        else:
            flash(_("The reporting period was saved."), "success")
            return redirect(url_for("admin.periods"))
    elif form.is_submitted():
        status = 400
    return render_template("admin/period_edit.html", form=form, period=period), status


@blueprint.route("/library")
@requires(can_administer)
def library():
    """The factor-library versions (shipped, and made by publishing a grid factor), what each
    changes from the one before (`?diff=VERSION`), and the form versions."""
    versions = library_versions(db.session)
    chosen = request.args.get("diff", "")
    changes, compared = [], None
    names = [v.version for v in versions]
    if chosen in names and names.index(chosen) > 0:
        compared = names[names.index(chosen) - 1]
        changes = diff_libraries(effective_version(db.session, compared), effective_version(db.session, chosen))
    english = current_locale() == "en"
    datasets = {key: labels[1] if english else labels[0] for key, labels in DATASET_LABELS.items()}
    return render_template("admin/library.html", versions=versions, forms=form_versions(db.session),
                           chosen=chosen, compared=compared, changes=changes, datasets=datasets)


@blueprint.route("/library/activate", methods=["POST"])
@requires(can_administer)
def activate_library():
    """New calculations use the version chosen (`version`): a draft recalculates with it on its
    next save, a submitted version keeps the one it was calculated with."""
    version = request.form.get("version", "")
    try:
        changed = activate(db.session, current_user, version)
    except LibraryError:
        discard()
        flash(_("There is no factor library version %(version)s.", version=version[:40]), "error")
        return redirect(url_for("admin.library")), 303
    if changed:
        flash(_("New calculations now use factor library %(version)s.", version=version), "success")
    else:
        flash(_("Factor library %(version)s is in use already.", version=version), "info")
    return redirect(url_for("admin.library"))


@blueprint.route("/periods", methods=["GET", "POST"])
@requires(can_administer)
def periods():
    form = PeriodForm()
    status = 200
    if form.validate_on_submit():
        try:
            create_period(db.session, current_user, form=FormKind(form.form.data), name=form.name.data,
                          first_data_year=form.first_data_year.data, last_data_year=form.last_data_year.data,
                          opens_on=form.opens_on.data, due_on=form.due_on.data)
        except PeriodError as error:
            discard()
            getattr(form, error.field).errors.append(localized(error.message, error.message_vi))
            status = 400
        else:
            flash(_("The reporting period was created."), "success")
            return redirect(url_for("admin.periods"))
    elif form.is_submitted():
        status = 400
    return render_template("admin/periods.html", form=form, periods=reporting_periods(db.session)), status
