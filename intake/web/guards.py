"""Who may open a page, said once per view as a sentence: `@requires(can_review_reports)`.

Every guard first requires a login (Flask-Login's answer: the login page for people, 401 for
scripts, `intake.web.auth.unauthorized`), then asks one predicate of `intake.domain.roles`
about the logged-in user, and answers 403 when it says no. A page that must not even say
whether a thing exists answers 404 itself, after the guard.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from intake.domain.roles import Actor

View = TypeVar("View", bound=Callable)
Predicate = Callable[[Actor], bool]


def requires(predicate: Predicate) -> Callable[[View], View]:
    """A logged-in user for whom `predicate` holds; 403 for anyone else logged in."""
    def guard(view: View) -> View:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return login_required(guarded)  # type: ignore[return-value]

    return guard


def either(*predicates: Predicate) -> Predicate:
    """A predicate that holds when any of `predicates` does: `requires(either(a, b))`."""
    def any_of(actor: Actor) -> bool:
        return any(predicate(actor) for predicate in predicates)

    any_of.__name__ = " or ".join(p.__name__ for p in predicates)
    return any_of
