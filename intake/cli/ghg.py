"""`intake ghg ...` and `intake rules ...`: database-free commands of the GHG engine."""
import click


@click.group(name="ghg", help="GHG inventory documents (no database needed).")
def ghg() -> None:
    pass


@click.group(name="rules", help="The catalogue of validation rules.")
def rules() -> None:
    pass
