"""Background jobs: a message delivered twice runs the job once, a failure is tried again and
then reported, a job whose worker went silent is queued again, progress is seen while it runs."""
import datetime as dt
import threading

import pytest
from sqlalchemy import update

from intake.extensions import db
from intake.models import BackgroundJob, JobStatus
from intake.services import background_jobs
from intake.services.background_jobs import Made, create_job, job_kind, run_job


@pytest.fixture
def engine(app):
    with app.app_context():
        yield db.engine


@pytest.fixture
def new_job(session):
    def make(kind: str) -> str:
        job = create_job(session, kind=kind, owner=None, parameters={"n": 1}, steps_total=3)
        session.commit()
        return job.id
    return make


def _run(app, engine, job_id):
    with app.app_context():
        try:
            return run_job(engine, lambda: db.session, job_id)
        finally:
            db.session.remove()


def _job(session, job_id) -> BackgroundJob:
    session.expire_all()
    return session.get(BackgroundJob, job_id)


def test_a_job_delivered_twice_at_once_runs_once(app, engine, session, new_job):
    runs = []
    started = threading.Barrier(2)

    @job_kind("test-slow")
    def slow(job_session, job, progress):
        runs.append(job.id)
        progress.step("writing")
        return Made(file=b"made once", file_name="x.txt", media_type="text/plain")

    job_id = new_job("test-slow")
    outcomes = []

    def deliver():
        started.wait()
        outcomes.append(_run(app, engine, job_id))

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["done", "skipped"]
    assert runs == [job_id]
    job = _job(session, job_id)
    assert (job.status, job.attempts, job.file, job.file_size) == (JobStatus.DONE, 1, b"made once", 9)
    # Delivered again later: still nothing to do.
    assert _run(app, engine, job_id) == "skipped"


def test_a_failing_job_is_tried_again_then_reported(app, engine, session, new_job):
    tries = []

    @job_kind("test-flaky")
    def flaky(job_session, job, progress):
        tries.append(1)
        if len(tries) < 3:
            raise OSError("disk full")
        return Made()

    @job_kind("test-broken")
    def broken(job_session, job, progress):
        raise ValueError("no such year")

    flaky_id, broken_id = new_job("test-flaky"), new_job("test-broken")
    assert [_run(app, engine, flaky_id) for _ in range(3)] == ["queued", "queued", "done"]
    assert _job(session, flaky_id).attempts == 3
    assert [_run(app, engine, broken_id) for _ in range(4)] == ["queued", "queued", "failed", "skipped"]
    job = _job(session, broken_id)
    assert (job.status, job.attempts, job.error) == (JobStatus.FAILED, 3, "ValueError: no such year")
    assert background_jobs.describe(job)["error"] == "ValueError: no such year"


def test_a_job_whose_worker_went_silent_is_queued_again(engine, session, new_job):
    silent, alive = new_job("test-slow"), new_job("test-slow")
    now = background_jobs.utc_now()
    with engine.begin() as connection:
        for job_id, beat in ((silent, now - dt.timedelta(minutes=2)), (alive, now - dt.timedelta(seconds=5))):
            connection.execute(update(BackgroundJob).where(BackgroundJob.id == job_id).values(
                status=JobStatus.RUNNING, attempts=1, heartbeat_at_utc=beat))
    assert background_jobs.stale_jobs(engine) == [silent]
    assert (_job(session, silent).status, _job(session, alive).status) == (JobStatus.QUEUED, JobStatus.RUNNING)
    assert background_jobs.queued_jobs(engine) == [silent]


def test_progress_is_seen_while_the_job_runs(app, engine, session, new_job):
    seen = []

    @job_kind("test-steps")
    def steps(job_session, job, progress):
        for step in ("facts", "declarations", "writing"):
            progress.step(step)
            # Another connection (a person polling) sees each step as it begins.
            seen.append((_job(session, job.id).step, background_jobs.percent(_job(session, job.id))))
        return Made()

    job_id = new_job("test-steps")
    assert _run(app, engine, job_id) == "done"
    assert seen == [("facts", 0), ("declarations", 33), ("writing", 66)]
    assert background_jobs.percent(_job(session, job_id)) == 100
