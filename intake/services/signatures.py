"""Signed copies of record: a certifier of the enterprise uploads the copy of record of a
version signed (PAdES) with the enterprise's certificate; it is verified
(`intake.domain.signatures.verify_signed_copy`) and, only if it passes, stored and recorded.

Callers pass what comes from the application's settings (the file store, the trust roots, the
portal's address): services read no config. None of these functions commits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from asn1crypto import x509 as asn1_x509
from sqlalchemy.orm import Session

from intake.domain.roles import can_certify_for
from intake.domain.signatures import SignatureCode, SignatureRefused, verify_signed_copy
from intake.models import Report, ReportVersion, User, VersionSignature
from intake.models.base import utc_now
from intake.queries.signatures import latest_signature
from intake.services import audit
from intake.services.records import copy_of_record
from intake.services.reports import Conflict, FilingError, Forbidden, NotFound, get_report
from intake.services.trust_store import TrustStore
from intake.storage import BlobStore


class SignatureRejected(FilingError):
    """The uploaded file is not a valid signed copy of record of the version: 422 with the
    code of the check that failed (`intake.domain.signatures.SignatureCode`)."""

    status = 422

    def __init__(self, code: SignatureCode | str, message: str, message_vi: str) -> None:
        super().__init__(message, message_vi, path="file")
        self.code = SignatureCode(code).value


class SignatureRequired(Conflict):
    """The Department accepts only signed versions (REQUIRE_SIGNATURE_BEFORE_ACCEPTANCE)."""

    code = "signature_required"


def check_may_sign(actor: User, report: Report) -> None:
    """Only a certifier of the report's enterprise uploads its signed copy. Raises Forbidden."""
    if report.facility.enterprise is None or not can_certify_for(actor, report.facility.enterprise_id):
        raise Forbidden("Only a certifier of the enterprise uploads its signed copy of record.",
                        "Chỉ người có quyền xác nhận của doanh nghiệp mới tải lên bản lưu đã ký.")


def version_of(report: Report, number: int) -> ReportVersion:
    """Submitted version `number` of `report`. Raises NotFound."""
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        raise NotFound("This report has no such submitted version.",
                       "Báo cáo này không có phiên bản đã nộp đó.", path="number")
    return version


def not_a_pdf(reason_en: str = "The file is not a PDF.",
              reason_vi: str = "Tệp tải lên không phải là tệp PDF.") -> SignatureRejected:
    return SignatureRejected(SignatureCode.INVALID, reason_en, reason_vi)


def too_large(limit: int) -> SignatureRejected:
    megabytes = f"{limit / (1024 * 1024):.0f}"
    return SignatureRejected(SignatureCode.INVALID,
                             f"The file is larger than {megabytes} MB: a signed copy of record is "
                             "never that large.",
                             f"Tệp lớn hơn {megabytes} MB: bản lưu đã ký không thể lớn như vậy.")


def read_limited(stream, limit: int, chunk: int = 64 * 1024) -> bytes:  # type: ignore[no-untyped-def]
    """The bytes of an uploaded file's `stream`, refused as soon as they pass `limit` (never
    read whole first). Raises SignatureRejected."""
    chunks, size = [], 0
    while part := stream.read(chunk):
        size += len(part)
        if size > limit:
            raise too_large(limit)
        chunks.append(part)
    return b"".join(chunks)


def trust_roots_in(folder) -> list[asn1_x509.Certificate]:  # type: ignore[no-untyped-def]
    return TrustStore(folder).roots()


def upload_signed_copy(session: Session, actor: User, report_id: int, number: int, data: bytes, *,
                       store: BlobStore, trust_roots: Sequence[asn1_x509.Certificate], base_url: str,
                       now: dt.datetime | None = None) -> VersionSignature:
    """Verify `data` as the signed copy of record of version `number` and record it.

    Raises NotFound (not the actor's to see, or no such version), Forbidden (not a certifier of
    the enterprise), SignatureRejected (422: the code of the first check that failed; nothing
    is stored)."""
    report = get_report(session, actor, report_id)
    check_may_sign(actor, report)
    enterprise = report.facility.enterprise
    version = version_of(report, number)
    record = copy_of_record(session, report, version, base_url=base_url, store=store)
    try:
        signed = verify_signed_copy(data, record=record, tax_code=enterprise.tax_code,
                                    trust_roots=trust_roots, not_before=version.submitted_at_utc,
                                    now=now or utc_now())
    except SignatureRefused as refused:
        raise SignatureRejected(refused.code, refused.message, refused.message_vi) from None
    sha256 = store.put(data)
    row = VersionSignature(
        version_id=version.id, sha256=sha256, record_sha256=_sha256(record), size=len(data),
        signer_name=signed.signer_name[:400], subject=signed.subject, tax_code=signed.tax_code,
        certificate_serial=signed.certificate_serial[:100], certificate_issuer=signed.certificate_issuer,
        certificate_sha256=signed.certificate_sha256, signed_at_utc=signed.signed_at,
        uploaded_by_id=actor.id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "report.sign", object_type="report", object_id=report.id,
                 details={"version": number, "sha256": sha256, "record_sha256": row.record_sha256,
                          "signer": row.signer_name, "tax_code": row.tax_code,
                          "certificate_serial": row.certificate_serial,
                          "certificate_issuer": row.certificate_issuer,
                          "signed_at": row.signed_at_utc.isoformat()})
    return row


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signature_json(signature: VersionSignature) -> dict:
    """The contract's answer for a valid signed copy (201)."""
    return {"status": "valid", "signer": signature.signer_name, "tax_code": signature.tax_code,
            "signed_at": signature.signed_at_utc.isoformat()}


def require_signed(session: Session, version: ReportVersion) -> None:
    """For an acceptance when the Department requires a signature. Raises SignatureRequired."""
    if latest_signature(session, version.id) is None:
        raise SignatureRequired(
            f"Version {version.number} has no valid digital signature: the Department accepts "
            "only a copy of record signed by the enterprise.",
            f"Phiên bản {version.number} chưa có chữ ký số hợp lệ: Sở chỉ chấp nhận bản lưu đã "
            "được doanh nghiệp ký số.", path="signature")


def signed_copy_of(session: Session, actor: User, report_id: int, number: int) -> VersionSignature:
    """The latest valid signed copy of version `number`. Raises NotFound."""
    report = get_report(session, actor, report_id)
    version = version_of(report, number)
    signature = latest_signature(session, version.id)
    if signature is None:
        raise NotFound("This version has no signed copy of record.",
                       "Phiên bản này chưa có bản lưu đã ký số.", path="number")
    return signature
