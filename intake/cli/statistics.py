"""`intake statistics rebuild`, `intake export statistics|report|annual-report`."""
from __future__ import annotations

from pathlib import Path

import click

from forms.library import DEFAULT_GWP_SET, GWP_SETS
from intake.cli.context import CommandFailed, application_session
from intake.services.annual_report import annual_report
from intake.services.statistics import rebuild as rebuild_facts
from intake.services.statistics_export import sector_report, statistics_workbook

# Every report's gas masses in one set, whatever set each was filed under.
gwp_set_option = click.option("--gwp-set", type=click.Choice(GWP_SETS), default=DEFAULT_GWP_SET,
                              show_default=True, help="The GWP set every tCO2e is expressed in.")


@click.group(help="The sector environmental database.")
def statistics() -> None:
    pass


@statistics.command(help="Rebuild the sector database from every accepted report.")
def rebuild() -> None:
    with application_session() as session:
        count = rebuild_facts(session)
        session.commit()
    click.echo(f"sector database rebuilt: {count} facts")


@click.group(name="export", help="Exports for analysts.")
def export() -> None:
    pass


@export.command(name="statistics", help="The sector statistics workbook of data year YEAR.")
@click.option("--year", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@gwp_set_option
def export_statistics(year: int, output: Path, gwp_set: str) -> None:
    if not output.parent.exists():
        raise CommandFailed(f"the folder {output.parent} does not exist")
    with application_session() as session:
        data = statistics_workbook(session, year=year, language="vi", gwp_set=gwp_set)
        session.commit()
    output.write_bytes(data)
    click.echo(f"statistics of {year} written to {output} ({len(data)} bytes)")


@export.command(name="report", help="The PDF sector report of data year YEAR.")
@click.option("--year", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@gwp_set_option
def export_report(year: int, output: Path, gwp_set: str) -> None:
    if not output.parent.exists():
        raise CommandFailed(f"the folder {output.parent} does not exist")
    with application_session() as session:
        pdf = sector_report(session, year=year, gwp_set=gwp_set)
        session.commit()
    output.write_bytes(pdf)
    click.echo(f"sector report of {year} written to {output} ({len(pdf)} bytes)")


@export.command(name="annual-report", help="The Department's annual report of data year YEAR to the city "
                                          "and the Ministry: a PDF or an Excel workbook, by the name of OUTPUT "
                                          "(.pdf or .xlsx).")
@click.option("--year", type=int, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@gwp_set_option
def export_annual_report(year: int, output: Path, gwp_set: str) -> None:
    file_format = output.suffix.lower().lstrip(".")
    if file_format not in ("pdf", "xlsx"):
        raise CommandFailed(f"{output.name}: name the output FILE.pdf or FILE.xlsx")
    if not output.parent.exists():
        raise CommandFailed(f"the folder {output.parent} does not exist")
    with application_session() as session:
        data = annual_report(session, year=year, file_format=file_format, gwp_set=gwp_set)
        session.commit()
    output.write_bytes(data)
    click.echo(f"annual report of {year} written to {output} ({len(data)} bytes)")
