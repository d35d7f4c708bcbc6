"""The `intake` command line (console script, and `python -m intake`)."""
from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from intake.config import ConfigurationError


class CommandFailed(click.ClickException):
    """A clear one-line failure: printed without a traceback, exit status 1."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


@contextmanager
def application_session() -> Iterator[Any]:
    """An application context and its database session; the caller commits.

    Turns configuration and connection failures into `CommandFailed` messages.
    """
    from intake import create_app
    from intake.database import may_write
    from intake.extensions import db

    may_write.set(True)
    try:
        app = create_app()
    except ConfigurationError as error:
        raise CommandFailed(f"configuration error: {error}") from None
    with app.app_context():
        try:
            yield db.session
        except OperationalError as error:
            db.session.rollback()
            raise CommandFailed(f"cannot use the database: {error.orig}") from None
        except SQLAlchemyError as error:
            db.session.rollback()
            raise CommandFailed(f"database error: {error}") from None
        finally:
            db.session.remove()


def with_database_errors(function: Callable[..., Any]) -> Callable[..., Any]:
    """For commands that build their own engine: same messages as `application_session`."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except ConfigurationError as error:
            raise CommandFailed(f"configuration error: {error}") from None
        except OperationalError as error:
            raise CommandFailed(f"cannot use the database: {error.orig}") from None

    return wrapper


@click.group(help="intake: GHG inventory reports and environmental declarations "
                  "for the Hanoi Department of Industry and Trade.")
def main() -> None:
    pass


def _register_commands() -> None:
    from intake.cli.accounts import user
    from intake.cli.audit import audit
    from intake.cli.database import db_group, seed
    from intake.cli.declaration import declaration
    from intake.cli.ghg import ghg, rules
    from intake.cli.mail import mail, reminders
    from intake.cli.serve import serve
    from intake.cli.statistics import export, statistics
    from intake.cli.xlsx import xlsx

    for command in (db_group, seed, user, serve, ghg, rules, declaration, audit, statistics, export,
                    xlsx, mail, reminders):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
