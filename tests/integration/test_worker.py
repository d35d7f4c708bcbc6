"""`intake worker`, the real process: it takes the jobs queued while no worker ran, runs again a
job whose worker died, and stops cleanly."""
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import update

from intake.extensions import db
from intake.jobs.tasks import run
from intake.models import BackgroundJob, JobStatus, User
from intake.services.background_jobs import utc_now
from intake.services.exports import start_export
from tests.integration.test_statistics import accepted  # noqa: F401 (fixture)


def _start_worker(database_url: str, instance: str, log_path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(INTAKE_DATABASE_URL=database_url, INTAKE_INSTANCE_PATH=instance,
               INTAKE_SECRET_KEY="test-secret-key", INTAKE_PASSWORD_HASH_PROFILE="test")
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "intake", "worker", "--workers", "2"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)


def _wait_for(session, job_ids, worker, log_path, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.expire_all()
        statuses = [session.get(BackgroundJob, job_id).status for job_id in job_ids]
        if all(status == JobStatus.DONE for status in statuses):
            return
        assert worker.poll() is None, "the worker stopped:\n" + log_path.read_text()
        time.sleep(0.3)
    raise AssertionError(f"jobs not done: {statuses}\n" + log_path.read_text())


def test_the_worker_runs_what_waited_and_what_a_dead_worker_left(app, session, make_user, accepted,  # noqa: F811
                                                                  database_url, tmp_path):
    analyst_id, _ = make_user("analyst")
    analyst = session.get(User, analyst_id)
    waiting = start_export(session, analyst, kind="statistics", year=2022, file_format="xlsx")
    abandoned = start_export(session, analyst, kind="statistics", year=2022, file_format="pdf")
    session.commit()
    waiting_id, abandoned_id = waiting.id, abandoned.id
    with app.app_context():
        run(waiting_id)  # queued while no worker runs: the message waits in the database
    # The other was taken by a worker that died a minute ago, its message gone with it.
    with session.get_bind().begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == abandoned_id).values(
            status=JobStatus.RUNNING, attempts=1, heartbeat_at_utc=utc_now() - timedelta(minutes=1)))

    log_path = tmp_path / "worker.log"
    worker = _start_worker(database_url, str(tmp_path / "instance"), log_path)
    try:
        _wait_for(session, [waiting_id, abandoned_id], worker, log_path)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            exit_code = worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            raise
    assert exit_code == 0, log_path.read_text()
    session.expire_all()
    made = session.get(BackgroundJob, waiting_id)
    retried = session.get(BackgroundJob, abandoned_id)
    assert made.file[:2] == b"PK" and made.file_name == "thong-ke-2022.xlsx" and made.attempts == 1
    assert retried.file[:5] == b"%PDF-" and retried.attempts == 2
    with app.app_context():
        assert db.session.query(BackgroundJob).filter_by(status=JobStatus.QUEUED).count() == 0
