"""What every `intake` command shares: one-line failures and the application's session."""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from intake.app import create_app
from intake.config import ConfigurationError
from intake.database import may_write
from intake.extensions import db


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
