"""Verifying a digitally signed copy of record (PAdES), without a database or the web.

Vietnam's Law on E-Transactions 2023 and Decree 23/2025/NĐ-CP make a copy of record signed with
the enterprise's certificate from a licensed public CA the legally sound submission. What is
checked, and the code each failure carries (contract.md, issue 15):

- `signature_invalid`: not a PDF, no signature, the cryptography fails, the file changed after
  signing, the certificate not valid at the signing time or without the non-repudiation use;
- `signature_untrusted`: the chain does not reach a root of the portal's trust store;
- `signature_not_this_version`: what was signed is not exactly this version's frozen copy of
  record (the revision before the signature's incremental update, byte for byte);
- `signature_wrong_signer`: the subject does not name the enterprise's tax code as
  `UID=MST:<tax code>`, as Vietnamese public CAs issue them.

No network is used (no fetching of certificates or revocation lists): the trust store is the
Department's list of CA roots.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as crypto_x509

# pyHanko is imported by the functions that verify, not here: it takes half a second to load,
# which every worker and every command would pay at start for a rare upload.

PDF_MAGIC = b"%PDF-"
# How far the signer's clock may be from ours: a signing time a little before the copy of record
# was first produced, or a little in the future, is a clock, not a forgery.
CLOCK_SKEW = dt.timedelta(minutes=10)


T = TypeVar("T")


class SignatureCode(str, Enum):
    INVALID = "signature_invalid"
    UNTRUSTED = "signature_untrusted"
    NOT_THIS_VERSION = "signature_not_this_version"
    WRONG_SIGNER = "signature_wrong_signer"


class SignatureRefused(Exception):
    """The signed copy does not pass: `code` (a SignatureCode value), `message`, `message_vi`."""

    def __init__(self, code: SignatureCode, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_vi = message_vi


class NotACertificateAuthority(ValueError):
    """A file offered to the trust store is not a CA certificate; `message_vi` says so too."""

    def __init__(self, message: str, message_vi: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi


@dataclass(frozen=True)
class SignedCopy:
    """Who signed a copy of record that passed every check, with what, and when (UTC)."""

    signer_name: str
    subject: str
    tax_code: str
    certificate_serial: str
    certificate_issuer: str
    certificate_sha256: str
    signed_at: dt.datetime


def _invalid(message: str, message_vi: str) -> SignatureRefused:
    return SignatureRefused(SignatureCode.INVALID, message, message_vi)


# --- certificates ------------------------------------------------------------------------------

def certificates_in(data: bytes) -> list[asn1_x509.Certificate]:
    """The X.509 certificates of a PEM file (or of one DER certificate). Raises ValueError."""
    if pem.detect(data):
        found = [asn1_x509.Certificate.load(der) for kind, _headers, der in pem.unarmor(data, multiple=True)
                 if kind == "CERTIFICATE"]
    else:
        found = [asn1_x509.Certificate.load(data)]
    for certificate in found:
        certificate.native  # noqa: B018 - parses the whole structure now: a broken one raises here
    return found


def ca_certificate(data: bytes) -> asn1_x509.Certificate:
    """The certification authority's certificate in `data` (PEM): exactly one certificate whose
    basicConstraints say CA=true. Raises NotACertificateAuthority."""
    try:
        found = certificates_in(data)
    except (ValueError, TypeError, KeyError):
        found = []
    if len(found) != 1:
        raise NotACertificateAuthority(
            "The file is not one PEM certificate.", "Tệp không phải là một chứng thư số dạng PEM.")
    certificate = found[0]
    constraints = certificate.basic_constraints_value
    if constraints is None or not constraints["ca"].native:
        raise NotACertificateAuthority(
            "The certificate is not a certification authority's (basicConstraints CA=true).",
            "Chứng thư số này không phải của tổ chức cung cấp dịch vụ chứng thực "
            "(basicConstraints CA=true).")
    return certificate


def fingerprint(certificate: asn1_x509.Certificate) -> str:
    """The SHA-256 of the certificate's DER bytes (hex)."""
    return hashlib.sha256(certificate.dump()).hexdigest()


def _attribute_values(name: asn1_x509.Name, attribute: str) -> list[str]:
    values = []
    for rdn in name.chosen:
        for type_and_value in rdn:
            if type_and_value["type"].native == attribute:
                value = type_and_value["value"].native
                values.append(value if isinstance(value, str) else str(value))
    return values


def tax_codes_named(uid_values: Iterable[str]) -> set[str]:
    """The tax codes a subject's UID attributes name by the convention of Vietnamese public CAs,
    `MST:<tax code>` (the prefix in any case, spaces ignored)."""
    codes = set()
    for value in uid_values:
        compact = "".join(value.split())
        if compact[:4].upper() == "MST:" and compact[4:]:
            codes.add(compact[4:])
    return codes


