"""What a request may carry, checked before any view runs: a malformed request is a 4xx, never
a 500 (issue 13).

- Integers are bounded to what the database's integer columns hold. An id of
  99999999999999999999 is no id: SQLite cannot even bind it (OverflowError) and PostgreSQL's
  `integer` columns end at 2**31 - 1. So `<int:...>` in any route (web and API) answers 404
  past that bound, and `request.args.get(..., type=int)` / `request.form.get(..., type=int)`
  treat a number past it like any other text that is not an integer (the default), which every
  caller already handles.
- The pages take forms and files, never JSON: Flask-WTF would read a JSON body as a form's
  data (a list, a nested object), which no form is written for; 415 instead.
- No value holds U+0000: PostgreSQL refuses it in any text parameter or column (a 500 there,
  stored on SQLite), and no person types it. A query string or form holding one is a 400
  (`invalid_character`); JSON bodies are held to the same rule by the codec
  (`jsonio.loads_untrusted`).
"""
from __future__ import annotations

from typing import Any

from flask import Flask, Request, abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from intake.database import DATABASE_INTEGER_MAX


def _within_bounds(value: Any) -> bool:
    return not isinstance(value, int) or -DATABASE_INTEGER_MAX - 1 <= value <= DATABASE_INTEGER_MAX


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` with `max` defaulting to the database's bound (the OpenAPI description
    shows it as the parameter's maximum)."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = DATABASE_INTEGER_MAX, signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedIntegerMultiDict(ImmutableMultiDict):
    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        value = super().get(key, default, type)
        return value if type is None or _within_bounds(value) else default

    def getlist(self, key: Any, type: Any = None) -> list[Any]:
        values = super().getlist(key, type)
        return values if type is None else [value for value in values if _within_bounds(value)]


class BoundedIntegerRequest(Request):
    parameter_storage_class = BoundedIntegerMultiDict


def _refuse_json_to_pages() -> None:
    if request.is_json and request.method not in ("GET", "HEAD", "OPTIONS") \
            and not request.path.startswith("/api/"):
        abort(415)


class NulCharacter(BadRequest):
    """A query string or form value holding U+0000."""


def _refuse_nul() -> None:
    values = request.args.lists()
    if request.method not in ("GET", "HEAD", "OPTIONS") and not request.is_json:
        values = [*values, *request.form.lists()]
    if any("\x00" in key or any("\x00" in value for value in listed) for key, listed in values):
        raise NulCharacter()


def init_request_limits(app: Flask) -> None:
    """Call before any route is added: the converter is bound when a rule is."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.request_class = BoundedIntegerRequest
    app.before_request(_refuse_json_to_pages)
    app.before_request(_refuse_nul)
