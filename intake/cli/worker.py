"""`intake worker`: runs the background jobs (exports, recalculations) and the routine work
(deadline reminders each morning, the sweep for jobs whose worker stopped)."""
from __future__ import annotations

import logging

import click

from intake import jobs
from intake.app import create_app
from intake.cli.context import CommandFailed
from intake.config import ConfigurationError
from intake.jobs.tasks import requeue_lost


@click.command(help="Run the background worker: the exports and recalculations people asked for, "
                    "the morning's deadline reminders. Run one or more beside the web server, on "
                    "any machine that reaches the database; stop it with Ctrl+C (a job under way "
                    "is finished first, or run again by the next worker).")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Jobs run at once by this process.")
def worker(workers: int) -> None:
    try:
        app = create_app()
    except ConfigurationError as error:
        raise CommandFailed(f"configuration error: {error}") from None
    jobs.bind(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    waiting = requeue_lost()
    click.echo(f"intake worker: {workers} at once; {waiting} job(s) waiting", err=True)
    consumer = jobs.queue.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                          initial_delay=0.1, backoff=1.15, max_delay=2.0)
    consumer.run()
