"""One transaction per request: services change the session, this commits it once.

Services never commit (they take a session and an actor). A request's changes are committed
after its view has answered, when the answer is a success (any status below 400), and rolled
back otherwise: a request that fails half-way, raises, or is refused leaves nothing behind
(funding-service's `auto_commit_after_request`, `shared/style.md`). Two deliberate exceptions,
each said where it happens:

- `keep_even_if_refused()`: the refusal itself must be recorded (a failed login counts towards
  throttling; the refreshed checks of a draft that could not be submitted are kept on it);
- `discard()`: a failure answered with a redirect (status 302) keeps nothing either.

`outside_a_request(app, work)` gives background work (an export thread) the same rule: its own
session, committed when `work` returns, rolled back when it raises.

`after_commit(callback)` runs a side effect outside the database (deleting an uploaded file
that is now in a draft) only once the changes it depends on are committed.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, g

from intake.extensions import db

_KEEP, _DISCARD = "keep", "discard"


def init_app(app: Flask) -> None:
    @app.after_request
    def _end_the_unit_of_work(response: Response) -> Response:
        decision = g.pop("unit_of_work", None)
        callbacks = g.pop("after_commit", [])
        if decision == _KEEP or (decision is None and response.status_code < 400):
            db.session.commit()
            for callback in callbacks:
                callback()
        else:
            db.session.rollback()
        return response


def keep_even_if_refused() -> None:
    """Commit this request's changes even though its answer is an error status."""
    g.unit_of_work = _KEEP


def discard() -> None:
    """Drop this request's changes now (the view goes on to answer, e.g. with a redirect)."""
    db.session.rollback()
    g.unit_of_work = _DISCARD


def after_commit(callback: Callable[[], None]) -> None:
    g.setdefault("after_commit", []).append(callback)


T = TypeVar("T")


def outside_a_request(app: Flask, work: Callable[[Any], T]) -> T:
    """Run `work(session)` as one unit of work of its own, in an application context."""
    with app.app_context():
        try:
            result = work(db.session)
            db.session.commit()
            return result
        except BaseException:
            db.session.rollback()
            raise
        finally:
            db.session.remove()
