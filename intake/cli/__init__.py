"""The `intake` command line (console script, and `python -m intake`)."""
from __future__ import annotations

import sys

import click

from intake.cli.accounts import user
from intake.cli.audit import audit
from intake.cli.context import CommandFailed, application_session, with_database_errors
from intake.cli.database import db_group, seed
from intake.cli.declaration import declaration
from intake.cli.factors import factors
from intake.cli.ghg import ghg, rules
from intake.cli.mail import mail, reminders
from intake.cli.reference import reference
from intake.cli.serve import serve
from intake.cli.statistics import export, statistics
from intake.cli.trust import trust
from intake.cli.worker import worker
from intake.cli.xlsx import xlsx

__all__ = ["main", "CommandFailed", "application_session", "with_database_errors"]


@click.group(help="intake: GHG inventory reports and environmental declarations "
                  "for the Hanoi Department of Industry and Trade.")
def main() -> None:
    pass


def _register_commands() -> None:
    for command in (db_group, seed, user, serve, ghg, rules, declaration, audit, statistics, export,
                    xlsx, mail, reminders, trust, worker, factors, reference):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
