"""Evidence attachments in the pages: the "Evidence" section of the filing form (upload, list,
download, remove), each version's attachments in the history, and the reviewers' view of them
beside the lines they evidence. Thin: every check is in intake.services.attachments.

The templates reach the data through the helpers of `evidence_helpers` (a context processor),
so the filing, history and review views need not know of attachments.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.definition import Group, Table, direct_children
from forms.labels import label_path
from forms.registry import form_definition
from intake.api.attachments import request_body_limit, send_attachment
from intake.database import writes_late
from intake.domain import evidence_files
from intake.domain.roles import can_file_reports
from intake.domain.workflow import is_editable
from intake.extensions import db
from intake.services import attachments as evidence
from intake.services import reports as filing
from intake.services.attachment_links import certified_with
from intake.storage import blob_store
from intake.unit_of_work import discard
from intake.web.language import localized
from intake.web.presentation import current_locale

blueprint = Blueprint("evidence", __name__)


@blueprint.url_value_preprocessor
def _allow_an_attachment_body(_endpoint, _values) -> None:
    # Before every `before_request` (the CSRF check reads the form): the body of these pages
    # may be as large as one attachment, whatever the application's limit for other forms.
    request.max_content_length = request_body_limit()


def _limit() -> int:
    return int(current_app.config.get("MAX_ATTACHMENT_BYTES") or evidence_files.DEFAULT_MAX_BYTES)


@dataclass(frozen=True)
class Shown:
    """An attachment as a page shows it: `place` its part of the report in the form's words."""

    attachment: object
    place: str
    type_label: str
    size_label: str

    def __getattr__(self, name: str):
        return getattr(self.attachment, name)


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def _shown(report, attachments, document=None) -> list[Shown]:
    definition = form_definition(report.form.value)
    document = report.document if document is None else document
    whole = _("The whole report")
    return [Shown(a, label_path(definition, a.path, document, current_locale()) or whole,
                  evidence_files.type_label(a.media_type), size_label(a.size)) for a in attachments]


def place_choices(report) -> list[tuple[str, str]]:
    """What a file can evidence: the whole report, then each group and each row of the report's
    document (a source line, a permit, a year), named by its label path."""
    definition = form_definition(report.form.value)
    paths: list[str] = []
    _places(definition.children, "", report.document or {}, paths)
    language = current_locale()
    return [("", _("The whole report"))] + [(p, label_path(definition, p, report.document, language))
                                           for p in paths]


def _places(children, prefix: str, data, into: list[str]) -> None:
    if not isinstance(data, dict):
        return
    for node in direct_children(children):
        if getattr(node, "computed", False) or node.key == "acknowledgements" or node.key not in data:
            continue
        path, value = f"{prefix}{node.key}", data[node.key]
        if isinstance(node, Group) and isinstance(value, dict):
            into.append(path)
            _places(node.children, path + ".", value, into)
        elif isinstance(node, Table) and isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, dict):
                    into.append(f"{path}[{index}]")
                    _places(node.children, f"{path}[{index}].", row, into)


def evidence_panel(report) -> dict:
    """What the Evidence section shows: the attachments, whether they may be changed now,
    and the places a new one can evidence."""
    attachments = evidence.list_attachments(db.session, current_user, report.id)
    may_change = can_file_reports(current_user) and is_editable(report.status)
    return {"attachments": _shown(report, attachments), "may_change": may_change,
            "places": place_choices(report) if may_change else [],
            "max_size": size_label(_limit())}


def version_evidence(report) -> dict[int, list[Shown]]:
    """By version number: what each submitted version was certified with."""
    by_id = certified_with(db.session, report.versions)
    return {v.number: _shown(report, by_id.get(v.id, []), v.document if by_id.get(v.id) else None)
            for v in report.versions}


def evidence_by_place(report, version) -> dict:
    """For the review workspace: the attachments of the version shown (the draft's when none
    is submitted), by the document path each evidences ("" the whole report)."""
    if version is not None:
        attachments = certified_with(db.session, [version]).get(version.id, [])
        shown = _shown(report, attachments, version.document)
    else:
        shown = _shown(report, evidence.list_attachments(db.session, current_user, report.id))
    by_path: dict[str, list[Shown]] = {}
    for item in shown:
        by_path.setdefault(item.path, []).append(item)
    return {"all": shown, "by_path": by_path}


@blueprint.app_context_processor
def evidence_helpers() -> dict:
    return {"evidence_panel": evidence_panel, "version_evidence": version_evidence,
            "evidence_by_place": evidence_by_place}


def _report_or_404(report_id: int):
    try:
        return filing.get_report(db.session, current_user, report_id)
    except filing.NotFound:
        abort(404)


# One rule for both methods: with two, an id past the database's integers would find the
# other method's rule and answer 405 instead of 404.
@blueprint.route("/reports/<int:report_id>/attachments", methods=["GET", "POST"])
@login_required
@writes_late
def index(report_id: int):
    """The report's evidence on a page of its own (where a refused upload is explained); a
    POST attaches a file."""
    report = _report_or_404(report_id)
    if request.method == "POST":
        return _upload(report)
    return render_template("filing/evidence.html", report=report,
                           definition=form_definition(report.form.value))


def _upload(report):
    report_id = report.id
    uploaded = request.files.get("file")
    if uploaded is None or not uploaded.filename:
        return _refused(report, _("Choose a file to attach."), 422)
    try:
        evidence.add_attachment(
            db.session, current_user, report.id,
            evidence.Upload(uploaded.stream, uploaded.filename, request.form.get("path", ""),
                            request.form.get("description", "")),
            store=blob_store(current_app.instance_path), limit=_limit())
    except filing.NotFound:
        abort(404)
    except filing.FilingError as error:
        discard()
        return _refused(_report_or_404(report_id), localized(error.message, error.message_vi),
                        error.status)
    flash(_("The file is attached."), "success")
    return redirect(_back(report))


def _back(report) -> str:
    if can_file_reports(current_user) and is_editable(report.status):
        return url_for("filing.edit", report_id=report.id) + "#section-evidence"
    return url_for("evidence.index", report_id=report.id)


def _refused(report, message: str, status: int):
    return render_template("filing/evidence.html", report=report, refusal=message,
                           definition=form_definition(report.form.value)), status


@blueprint.route("/reports/<int:report_id>/attachments/<int:attachment_id>")
@login_required
def download(report_id: int, attachment_id: int):
    try:
        attachment = evidence.get_attachment(db.session, current_user, report_id, attachment_id)
        data = evidence.read_bytes(blob_store(current_app.instance_path), attachment)
    except filing.NotFound:
        abort(404)
    return send_attachment(attachment, data)


@blueprint.route("/reports/<int:report_id>/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
@writes_late
def remove(report_id: int, attachment_id: int):
    report = _report_or_404(report_id)
    try:
        evidence.remove_attachment(db.session, current_user, report.id, attachment_id)
    except filing.NotFound:
        abort(404)
    except filing.FilingError as error:
        discard()
        flash(localized(error.message, error.message_vi), "error")
        return redirect(_back(_report_or_404(report_id)))
    flash(_("The file is removed from the report. Versions already submitted keep listing it."),
          "success")
    return redirect(_back(report))
