"""`intake factors publish-grid`: the national grid factor of a year, published after filing;
`intake factors activate`: the library version new calculations use."""
from __future__ import annotations

from decimal import Decimal

import click

from forms.library import LibraryError
from intake.cli.context import CommandFailed, application_session
from intake.database import may_write
from intake.extensions import db
from intake.services.background_jobs import run_job
from intake.services.factor_library import activate
from intake.services.published_factors import PublishRefused, publish_grid, recalculation_summary


@click.group(help="The factor library.")
def factors() -> None:
    pass


@factors.command(name="publish-grid", help="Publish the national grid emission factor of YEAR (tCO2/MWh) as a "
                                           "new factor-library version, and recalculate every report that used "
                                           "a provisional factor for YEAR (the filed versions stay as they are; "
                                           "each recalculation is traced and its certifiers told).")
@click.argument("year", type=int)
@click.argument("tco2_per_mwh")
@click.option("--source", required=True, help="The document that publishes it, e.g. \"Công văn …/BĐKH-PTCBT\".")
def publish_grid_command(year: int, tco2_per_mwh: str, source: str) -> None:
    with application_session() as session:
        try:
            publication, job = publish_grid(session, None, year=year, tco2_per_mwh=tco2_per_mwh, source=source)
        except PublishRefused as refused:
            raise CommandFailed(f"{refused.field}: {refused.message_en}") from None
        # Read before committing: reading an expired attribute afterwards would open a new
        # transaction, which on SQLite holds the write lock the job needs.
        job_id, version = job.id, publication.library_version
        session.commit()
        # The recalculation runs here, as the worker would run it (its job is recorded the same
        # way), so that the statistics use the factor when the command returns. Read-only until
        # it writes: SQLite's write lock is taken for the writing alone.
        reading = may_write.set(False)
        try:
            status = run_job(db.engine, lambda: db.session, job_id)
        finally:
            may_write.reset(reading)
        if status != "done":
            raise CommandFailed(f"the factor is published (library {version}) but the recalculation failed; "
                                f"it runs again in `intake worker` (job {job_id})")
        summary = recalculation_summary(session, job_id)
    click.echo(f"grid factor of {year} published: {Decimal(tco2_per_mwh.replace(',', '.'))} tCO2/MWh, "
               f"factor library {version}; reports recalculated: {len(summary)}")
    for line in summary:
        click.echo(f"  report {line['report_id']} v{line['version']}: {line['total_before']} → "
                   f"{line['total_after']} tCO2e")


@factors.command(name="activate", help="Have new calculations (drafts, and reports filed from now) use factor-library "
                                       "VERSION, e.g. 2026.1 or 2026.1+1; submitted versions keep theirs.")
@click.argument("version")
def activate_command(version: str) -> None:
    with application_session() as session:
        try:
            changed = activate(session, None, version)
        except LibraryError:
            raise CommandFailed(f"there is no factor library version {version!r}") from None
        session.commit()
    click.echo(f"new calculations use factor library {version}" if changed else
               f"factor library {version} is in use already")
