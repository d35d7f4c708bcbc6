"""Background jobs: the exports analysts ask for and the recalculations the Department starts,
run by `intake worker` (huey, `intake.jobs`) and followed by whoever asked.

A job's row (`BackgroundJob`) is the truth a person sees; the queue only carries "run job X".
So a message may be delivered twice (a retry, a requeue) without harm: a run first claims the job
(queued → running, in one conditional UPDATE) and only the claim's holder writes the outcome.
A worker that dies mid-job stops its heartbeat; the next worker to start, or the sweep every
minute, puts the job back in the queue.

Progress is counted in the job's own steps (reading the facts, each part of the file, storing
it), written in transactions of their own so that a poll sees them while the job runs.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from intake.models import User
from intake.models.base import utc_now
from intake.models.jobs import BackgroundJob, JobStatus

log = logging.getLogger(__name__)

# A running job writes its heartbeat this often; one silent for STALE_AFTER lost its worker.
HEARTBEAT_EVERY = dt.timedelta(seconds=10)
STALE_AFTER = dt.timedelta(seconds=45)
# Tries of one job before it is reported failed (the first, and huey's retries).
ATTEMPTS = 3

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

# Every step a job may report, as people read it.
STEP_LABELS: Mapping[str, tuple[str, str]] = {
    "": ("Đang chờ", "Waiting"),
    "facts": ("Đọc số liệu đã chấp nhận", "Reading the accepted figures"),
    "compliance": ("Lập danh sách tuân thủ", "Listing compliance"),
    "declarations": ("Tổng hợp kê khai môi trường", "Summing the environmental declarations"),
    "writing": ("Ghi tệp", "Writing the file"),
    "storing": ("Lưu tệp", "Storing the file"),
    "recalculating": ("Tính lại báo cáo", "Recalculating reports"),
    "done": ("Xong", "Done"),
}


class Progress:
    """Counts the steps of one running job, each written at once in a transaction of its own."""

    def __init__(self, engine: Engine, job_id: str, attempt: int) -> None:
        self.engine, self.job_id, self.attempt = engine, job_id, attempt
        self.done = 0

    def step(self, key: str, *, total: int | None = None) -> None:
        """Step `key` begins (the one before it is done)."""
        if key not in STEP_LABELS:
            raise KeyError(f"no label for the step {key!r}")
        values: dict[str, Any] = {"steps_done": self.done, "step": key, "heartbeat_at_utc": utc_now()}
        if total is not None:
            values["steps_total"] = total
        self._write(values)
        self.done += 1

    def beat(self) -> None:
        self._write({"heartbeat_at_utc": utc_now()})

    def _write(self, values: dict[str, Any]) -> None:
        with self.engine.begin() as connection:
            connection.execute(update(BackgroundJob).where(
                BackgroundJob.id == self.job_id, BackgroundJob.attempts == self.attempt,
                BackgroundJob.status == JobStatus.RUNNING).values(**values))


@dataclass(frozen=True, slots=True)
class Made:
    """What a job made: a file to download, or only a summary."""

    file: bytes | None = None
    file_name: str = ""
    media_type: str = ""


# kind -> work(session, job, progress) -> Made; registered by the modules that do the work.
Work = Callable[[Session, BackgroundJob, Progress], Made]
_WORK: dict[str, Work] = {}


def job_kind(kind: str) -> Callable[[Work], Work]:
    def register(work: Work) -> Work:
        _WORK[kind] = work
        return work
    return register


def create_job(session: Session, *, kind: str, owner: User | None, parameters: dict[str, Any],
               steps_total: int = 1) -> BackgroundJob:
    """A queued job (the caller commits, then hands its id to the queue)."""
    job = BackgroundJob(id=secrets.token_hex(12), kind=kind, owner_id=owner.id if owner else None,
                        parameters=parameters, status=JobStatus.QUEUED, steps_total=steps_total)
    session.add(job)
    session.flush()
    return job


def job_of(session: Session, owner: User, job_id: str) -> BackgroundJob | None:
    """The job `job_id` if `owner` asked for it; None otherwise (no one else may know it exists)."""
    if not isinstance(job_id, str) or not job_id.isalnum() or len(job_id) > 32:
        return None
    return session.scalars(select(BackgroundJob).where(
        BackgroundJob.id == job_id, BackgroundJob.owner_id == owner.id)).first()


def percent(job: BackgroundJob) -> int:
    if job.status in (JobStatus.DONE, JobStatus.FAILED):
        return 100
    return min(99, (100 * job.steps_done) // max(1, job.steps_total))


def describe(job: BackgroundJob) -> dict[str, Any]:
    """The job as its owner reads it (the API's answer)."""
    label_vi, label_en = STEP_LABELS.get(job.step, STEP_LABELS[""])
    described: dict[str, Any] = {
        "id": job.id, "kind": job.kind, **{k: v for k, v in job.parameters.items()},
        "status": job.status.value, "progress": percent(job),
        "steps_done": job.steps_total if job.status == JobStatus.DONE else job.steps_done,
        "steps_total": job.steps_total,
        "step": {"key": job.step, "label": label_en, "label_vi": label_vi},
        "attempts": job.attempts,
        "created_at": job.created_at_utc.isoformat(),
        "finished_at": job.finished_at_utc.isoformat() if job.finished_at_utc else None,
    }
    if job.status == JobStatus.DONE and job.file_size is not None:
        described.update(file_name=job.file_name, size=job.file_size, media_type=job.media_type)
    if job.status == JobStatus.FAILED:
        described["error"] = job.error
    return described


def _claim(engine: Engine, job_id: str) -> int | None:
    """Take a queued job for this run; its attempt number, or None when it is not queued (taken
    by another worker, or already finished)."""
    now = utc_now()
    with engine.begin() as connection:
        attempt = connection.execute(
            update(BackgroundJob).where(BackgroundJob.id == job_id, BackgroundJob.status == JobStatus.QUEUED)
            .values(status=JobStatus.RUNNING, attempts=BackgroundJob.attempts + 1, started_at_utc=now,
                    heartbeat_at_utc=now, steps_done=0, step="")
            .returning(BackgroundJob.attempts)).scalar()
    return attempt


def _finish(engine: Engine, job_id: str, attempt: int, **values: Any) -> bool:
    with engine.begin() as connection:
        return bool(connection.execute(update(BackgroundJob).where(
            BackgroundJob.id == job_id, BackgroundJob.attempts == attempt,
            BackgroundJob.status == JobStatus.RUNNING).values(finished_at_utc=utc_now(), **values)).rowcount)


class _Heartbeat:
    """Keeps a running job's heartbeat fresh while one long step (writing a large workbook) runs."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.stopped = progress, threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{progress.job_id}", daemon=True)

    def _run(self) -> None:
        while not self.stopped.wait(HEARTBEAT_EVERY.total_seconds()):
            try:
                self.progress.beat()
            except Exception:  # noqa: BLE001 - a missed beat is retried at the next tick
                pass

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        self.thread.join()


def run_job(engine: Engine, session_factory: Callable[[], Any], job_id: str) -> str:
    """Run job `job_id` once, if it is queued: the work in one unit of work of its own
    (`session_factory` gives a session, committed when the work returns), the outcome recorded.

    Returns the job's status after the run: "done"; "queued" when the work failed and another
    attempt is left (the caller runs it again later); "failed" after the last attempt; "skipped"
    when the job was not queued (another worker took it, or it is finished).
    """
    attempt = _claim(engine, job_id)
    if attempt is None:
        return "skipped"
    progress = Progress(engine, job_id, attempt)
    session = session_factory()
    try:
        job = session.get(BackgroundJob, job_id)
        work = _WORK[job.kind]
        with _Heartbeat(progress):
            made = work(session, job, progress)
            # First: on SQLite the work's own writes (its audit entry) hold the write lock.
            session.commit()
            progress.step("storing")
            _finish(engine, job_id, attempt, status=JobStatus.DONE, step="done", steps_done=progress.done,
                    file=made.file, file_name=made.file_name, media_type=made.media_type,
                    file_size=None if made.file is None else len(made.file), error="")
        return JobStatus.DONE.value
    except Exception as error:  # noqa: BLE001 - recorded on the job, which its owner reads
        session.rollback()
        log.warning("job %s (%s), attempt %s, failed: %s", job_id, _kind_of(engine, job_id), attempt, error,
                    exc_info=True)
        status = JobStatus.QUEUED if attempt < ATTEMPTS else JobStatus.FAILED
        _finish(engine, job_id, attempt, status=status, error=_summary(error))
        return status.value
    finally:
        session.close()


def _kind_of(engine: Engine, job_id: str) -> str:
    with engine.connect() as connection:
        return connection.scalar(select(BackgroundJob.kind).where(BackgroundJob.id == job_id)) or "?"


def _summary(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def stale_jobs(engine: Engine, *, now: dt.datetime | None = None) -> list[str]:
    """Put back in the queue every running job whose worker went silent; their ids, to enqueue."""
    limit = (now or utc_now()) - STALE_AFTER
    with engine.begin() as connection:
        return list(connection.scalars(
            update(BackgroundJob).where(BackgroundJob.status == JobStatus.RUNNING,
                                        BackgroundJob.heartbeat_at_utc < limit)
            .values(status=JobStatus.QUEUED, step="", error="the worker running it stopped; queued again")
            .returning(BackgroundJob.id)))


def queued_jobs(engine: Engine) -> list[str]:
    """Every job waiting for a worker, oldest first."""
    with engine.connect() as connection:
        return list(connection.scalars(select(BackgroundJob.id).where(BackgroundJob.status == JobStatus.QUEUED)
                                       .order_by(BackgroundJob.created_at_utc)))
