"""`intake declaration validate FILE.json`: the environmental declaration, no database; the
same result shape and exit codes as `intake ghg calculate`."""
from __future__ import annotations

from pathlib import Path

import click

from intake.cli.documents import run_document_command
from intake.domain.declaration import evaluate


@click.group(name="declaration", help="Environmental declaration documents (no database needed).")
def declaration() -> None:
    pass


@declaration.command("validate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
def validate(file: Path) -> None:
    """Validate the environmental declaration FILE.json and print the result (totals of energy
    in TJ and TOE, water, wastewater, waste)."""
    run_document_command(file, "declaration validate", evaluate, {"totals": {}})
