"""`intake declaration ...`: database-free commands of the environmental declaration."""
import click


@click.group(name="declaration", help="Environmental declaration documents (no database needed).")
def declaration() -> None:
    pass
