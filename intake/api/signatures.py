"""/api/v1/reports/{id}/versions/{n}/signature: the signed copy of record of a version (PAdES).

Multipart, not JSON: this blueprint is not behind `require_json_body`."""
from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from intake.api import Blueprint, current_api_user
from intake.api.errors import problem_abort
from intake.extensions import db
from intake.services import reports as filing
from intake.services import signatures
from intake.services.trust_store import trust_folder
from intake.storage import blob_store

blueprint = Blueprint("api_signatures", __name__, url_prefix="/api/v1/reports",
                      description="Digitally signed copies of record (PAdES)")

def read_upload(field: str = "file") -> bytes:
    """The uploaded file's bytes, read up to SIGNED_COPY_MAX_BYTES. Raises SignatureRejected."""
    upload = request.files.get(field)
    if upload is None:
        raise signatures.not_a_pdf("Attach the signed copy of record (a PDF) as `file`.",
                                   "Hãy đính kèm bản lưu đã ký số (tệp PDF) ở trường `file`.")
    return signatures.read_limited(upload.stream, current_app.config["SIGNED_COPY_MAX_BYTES"])


def trust_roots():
    return signatures.trust_roots_in(trust_folder(current_app.instance_path,
                                                  current_app.config.get("TRUST_STORE_PATH")))


def upload_signed_copy(user, report_id: int, number: int, data: bytes):
    """The service's upload with the application's store, trust roots and address."""
    return signatures.upload_signed_copy(
        db.session, user, report_id, number, data, store=blob_store(current_app.instance_path),
        trust_roots=trust_roots(), base_url=current_app.config["BASE_URL"])


def _fail(error: filing.FilingError):
    problem_abort(error.status, error.path, error.code, error.message, error.message_vi)


@blueprint.route("/<int:report_id>/versions/<int:number>/signature")
class Signature(MethodView):
    @blueprint.response(200)
    def get(self, report_id: int, number: int):
        """The latest valid signature of version `number` (404 `not_found` when unsigned)."""
        user = current_api_user()
        try:
            signature = signatures.signed_copy_of(db.session, user, report_id, number)
        except filing.FilingError as error:
            _fail(error)
        return {**signatures.signature_json(signature), "sha256": signature.sha256,
                "subject": signature.subject, "certificate_serial": signature.certificate_serial,
                "certificate_issuer": signature.certificate_issuer,
                "uploaded_at": signature.uploaded_at_utc.isoformat()}

    @blueprint.response(201)
    def post(self, report_id: int, number: int):
        """Upload the copy of record of version `number` signed (PAdES) with the enterprise's
        certificate (multipart `file`): 201 `{"status": "valid", "signer", "tax_code",
        "signed_at"}`, or 422 with one error whose `code` is `signature_invalid`,
        `signature_untrusted`, `signature_not_this_version` or `signature_wrong_signer`."""
        user = current_api_user()
        try:
            # Who may sign is asked before the file is read: another enterprise gets 404.
            report = filing.get_report(db.session, user, report_id)
            signatures.check_may_sign(user, report)
            signatures.version_of(report, number)
            data = read_upload()
            signature = upload_signed_copy(user, report_id, number, data)
        except filing.FilingError as error:
            _fail(error)
        return signatures.signature_json(signature)
