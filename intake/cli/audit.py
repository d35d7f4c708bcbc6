"""`intake audit verify` and `intake audit checkpoint`: check the record against itself and
against anchors kept outside the database."""
from __future__ import annotations

import os
from pathlib import Path

import click

from intake.cli.context import CommandFailed, application_session
from intake.database import may_write
from intake.services.audit import AuditKeyMissing, Checkpoint, verify_record
from intake.services.audit import checkpoint as head


class BadCheckpointFile(CommandFailed):
    """The checkpoint file cannot be used: a usage problem (exit 2), not a broken record."""

    exit_code = 2


@click.group(help="The append-only audit log.")
def audit() -> None:
    pass


@audit.command(help="Check the audit log's hash chain and keyed MACs and every submitted "
                    "version against its SHA-256 and its submission's audit entry; with "
                    "--checkpoint, also that the chain still holds the checkpoint's entry as "
                    "recorded. Exit 1 at the first problem.")
@click.option("--checkpoint", "checkpoint_file", metavar="FILE",
              help="A checkpoint written by `intake audit checkpoint`.")
def verify(checkpoint_file: str | None) -> None:
    held = None
    if checkpoint_file is not None:
        try:
            held = Checkpoint.from_json(Path(checkpoint_file).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise BadCheckpointFile(f"cannot read the checkpoint {checkpoint_file}: "
                                    f"{getattr(error, 'strerror', None) or error}") from None
        except ValueError as error:
            raise BadCheckpointFile(f"{checkpoint_file} is not a usable checkpoint: {error}") from None
    with application_session() as session:
        # Read-only: no write lock on SQLite, so the portal's writers go on during the walk.
        may_write.set(False)
        try:
            check = verify_record(session, held)
        except AuditKeyMissing as error:
            raise CommandFailed(str(error)) from None
    if not check.intact:
        click.echo(f"audit log BROKEN at {check.problem} (checked {check.entries} entries)", err=True)
        raise SystemExit(1)
    summary = (f"audit log intact: {_count(check.entries, 'entry', 'entries')}, "
               f"{_count(check.versions, 'submitted version', 'submitted versions')}")
    if check.unkeyed_entries:
        summary += f" ({check.unkeyed_entries} early entries written before entries carried a MAC)"
    if held is not None:
        summary += f"; holds checkpoint entry {held.sequence}"
    click.echo(summary)


@audit.command(help="Write the chain's head (sequence, hash, count, time) as JSON, to be "
                    "archived outside the database; `verify --checkpoint FILE` then finds the "
                    "log truncated or rewritten behind it.")
@click.option("-o", "--output", required=True, metavar="FILE", help="Where to write the checkpoint.")
def checkpoint(output: str) -> None:
    with application_session() as session:
        may_write.set(False)
        held = head(session)
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(held.to_json(), encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        raise CommandFailed(f"cannot write the checkpoint {output}: {error.strerror or error}") from None
    click.echo(f"checkpoint written to {output}: entry {held.sequence} of {held.entries}, "
               f"hash {held.entry_hash}")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"
