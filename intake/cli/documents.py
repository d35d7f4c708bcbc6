"""Reading a JSON document from a file for the database-free commands, with the contract's
exit codes: 0 valid, 1 invalid, 2 unreadable (missing file, a directory, not UTF-8, not JSON,
not a JSON object). On exit 2 an error document still goes to stdout, a one-line message to
stderr; never a traceback."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from forms.rules import problem
from intake.domain.ghg import dumps, loads

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2

_REASONS_VI = {
    "no such file": "không có tệp này",
    "is a directory": "đây là một thư mục",
    "not UTF-8 text": "không phải văn bản UTF-8",
    "not JSON": "không phải JSON",
    "not_object": "không phải đối tượng JSON",
}


def read_document(file: Path) -> tuple[object, str | None]:
    """(document, None) or (None, reason) for an unreadable file."""
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, "no such file"
    except IsADirectoryError:
        return None, "is a directory"
    except OSError as exc:
        return None, exc.strerror or "unreadable"
    try:
        text = raw.decode("utf-8-sig")  # tolerate the BOM some Windows editors write
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    try:
        document = loads(text)
    except (ValueError, RecursionError):
        return None, "not JSON"
    if not isinstance(document, dict):
        return None, "not_object"
    return document, None


def run_document_command(file: Path, command: str, evaluate: Callable[[Any], dict[str, Any]],
                         empty_result: dict[str, Any]) -> None:
    """Read FILE, evaluate it, print the result document and exit with the contract's code."""
    document, reason = read_document(file)
    if reason is not None:
        if reason == "not_object":
            error = problem("document_not_object", "")
        else:
            error = problem("unreadable_document", "", file=str(file), reason_en=reason,
                            reason_vi=_REASONS_VI.get(reason, reason))
        click.echo(dumps({"valid": False, "errors": [error.as_dict()], "warnings": [], **empty_result}))
        click.echo(f"intake {command}: {error.message}", err=True)
        sys.exit(EXIT_UNREADABLE)
    result = evaluate(document)
    click.echo(dumps(result))
    sys.exit(EXIT_VALID if result["valid"] else EXIT_INVALID)
