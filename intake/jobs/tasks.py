"""What `intake worker` runs: the jobs people asked for, and the Department's routine work."""
from __future__ import annotations

import datetime as dt
import logging

from huey import crontab
from huey.exceptions import RetryTask

from intake import jobs
from intake.database import may_write
from intake.extensions import db
from intake.services import background_jobs, exports, published_factors  # noqa: F401 - they register their jobs
from intake.services.mail import SmtpSettings, send_outbox
from intake.services.reminders import queue_reminders

log = logging.getLogger(__name__)

# A job whose run failed is tried again after this long (a database restarting, a full disk).
RETRY_DELAY_SECONDS = 10
HANOI = dt.timezone(dt.timedelta(hours=7))


@jobs.queue.task()
def run(job_id: str) -> str:
    app = jobs.application()
    with app.app_context():
        try:
            outcome = background_jobs.run_job(db.engine, lambda: db.session, job_id)
        finally:
            db.session.remove()
    if outcome == background_jobs.JobStatus.QUEUED.value:
        raise RetryTask(delay=RETRY_DELAY_SECONDS)
    return outcome


def queue_job(job_id: str) -> None:
    """Hand a committed job to the workers. A failure to queue it is logged, not raised: the
    job is safe in its table, and the next worker to start queues every job still waiting."""
    try:
        run(job_id)
    except Exception:  # noqa: BLE001 - the person's request succeeded; the job is not lost
        log.exception("job %s could not be queued now; the next worker start queues it", job_id)


def requeue_lost() -> int:
    """At a worker's start: queue again the jobs whose worker stopped mid-run, and every job
    still waiting (its message may be lost, if the server stopped between committing the job
    and queueing it; a message that was not lost finds the job taken and does nothing)."""
    app = jobs.application()
    with app.app_context():
        background_jobs.stale_jobs(db.engine)
        waiting = background_jobs.queued_jobs(db.engine)
    for job_id in waiting:
        run(job_id)
    return len(waiting)


@jobs.queue.periodic_task(crontab(minute="*"))
def sweep() -> None:
    """Every minute: a job whose worker went silent (killed, its machine lost) runs again."""
    app = jobs.application()
    with app.app_context():
        lost = background_jobs.stale_jobs(db.engine)
    for job_id in lost:
        log.warning("job %s lost its worker: queued again", job_id)
        run(job_id)


# 00:30 UTC is 07:30 in Hanoi: reminders arrive at the start of the working day.
@jobs.queue.periodic_task(crontab(minute="30", hour="0"))
def daily_reminders() -> None:
    app = jobs.application()
    writing = may_write.set(True)
    with app.app_context():
        try:
            queued = queue_reminders(db.session, dt.datetime.now(HANOI).date())
            db.session.commit()
            sent, failed = send_outbox(db.session, SmtpSettings.from_config(app.config))
            db.session.commit()
        finally:
            db.session.remove()
            may_write.reset(writing)
    log.info("reminders queued: %s; e-mails sent: %s, failed: %s", queued, sent, failed)
