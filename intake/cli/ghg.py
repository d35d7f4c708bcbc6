"""`intake ghg ...` and `intake rules ...`: database-free commands of the GHG engine.

`intake ghg calculate FILE.json` prints the result document and exits 0 (valid), 1 (invalid)
or 2 (unreadable: missing file, a directory, not UTF-8, not JSON, not a JSON object). On exit 2
it still prints an error document on stdout and a one-line message on stderr; never a
traceback.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from forms.rules import problem, rules_for
from intake.domain.ghg import dumps, evaluate, loads

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


@click.group(name="ghg", help="GHG inventory documents (no database needed).")
def ghg() -> None:
    pass


@ghg.command("calculate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
def calculate(file: Path) -> None:
    """Validate and calculate the GHG inventory document FILE.json; print the result."""
    document, reason = _read_document(file)
    if reason is not None:
        if reason == "not_object":
            error = problem("document_not_object", "")
        else:
            error = problem("unreadable_document", "", file=str(file), reason_en=reason,
                            reason_vi=_REASONS_VI.get(reason, reason))
        click.echo(dumps({"valid": False, "errors": [error.as_dict()], "warnings": [],
                          "years": {}, "lines": []}))
        click.echo(f"intake ghg calculate: {error.message}", err=True)
        sys.exit(EXIT_UNREADABLE)
    result = evaluate(document)
    click.echo(dumps(result))
    sys.exit(EXIT_VALID if result["valid"] else EXIT_INVALID)


_REASONS_VI = {
    "no such file": "không có tệp này",
    "is a directory": "đây là một thư mục",
    "not UTF-8 text": "không phải văn bản UTF-8",
    "not JSON": "không phải JSON",
    "not_object": "không phải đối tượng JSON",
}


def _read_document(file: Path) -> tuple[object, str | None]:
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


@click.group(name="rules", help="The catalogue of validation rules.")
def rules() -> None:
    pass


@rules.command("list")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--form", "form_key", default=None, help="Only the rules of this form.")
def list_rules(output: str, form_key: str | None) -> None:
    """List every validation rule: code, severity, what it checks."""
    selected = rules_for(form_key)
    if output == "json":
        click.echo(json.dumps([r.as_dict() for r in selected], ensure_ascii=False, indent=1))
        return
    for r in selected:
        forms = ", ".join(r.forms) or "*"
        click.echo(f"{r.code}  [{r.severity}]  ({forms})")
        click.echo(f"    {r.description_en}")
        click.echo(f"    {r.description_vi}")
