"""`intake serve`: the portal behind gunicorn, a production WSGI server."""
from __future__ import annotations

import os

import click
from gunicorn.app.base import BaseApplication

from intake import create_app
from intake.cli.context import CommandFailed
from intake.config import ConfigurationError
from intake.extensions import db


@click.command(help="Serve the portal with gunicorn.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=lambda: int(os.environ.get("PORT", 5000)),
              show_default="5000, or $PORT")
@click.option("--workers", type=int, default=lambda: int(os.environ.get("INTAKE_WORKERS", 2)),
              show_default="2, or $INTAKE_WORKERS")
def serve(host: str, port: int, workers: int) -> None:
    try:
        # Built once here so that configuration errors are reported before forking; each worker
        # gets a copy and opens its own connections.
        app = create_app()
    except ConfigurationError as error:
        raise CommandFailed(f"configuration error: {error}") from None

    class PortalServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("timeout", 60)

        def load(self):  # type: ignore[no-untyped-def]
            return app

    with app.app_context():
        # No connection may be shared across the fork.
        db.engine.dispose()
    click.echo(f"serving on http://{host}:{port} with {workers} workers")
    PortalServer().run()
