"""`intake db upgrade` and `intake seed`."""
from __future__ import annotations

import click

from intake.cli.context import application_session
from intake.migrate import current_revision
from intake.migrate import upgrade as run_upgrade
from intake.services.seeding import seed_demo, seed_reference_data


@click.group(name="db", help="Database schema.")
def db_group() -> None:
    pass


@db_group.command(name="upgrade", help="Create or migrate the schema to the newest version.")
def upgrade() -> None:
    with application_session() as session:
        before, after = run_upgrade(session.get_bind())
    if before == after:
        click.echo(f"database schema is up to date ({after})")
    else:
        click.echo(f"database schema upgraded: {before or 'empty'} -> {after}")


@click.command(help="Load reference data (communes, register, factor library); --demo adds "
                    "demo enterprises, users and reports. Running it twice changes nothing.")
@click.option("--demo", is_flag=True, help="Also add demo enterprises, users and reports.")
def seed(demo: bool) -> None:
    with application_session() as session:
        if current_revision(session.get_bind()) is None:
            raise click.ClickException("the database has no schema yet: run `intake db upgrade` first")
        counts = seed_reference_data(session)
        if demo:
            counts.update(seed_demo(session))
        session.commit()
    for name, (added, total) in counts.items():
        click.echo(f"{name}: {added} added, {total} in the database")
