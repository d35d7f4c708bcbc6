"""`intake audit verify`: walk the hash chain of the audit log."""
from __future__ import annotations

import click

from intake.cli import application_session


@click.group(help="The append-only audit log.")
def audit() -> None:
    pass


@audit.command(help="Check every link of the audit log's hash chain; exit 1 at the first "
                    "altered or missing entry.")
def verify() -> None:
    from intake.services.audit import verify_chain

    with application_session() as session:
        check = verify_chain(session)
    if check.intact:
        click.echo(f"audit log intact: {check.entries} entries")
        return
    click.echo(f"audit log BROKEN at entry {check.first_broken_id}: {check.reason} "
               f"(checked {check.entries} entries)", err=True)
    raise SystemExit(1)
