"""`intake ghg ...` and `intake rules ...`: database-free commands of the GHG engine.

`intake ghg calculate FILE.json` prints the result document and exits 0 (valid), 1 (invalid)
or 2 (unreadable: missing file, a directory, not UTF-8, not JSON, not a JSON object). On exit 2
it still prints an error document on stdout and a one-line message on stderr; never a
traceback.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from forms.rules import rules_for
from intake.cli.documents import run_document_command
from intake.domain.ghg import evaluate


@click.group(name="ghg", help="GHG inventory documents (no database needed).")
def ghg() -> None:
    pass


@ghg.command("calculate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
def calculate(file: Path) -> None:
    """Validate and calculate the GHG inventory document FILE.json; print the result."""
    run_document_command(file, "ghg calculate", evaluate, {"years": {}, "lines": []})


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
