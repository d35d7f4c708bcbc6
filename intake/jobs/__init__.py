"""The task queue: huey, stored in the application's own database (`intake.jobs.storage`).

The web process and the API only put messages in it ("run job X", after their transaction is
committed); `intake worker` takes them out and runs them (`intake.jobs.tasks`), on any machine
that reaches the database. Nothing is kept in memory: a restart of either side loses nothing.
"""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from huey import Huey
from sqlalchemy import Engine

from intake.extensions import db
from intake.jobs.storage import DatabaseStorage

_bound: dict[str, Flask] = {}


def bind(app: Flask) -> None:
    """Make `app` the application whose database the queue uses outside a request (the worker)."""
    _bound["app"] = app


def application() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        return _bound["app"]
    except KeyError:
        raise RuntimeError("the task queue is used outside an application: call intake.jobs.bind(app)") from None


def _engine() -> Engine:
    app = application()
    with app.app_context():
        return db.engine


queue = Huey("intake", storage_class=DatabaseStorage, engine=_engine, results=False, utc=True)

# The tasks register themselves on the queue when imported.
from intake.jobs import tasks  # noqa: E402,F401

__all__ = ["application", "bind", "queue", "tasks"]
