"""/api/v1/reports/{id}/attachments: evidence attached to a report (multipart uploads).

A blueprint of its own: the reports blueprint takes JSON bodies only, these take
`multipart/form-data` (`file`, optional `path` and `description`). The body may be as large as
one attachment (`MAX_ATTACHMENT_BYTES`) and no larger; the file is read no further than that
limit plus one byte, and recognised by its content (PDF, PNG, JPEG, XLSX).
"""
from __future__ import annotations

import io

from flask import current_app, request, send_file
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from intake.api import Blueprint, current_api_user
from intake.api.errors import problem_abort
from intake.api.evidence_json import attachment_json
from intake.api.reports import _fail
from intake.api.schemas import AttachmentOut
from intake.database import writes_late
from intake.domain import evidence_files
from intake.extensions import db
from intake.services import attachments as evidence
from intake.services import reports as filing
from intake.storage import blob_store

blueprint = Blueprint("api_attachments", __name__, url_prefix="/api/v1/reports",
                      description="Evidence attached to reports: invoices, meter logs, laboratory "
                                  "certificates, verification statements (PDF, PNG, JPEG, XLSX)")


def attachment_limit() -> int:
    return int(current_app.config.get("MAX_ATTACHMENT_BYTES") or evidence_files.DEFAULT_MAX_BYTES)


def request_body_limit() -> int:
    """What an attachment request may carry: one file at the limit, and the form around it."""
    return attachment_limit() + evidence_files.FORM_OVERHEAD_BYTES


@blueprint.url_value_preprocessor
def _allow_an_attachment_body(_endpoint, _values) -> None:
    # Runs before every `before_request` (the CSRF check and the NUL check read the form), so
    # the body is bounded by this limit, not the application's, while Werkzeug reads it.
    request.max_content_length = request_body_limit()


@blueprint.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    """A body past the limit, found while Werkzeug reads it (wherever: the NUL check reads the
    form before the view): said as the file's problem, in the contract's shape."""
    refused = evidence_files.too_large(attachment_limit())
    return {"errors": [{"path": "file", "code": refused.code, "message": refused.message,
                        "message_vi": refused.message_vi}]}, 413


@blueprint.route("/<int:report_id>/attachments")
class Attachments(MethodView):
    @blueprint.response(200, AttachmentOut(many=True))
    def get(self, report_id: int):
        """The report's attachments, oldest first; `?include_removed=true` lists the removed
        ones too (with `removed_at`). Anyone who may see the report."""
        user = current_api_user()
        include_removed = request.args.get("include_removed", "").lower() in ("1", "true", "yes")
        try:
            report = filing.get_report(db.session, user, report_id)
            found = evidence.list_attachments(db.session, user, report_id, include_removed=include_removed)
        except filing.FilingError as error:
            _fail(error)
        return [attachment_json(a, report) for a in found]

    @blueprint.response(201, AttachmentOut)
    @writes_late
    def post(self, report_id: int):
        """Attach a file (multipart `file`; optional `path` of the document part it evidences,
        `description`). 413 `file_too_large`; 415 `file_type_not_accepted` or `file_is_archive`
        (recognised by content, not name); 422 `file_empty`, `file_missing`, `invalid_path`;
        409 when the report is not editable (with the Department)."""
        user = current_api_user()
        try:
            evidence.may_change_evidence(db.session, user, report_id)
        except filing.FilingError as error:
            _fail(error)
        uploaded = request.files.get("file")
        path, description = request.form.get("path", ""), request.form.get("description", "")
        if uploaded is None:
            problem_abort(422, "file", "file_missing", "Send the file as the multipart field 'file'.",
                          "Cần gửi tệp trong trường multipart 'file'.")
        try:
            attachment = evidence.add_attachment(
                db.session, user, report_id,
                evidence.Upload(uploaded.stream, uploaded.filename or "", path, description),
                store=blob_store(current_app.instance_path), limit=attachment_limit())
        except filing.FilingError as error:
            _fail(error)
        report = filing.get_report(db.session, user, report_id)
        return attachment_json(attachment, report), 201


@blueprint.route("/<int:report_id>/attachments/<int:attachment_id>")
class AttachmentFile(MethodView):
    @blueprint.response(200, content_type="application/octet-stream")
    def get(self, report_id: int, attachment_id: int):
        """The attachment's bytes, exactly as uploaded (Content-Type: the recognised type)."""
        user = current_api_user()
        try:
            attachment = evidence.get_attachment(db.session, user, report_id, attachment_id)
            data = evidence.read_bytes(blob_store(current_app.instance_path), attachment)
        except filing.FilingError as error:
            _fail(error)
        return send_attachment(attachment, data)

    @blueprint.response(200, AttachmentOut)
    @writes_late
    def delete(self, report_id: int, attachment_id: int):
        """Remove the attachment from the working copy (an event; nothing is deleted): the next
        version is certified without it, the earlier ones keep listing it."""
        user = current_api_user()
        try:
            attachment = evidence.remove_attachment(db.session, user, report_id, attachment_id)
        except filing.FilingError as error:
            _fail(error)
        db.session.flush()
        return attachment_json(attachment, filing.get_report(db.session, user, report_id))


def send_attachment(attachment, data: bytes):
    """The bytes as a download (never shown inline: a browser must not render them as the
    portal's own page), typed as recognised, never sniffed."""
    response = send_file(io.BytesIO(data), mimetype=attachment.media_type, as_attachment=True,
                         download_name=evidence_files.download_name(attachment.name, attachment.media_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
