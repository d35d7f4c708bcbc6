"""A throwaway certification authority for the signed-copy-of-record tests (issue 15), made with
`cryptography`, and pyHanko's signer to sign a real copy of record (PAdES, incremental update).

`TestCA()` holds a root; `ca.enterprise(tax_code)` issues a signing certificate whose subject is
`CN=<name>, UID=MST:<tax code>` with keyUsage digitalSignature + nonRepudiation, the way
Vietnamese public CAs issue them; keyword arguments make the bad variants (expired, no
nonRepudiation). A second `TestCA()` is an untrusted one.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from intake.domain.signatures import outside_an_event_loop

NOW = dt.datetime.now(dt.timezone.utc)


def _key():
    return ec.generate_private_key(ec.SECP256R1())


@dataclass
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    chain: list[x509.Certificate]

    def sign(self, pdf: bytes, *, field: str = "ChuKyDoanhNghiep") -> bytes:
        """`pdf` signed as PAdES by this certificate, by an incremental update."""
        signer = signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.certificate.public_bytes(serialization.Encoding.DER)),
            signing_key=asn1_keys.PrivateKeyInfo.load(self.key.private_bytes(
                serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption())),
            cert_registry=SimpleCertificateStore.from_certs([
                asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in self.chain]))
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = io.BytesIO()
        # pyHanko's sign_pdf runs its own event loop: outside the browser tests' loop.
        outside_an_event_loop(lambda: signers.sign_pdf(writer, signers.PdfSignatureMetadata(
            field_name=field, subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256"), signer=signer, new_field_spec=SigFieldSpec(field), output=out))
        return out.getvalue()


class TestCA:
    __test__ = False  # not a test class, whatever its name

    def __init__(self, name: str = "CA Thử nghiệm Ví dụ") -> None:
        self.key = _key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                             x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Thử nghiệm"),
                             x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
        self.certificate = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=3650)).not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256()))

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def enterprise(self, tax_code: str, *, name: str = "CÔNG TY TNHH VÍ DỤ", non_repudiation: bool = True,
                   not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
                   uid: str | None = None) -> Issued:
        key = _key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                             x509.NameAttribute(NameOID.USER_ID, uid if uid is not None else f"MST:{tax_code}"),
                             x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
        certificate = (
            x509.CertificateBuilder().subject_name(subject).issuer_name(self.certificate.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - dt.timedelta(days=30))
            .not_valid_after(not_after or NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=non_repudiation,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False, crl_sign=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                           critical=False)
            .sign(self.key, hashes.SHA256()))
        return Issued(certificate, key, [self.certificate])

    def expired(self, tax_code: str) -> Issued:
        return self.enterprise(tax_code, not_before=NOW - dt.timedelta(days=800),
                               not_after=NOW - dt.timedelta(days=400))


def leaf_pem(issued: Issued) -> bytes:
    return issued.certificate.public_bytes(serialization.Encoding.PEM)
