"""Background work: the jobs people asked for, and the queue the worker takes them from.

`BackgroundJob` is what a person sees (status, progress in steps, the file made). The four
`queue_*` tables are huey's storage (`intake.jobs.storage`), kept in the application's own
database so that one SQLite file, or one PostgreSQL server, holds everything: a job queued survives
a restart of the server or of the worker, and any worker on any machine can take it.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now
from intake.models.register import _enum


class JobStatus(str, enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BackgroundJob(Base):
    """One piece of background work and its outcome. The id is a random token: knowing another
    job's number must not be enough to guess it (every read is also scoped to its owner)."""

    __tablename__ = "background_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Exports belong to the analyst who asked; a recalculation asked for by a command has none.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    parameters: Mapped[dict] = mapped_column(JSONDocument, default=dict)
    status: Mapped[JobStatus] = mapped_column(_enum(JobStatus, "job_status"), default=JobStatus.QUEUED,
                                              index=True)
    steps_done: Mapped[int] = mapped_column(Integer, default=0)
    steps_total: Mapped[int] = mapped_column(Integer, default=1)
    # The step under way, as a key of `intake.services.background_jobs.STEP_LABELS`.
    step: Mapped[str] = mapped_column(String(40), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Written at every step: a running job whose heartbeat is old lost its worker.
    heartbeat_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at_utc: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    file_name: Mapped[str] = mapped_column(String(200), default="")
    media_type: Mapped[str] = mapped_column(String(100), default="")
    file_size: Mapped[int | None] = mapped_column(Integer)
    # The file itself, read only when downloaded.
    file: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))


class QueuedTask(Base):
    """A task message waiting for a worker (huey's queue)."""

    __tablename__ = "queue_tasks"
    __table_args__ = (Index("ix_queue_tasks_order", "queue", "priority", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    queue: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    priority: Mapped[float] = mapped_column(Float, default=0.0)


class ScheduledTask(Base):
    """A task message to enqueue at a time: a retry after a delay, or work planned ahead."""

    __tablename__ = "queue_schedule"
    __table_args__ = (Index("ix_queue_schedule_due", "queue", "due_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    queue: Mapped[str] = mapped_column(String(100))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    # Seconds since the epoch, UTC (huey's own clock).
    due_at: Mapped[float] = mapped_column(Float)


class QueueValue(Base):
    """Huey's key-value store: task results, locks, revocations."""

    __tablename__ = "queue_values"

    queue: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)


class QueueCounter(Base):
    __tablename__ = "queue_counters"

    queue: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
