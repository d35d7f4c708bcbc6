"""Errors in the contract's shape: {"errors": [{"path", "code", "message", "message_vi"}]}."""
from __future__ import annotations

from typing import Any, NoReturn

from flask import abort, jsonify, make_response


def problem_abort(status: int, path: str, code: str, message: str, message_vi: str,
                  extra: dict[str, Any] | None = None) -> NoReturn:
    body: dict[str, Any] = {"errors": [{"path": path, "code": code, "message": message,
                                        "message_vi": message_vi}]}
    body.update(extra or {})
    abort(make_response(jsonify(body), status))


def flatten_messages(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """webargs/marshmallow messages ({"json": {"facility_id": ["..."]}}) as (path, message)."""
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            if prefix == "" and key in ("json", "query", "headers", "form", "files"):
                found += flatten_messages(value, "")
                continue
            path = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
            found += flatten_messages(value, path)
        return found
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return [(prefix, m) for m in messages]
    if isinstance(messages, list):
        return [pair for m in messages for pair in flatten_messages(m, prefix)]
    return [(prefix, str(messages))]
