"""Signed copies of record on the web: the certifier uploads the copy of record signed with the
enterprise's certificate (from the report's history page); the enterprise and the Department
see who signed and when, and download the signed file. Thin: intake.services.signatures."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from intake.domain.roles import can_certify_for
from intake.extensions import db
from intake.queries.signatures import latest_signature
from intake.services import reports as filing
from intake.services import signatures
from intake.services.trust_store import trust_folder
from intake.storage import blob_store
from intake.unit_of_work import discard
from intake.web.language import localized
from intake.web.presentation import vn_datetime

blueprint = Blueprint("signatures", __name__)


@blueprint.app_template_global()
def version_signature(version):  # type: ignore[no-untyped-def]
    """The last valid signature of a version (the page has already checked who may see it)."""
    return latest_signature(db.session, version.id)


@blueprint.app_template_global()
def may_sign(report) -> bool:  # type: ignore[no-untyped-def]
    return can_certify_for(current_user, report.facility.enterprise_id)


def _history(report_id: int, number: int):  # type: ignore[no-untyped-def]
    return redirect(url_for("filing.history", report_id=report_id) + f"#version-{number}", code=303)


@blueprint.route("/reports/<int:report_id>/versions/<int:number>/signature", methods=["POST"])
@login_required
def upload(report_id: int, number: int):
    """The signed copy of record of version `number` (CSRF-checked by CSRFProtect)."""
    try:
        report = filing.get_report(db.session, current_user, report_id)
        signatures.check_may_sign(current_user, report)
        signatures.version_of(report, number)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise signatures.not_a_pdf("Choose the signed PDF file first.",
                                       "Hãy chọn tệp PDF đã ký số trước.")
        data = signatures.read_limited(upload.stream, current_app.config["SIGNED_COPY_MAX_BYTES"])
        config = current_app.config
        signature = signatures.upload_signed_copy(
            db.session, current_user, report_id, number, data,
            store=blob_store(current_app.instance_path), base_url=config["BASE_URL"],
            trust_roots=signatures.trust_roots_in(trust_folder(current_app.instance_path,
                                                               config.get("TRUST_STORE_PATH"))))
    except filing.NotFound:
        abort(404)
    except filing.Forbidden:
        abort(403)
    except filing.FilingError as error:
        discard()
        flash(_("The signed copy was refused: %(reason)s",
                reason=localized(error.message, error.message_vi)), "error")
        return _history(report_id, number)
    flash(_("Signature verified: version %(number)s digitally signed by %(name)s at %(when)s.",
            number=number, name=signature.signer_name, when=vn_datetime(signature.signed_at_utc)),
          "success")
    return _history(report_id, number)


@blueprint.route("/reports/<int:report_id>/versions/<int:number>/signed.pdf")
@login_required
def signed_pdf(report_id: int, number: int):
    """The signed copy of record as uploaded, byte for byte (the enterprise and the Department)."""
    try:
        signature = signatures.signed_copy_of(db.session, current_user, report_id, number)
    except filing.NotFound:
        abort(404)
    data = blob_store(current_app.instance_path).read(signature.sha256)
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"ban-luu-da-ky-{report_id}-v{number}.pdf")
