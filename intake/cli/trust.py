"""`intake trust add` and `intake trust list`: the CA roots trusted to sign copies of record."""
from __future__ import annotations

import os
from pathlib import Path

import click

from intake.cli.context import CommandFailed
from intake.config import instance_path_from_env
from intake.domain.signatures import NotACertificateAuthority
from intake.services.trust_store import TrustStore, trust_folder


def _store() -> TrustStore:
    # No database: the roots are data files in the instance folder (or INTAKE_TRUST_STORE).
    return TrustStore(trust_folder(instance_path_from_env(), os.environ.get("INTAKE_TRUST_STORE")))


@click.group(help="The trust store: root certificates of the certification authorities whose "
                  "certificates may sign copies of record.")
def trust() -> None:
    pass


@trust.command(help="Add a certification authority's root certificate (PEM). Exit 1 when the "
                    "file is not a CA certificate.")
@click.argument("pem_file", metavar="FILE.pem")
def add(pem_file: str) -> None:
    try:
        data = Path(pem_file).read_bytes()
    except OSError as error:
        raise CommandFailed(f"cannot read {pem_file}: {error.strerror or error}") from None
    try:
        root = _store().add(data)
    except NotACertificateAuthority as error:
        raise CommandFailed(f"{pem_file}: {error.message}") from None
    click.echo(f"trusted: {root.subject} (SHA-256 {root.sha256}, valid until {root.not_after})")


@trust.command(name="list", help="List the trusted roots.")
def list_roots() -> None:
    roots = _store().listing()
    for root in roots:
        click.echo(f"{root.sha256}  {root.subject}  (valid until {root.not_after})")
    if not roots:
        click.echo("no trusted roots: every signed copy of record is refused as untrusted")