def names_tax_code(certificate: asn1_x509.Certificate, tax_code: str) -> bool:
    return "".join(tax_code.split()) in tax_codes_named(_attribute_values(certificate.subject, "user_id"))


def _common_name(certificate: asn1_x509.Certificate) -> str:
    names = _attribute_values(certificate.subject, "common_name")
    return names[0] if names else certificate.subject.human_friendly


def _validity(certificate: asn1_x509.Certificate) -> tuple[dt.datetime, dt.datetime]:
    validity = certificate["tbs_certificate"]["validity"]
    return validity["not_before"].native, validity["not_after"].native


def distinguished_names(certificate: asn1_x509.Certificate) -> tuple[str, str]:
    """The subject and issuer as RFC 4514 strings (`C=VN,UID=MST:0100112437,CN=…`)."""
    parsed = crypto_x509.load_der_x509_certificate(certificate.dump())
    return parsed.subject.rfc4514_string(), parsed.issuer.rfc4514_string()


def has_non_repudiation(certificate: asn1_x509.Certificate) -> bool:
    usage = certificate.key_usage_value
    return usage is not None and "non_repudiation" in usage.native


# --- the signed file ---------------------------------------------------------------------------

def outside_an_event_loop(work: Callable[[], T]) -> T:
    """`work()`, which may call `asyncio.run` (pyHanko's synchronous calls each start an event
    loop of their own): in a thread of its own when this thread already runs a loop (an async
    server, a browser driver), where `asyncio.run` would refuse."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _revisions_of(data: bytes) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 (see the note at the top)
    return PdfFileReader(io.BytesIO(data), strict=False).xrefs.total_revisions


def _last_signature(signed: bytes):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415 (see the note at the top)
    if not signed.startswith(PDF_MAGIC):
        raise _invalid("The file is not a PDF.", "Tệp tải lên không phải là tệp PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(signed), strict=False)
        signatures = reader.embedded_regular_signatures
    except Exception:  # noqa: BLE001 - any unreadable PDF is the filer's problem, never a 500
        raise _invalid("The PDF cannot be read.", "Không đọc được tệp PDF.") from None
    if not signatures:
        raise _invalid("The PDF carries no digital signature.", "Tệp PDF không có chữ ký số.")
    return signatures[-1]


def _status(embedded, trust_roots: Sequence[asn1_x509.Certificate], moment: dt.datetime):  # type: ignore[no-untyped-def]
    from pyhanko.sign.validation import validate_pdf_signature  # noqa: PLC0415 (see the note at the top)
    from pyhanko.sign.validation.settings import KeyUsageConstraints  # noqa: PLC0415 (see the note at the top)
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 (see the note at the top)
    # No fetching (no network here); revocation soft-fail, since no CRL or OCSP can be fetched.
    # The chain is validated at the signing time: a certificate that expired since is fine.
    context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False,
                                revocation_mode="soft-fail", moment=moment)
    try:
        # Key usage is checked below, to say specifically what is missing.
        return outside_an_event_loop(lambda: validate_pdf_signature(
            embedded, context, key_usage_settings=KeyUsageConstraints(key_usage=set())))
    except Exception:  # noqa: BLE001 - a malformed signature is refused, never a 500
        raise _invalid("The signature cannot be verified: it is malformed.",
                       "Không kiểm tra được chữ ký: chữ ký không đúng cấu trúc.") from None


def _signed_up_to(embedded) -> int:  # type: ignore[no-untyped-def]
    """Where the bytes the signature covers end (its /ByteRange's second part)."""
    try:
        byte_range = [int(n) for n in embedded.sig_object["/ByteRange"]]
        return byte_range[2] + byte_range[3]
    except (KeyError, IndexError, TypeError, ValueError):
        return -1


def _check_integrity(status, embedded, size: int) -> None:  # type: ignore[no-untyped-def]
    from pyhanko.sign.diff_analysis import ModificationLevel  # noqa: PLC0415 (see the note at the top)
    from pyhanko.sign.validation.status import SignatureCoverageLevel  # noqa: PLC0415 (see the note at the top)
    if not (status.intact and status.valid):
        raise _invalid("The signature does not match the document: the file was changed after "
                       "signing, or the signature is broken.",
                       "Chữ ký không khớp với tài liệu: tệp đã bị thay đổi sau khi ký, hoặc chữ ký "
                       "bị hỏng.")
    # Every byte of the file is signed: nothing, not even a comment, follows the signature.
    whole_file = (status.coverage is SignatureCoverageLevel.ENTIRE_FILE
                  and _signed_up_to(embedded) == size)
    # Or only validation data (DSS, document timestamps) was appended after the signature.
    only_validation_data = (status.coverage is SignatureCoverageLevel.ENTIRE_REVISION
                            and status.modification_level is ModificationLevel.LTA_UPDATES
                            and status.docmdp_ok)
    if not (whole_file or only_validation_data):
        raise _invalid("The document was changed after it was signed.",
                       "Tài liệu đã bị thay đổi sau khi ký.")


def _check_certificate(certificate: asn1_x509.Certificate, signed_at: dt.datetime) -> None:
    not_before, not_after = _validity(certificate)
    if signed_at < not_before:
        raise _invalid("The signing certificate was not yet valid at the signing time.",
                       "Chứng thư số của người ký chưa có hiệu lực tại thời điểm ký.")
    if signed_at > not_after:
        raise _invalid("The signing certificate had expired at the signing time.",
                       "Chứng thư số của người ký đã hết hạn tại thời điểm ký.")
    if not has_non_repudiation(certificate):
        raise _invalid("The signing certificate lacks the non-repudiation key usage: it cannot "
                       "sign a document with legal effect.",
                       "Chứng thư số của người ký không có mục đích sử dụng chống chối bỏ "
                       "(non-repudiation): không dùng để ký văn bản có giá trị pháp lý.")


def _signing_time(embedded, not_before: dt.datetime, now: dt.datetime) -> dt.datetime:  # type: ignore[no-untyped-def]
    try:
        signed_at = embedded.self_reported_timestamp
    except Exception:  # noqa: BLE001 - an unreadable time is a malformed signature
        signed_at = None
    if signed_at is None:
        raise _invalid("The signature carries no signing time.", "Chữ ký không có thời điểm ký.")
    if signed_at.tzinfo is None:
        signed_at = signed_at.replace(tzinfo=dt.timezone.utc)
    signed_at = signed_at.astimezone(dt.timezone.utc)
    # The copy of record did not exist before the version was submitted: a claimed signing time
    # before that is false (and would let an expired certificate sign).
    if signed_at < not_before - CLOCK_SKEW or signed_at > now + CLOCK_SKEW:
        raise _invalid("The signing time is not possible: before the version was submitted or "
                       "in the future.",
                       "Thời điểm ký không hợp lệ: trước khi phiên bản được nộp hoặc ở tương lai.")
    return signed_at


def _covers_record(signed: bytes, embedded, record: bytes) -> bool:  # type: ignore[no-untyped-def]
    if not signed.startswith(record):
        return False
    try:
        return embedded.signed_revision == _revisions_of(record)
    except Exception:  # noqa: BLE001 - a record we cannot read back covers nothing
        return False


def verify_signed_copy(signed: bytes, *, record: bytes, tax_code: str,
                       trust_roots: Sequence[asn1_x509.Certificate], not_before: dt.datetime,
                       now: dt.datetime) -> SignedCopy:
    """Check `signed`, a PDF uploaded as the signed copy of record `record` (the frozen bytes),
    for the enterprise with `tax_code`. `not_before`: when the version was submitted.

    Raises SignatureRefused with the code of the first check that fails, in this order:
    invalid (file, cryptography, changes, certificate), untrusted, not this version, wrong signer.
    """
    with warnings.catch_warnings():
        # pyHanko warns about quirks of a file it still reads; the verdict is what counts.
        warnings.simplefilter("ignore")
        embedded = _last_signature(signed)
        signed_at = _signing_time(embedded, not_before, now)
        status = _status(embedded, trust_roots, signed_at)
        _check_integrity(status, embedded, len(signed))
        certificate = status.signing_cert
        _check_certificate(certificate, signed_at)
        if status.revoked:
            raise _invalid("The signing certificate has been revoked.",
                           "Chứng thư số của người ký đã bị thu hồi.")
        if not status.trusted:
            raise SignatureRefused(
                SignatureCode.UNTRUSTED,
                "The signing certificate was not issued by a certification authority the "
                "Department trusts.",
                "Chứng thư số của người ký không do tổ chức chứng thực mà Sở tin cậy cấp.")
        if not _covers_record(signed, embedded, record):
            raise SignatureRefused(
                SignatureCode.NOT_THIS_VERSION,
                "What was signed is not this version's copy of record: download the copy of "
                "record of this version and sign it without changing it.",
                "Tài liệu được ký không phải bản lưu của phiên bản này: hãy tải bản lưu của "
                "phiên bản này và ký mà không chỉnh sửa.")
    if not names_tax_code(certificate, tax_code):
        raise SignatureRefused(
            SignatureCode.WRONG_SIGNER,
            f"The signing certificate does not name the enterprise's tax code (UID=MST:{tax_code}).",
            f"Chứng thư số của người ký không mang mã số thuế của doanh nghiệp (UID=MST:{tax_code}).")
    subject, issuer = distinguished_names(certificate)
    return SignedCopy(signer_name=_common_name(certificate), subject=subject,
                      tax_code="".join(tax_code.split()),
                      certificate_serial=format(certificate.serial_number, "x"),
                      certificate_issuer=issuer,
                      certificate_sha256=fingerprint(certificate), signed_at=signed_at)
