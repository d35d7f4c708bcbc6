"""`intake xlsx ...`: Excel templates and the dry-run reading of a filled one (no database).

`intake xlsx template ghg|declaration -o FILE.xlsx [--from FILE.json]` writes the template,
blank or pre-filled from a document. `intake xlsx read FILE.xlsx` prints
`{"document", "errors", "warnings", ...}` (each problem with its `cell`) and exits 0 (clean),
1 (errors) or 2 (unreadable: missing, not .xlsx, damaged, macro-enabled, too large); never a
traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from exporters.xlsx import write_template
from forms.registry import form_definition
from intake.cli.context import CommandFailed
from intake.domain.jsonio import dumps, loads
from intake.services.xlsx_intake import check_workbook

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
FORMS = {"ghg": "ghg-inventory", "declaration": "env-declaration"}


@click.group(name="xlsx", help="Excel templates and uploads (no database needed).")
def xlsx() -> None:
    pass


@xlsx.command("template")
@click.argument("form", type=click.Choice(sorted(FORMS)))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="Where to write the .xlsx template.")
@click.option("--from", "source", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              default=None, help="A JSON document to pre-fill the template with.")
def template(form: str, output: Path, source: Path | None) -> None:
    """Write the Excel template of FORM (ghg or declaration), blank or pre-filled."""
    try:
        definition = form_definition(FORMS[form])
    except (ImportError, AttributeError):
        raise CommandFailed(f"the {form} form is not defined yet") from None
    document = None
    if source is not None:
        try:
            document = loads(source.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandFailed(f"cannot read {source}: {error}") from None
        if not isinstance(document, dict):
            raise CommandFailed(f"{source} does not hold a JSON object")
    try:
        output.write_bytes(write_template(definition, document))
    except OSError as error:
        raise CommandFailed(f"cannot write {output}: {error.strerror or error}") from None
    click.echo(f"{output}", err=True)


@xlsx.command("read")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True, exists=False))
@click.option("--language", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Notation of numbers typed as text: vi reads 1.234,5 and 98.300 = 98300.")
def read(file: Path, language: str) -> None:
    """Read a filled template FILE.xlsx; print the document and every problem by cell."""
    try:
        data = file.read_bytes()
    except OSError as error:
        reason = "no such file" if isinstance(error, FileNotFoundError) else \
            "is a directory" if isinstance(error, IsADirectoryError) else \
            (error.strerror or "unreadable")
        click.echo(dumps({"document": None, "errors": [{
            "path": "", "cell": None, "code": "xlsx_unreadable", "severity": "error",
            "message": f"Cannot read the workbook: {reason}.",
            "message_vi": f"Không đọc được tệp Excel: {reason}."}], "warnings": []}))
        click.echo(f"intake xlsx read: {file}: {reason}", err=True)
        sys.exit(EXIT_UNREADABLE)
    outcome = check_workbook(data, language)
    printed = {key: outcome[key] for key in ("document", "errors", "warnings", "form",
                                             "form_version", "template")}
    click.echo(dumps(printed))
    if not outcome["readable"]:
        click.echo(f"intake xlsx read: {outcome['errors'][0]['message']}", err=True)
        sys.exit(EXIT_UNREADABLE)
    for error in outcome["errors"]:
        click.echo(f"{error.get('cell') or error.get('path') or '-'}: {error['message_vi']} / "
                   f"{error['message']}", err=True)
    sys.exit(EXIT_ERRORS if outcome["errors"] else EXIT_CLEAN)
