"""`intake reference hazardous-waste`: the national list of hazardous-waste codes."""
from __future__ import annotations

from pathlib import Path

import click

from intake.cli.context import CommandFailed, application_session
from intake.services.waste_codes import LARGEST_FILE, WasteListRefused, load_codes


@click.group(help="Reference data the Department loads.")
def reference() -> None:
    pass


@reference.command(name="hazardous-waste", help="Load the national list of hazardous-waste codes (Circular "
                                                "02/2022/TT-BTNMT, Annex III) from a UTF-8 CSV with the columns "
                                                "code,name_vi; it replaces the list. Declarations' codes are "
                                                "then checked against it (before: their NN NN NN form only).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--source", required=True, help="Where the list comes from, e.g. \"Thông tư 02/2022/TT-BTNMT, Phụ lục III\".")
def hazardous_waste(file: Path, source: str) -> None:
    with file.open("rb") as handle:
        data = handle.read(LARGEST_FILE + 1)  # the limit enforced while reading
    with application_session() as session:
        try:
            count = load_codes(session, None, data, source=source)
        except WasteListRefused as refused:
            raise CommandFailed(f"{file.name}: {refused}") from None
        session.commit()
    click.echo(f"hazardous-waste codes loaded: {count}")
