"""The trust store: the CA root certificates the Department trusts to sign copies of record.

Kept as data files, one PEM file per root named by the SHA-256 of its DER bytes
(`<folder>/<sha256>.pem`), so that the store can be reviewed, copied and backed up like any
other data, and adding the same root twice changes nothing. The folder is `TRUST_STORE_PATH`
(`INTAKE_TRUST_STORE`), by default `<instance>/trust`.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from intake.domain.signatures import NotACertificateAuthority, ca_certificate, fingerprint

TRUST_FOLDER = "trust"


def trust_folder(instance_path: Path | str, configured: Path | str | None = None) -> Path:
    """The trust store's folder: `configured` (the TRUST_STORE_PATH setting) or `<instance>/trust`."""
    return Path(configured) if configured else Path(instance_path) / TRUST_FOLDER


@dataclass(frozen=True)
class TrustedRoot:
    sha256: str
    subject: str
    not_after: str


class TrustStore:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    def add(self, data: bytes) -> TrustedRoot:
        """Add the CA certificate in `data` (PEM). Raises NotACertificateAuthority."""
        certificate = ca_certificate(data)
        digest = fingerprint(certificate)
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{digest}.pem"
        if not target.exists():
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".incoming-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(pem.armor("CERTIFICATE", certificate.dump()))
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        return _described(digest, certificate)

    def _certificates(self) -> list[tuple[str, asn1_x509.Certificate]]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.pem")):
            try:
                certificate = ca_certificate(path.read_bytes())
            except (OSError, NotACertificateAuthority):
                continue  # a damaged or foreign file in the folder trusts nothing
            found.append((fingerprint(certificate), certificate))
        return found

    def roots(self) -> list[asn1_x509.Certificate]:
        """The trusted roots (files that are not CA certificates are ignored)."""
        return [certificate for _, certificate in self._certificates()]

    def listing(self) -> list[TrustedRoot]:
        return [_described(digest, certificate) for digest, certificate in self._certificates()]


def _described(digest: str, certificate: asn1_x509.Certificate) -> TrustedRoot:
    not_after = certificate["tbs_certificate"]["validity"]["not_after"].native
    return TrustedRoot(digest, certificate.subject.human_friendly, not_after.date().isoformat())
