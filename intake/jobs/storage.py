"""Huey's storage in the application's own database, through SQLAlchemy.

Huey ships a SQL storage of its own, but on peewee: a second ORM, a second connection string and
tables outside the migrations. This is the same design (huey's `contrib.sql_huey.SqlStorage`) on
the engine the application already has: the tables are in `intake.models.jobs` and created by
Alembic, and the same code serves SQLite and PostgreSQL.

Taking a task must be atomic between worker processes: a single `DELETE … RETURNING` of the
oldest row, which PostgreSQL runs under `FOR UPDATE SKIP LOCKED` (two workers never wait on, or
take, the same row) and SQLite under its one writer lock.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from huey.constants import EmptyData
from huey.storage import BaseStorage
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from intake.models.jobs import QueueCounter, QueuedTask, QueueValue, ScheduledTask


def _seconds(moment: dt.datetime) -> float:
    # Huey passes naive datetimes in UTC (utc=True); .timestamp() alone would read local time.
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)).timestamp()


class DatabaseStorage(BaseStorage):
    """`engine` is a callable giving the engine to use at each call: the web process and the
    worker each resolve it from their own application."""

    blocking = False  # the consumer polls, backing off while the queue is empty

    def __init__(self, name: str = "huey", engine: Callable[[], Engine] | None = None, **kwargs) -> None:
        super().__init__(name)
        if engine is None:
            raise ValueError("DatabaseStorage needs engine=, a callable that gives the engine")
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine()

    def _first_of(self, table, order, *where):
        """Delete and return the data of the first row of `table` in `order`, or None."""
        chosen = (select(table.id).where(table.queue == self.name, *where).order_by(*order).limit(1)
                  .with_for_update(skip_locked=True).scalar_subquery())
        with self.engine.begin() as connection:
            return connection.execute(delete(table).where(table.id == chosen)
                                      .returning(table.data)).scalar()

    # The queue.

    def enqueue(self, data: bytes, priority: float | None = None) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(QueuedTask).values(queue=self.name, data=data,
                                                         priority=priority or 0.0))

    def dequeue(self) -> bytes | None:
        return self._first_of(QueuedTask, (QueuedTask.priority.desc(), QueuedTask.id))

    def queue_size(self) -> int:
        return self._count(QueuedTask)

    def enqueued_items(self, limit: int | None = None) -> list[bytes]:
        query = (select(QueuedTask.data).where(QueuedTask.queue == self.name)
                 .order_by(QueuedTask.priority.desc(), QueuedTask.id).limit(limit))
        with self.engine.connect() as connection:
            return list(connection.scalars(query))

    def flush_queue(self) -> None:
        self._flush(QueuedTask)

    # The schedule (retries after a delay, tasks planned for later).

    def add_to_schedule(self, data: bytes, timestamp) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(ScheduledTask).values(queue=self.name, data=data,
                                                            due_at=_seconds(timestamp)))

    def read_schedule(self, timestamp) -> list[bytes]:
        due = _seconds(timestamp)
        with self.engine.begin() as connection:
            rows = connection.execute(
                select(ScheduledTask.id, ScheduledTask.data)
                .where(ScheduledTask.queue == self.name, ScheduledTask.due_at <= due)
                .order_by(ScheduledTask.due_at, ScheduledTask.id)
                .with_for_update(skip_locked=True)).all()
            if not rows:
                return []
            connection.execute(delete(ScheduledTask).where(ScheduledTask.id.in_([row.id for row in rows])))
            return [row.data for row in rows]

    def schedule_size(self) -> int:
        return self._count(ScheduledTask)

    def scheduled_items(self, limit: int | None = None) -> list[bytes]:
        query = (select(ScheduledTask.data).where(ScheduledTask.queue == self.name)
                 .order_by(ScheduledTask.due_at).limit(limit))
        with self.engine.connect() as connection:
            return list(connection.scalars(query))

    def flush_schedule(self) -> None:
        self._flush(ScheduledTask)

    # The key-value store (locks, revocations, results when asked for).

    def put_data(self, key: str, value: bytes, is_result: bool = False) -> None:
        with self.engine.begin() as connection:
            changed = connection.execute(update(QueueValue).where(
                QueueValue.queue == self.name, QueueValue.key == key).values(value=value)).rowcount
            if not changed:
                connection.execute(insert(QueueValue).values(queue=self.name, key=key, value=value))

    def peek_data(self, key: str):
        with self.engine.connect() as connection:
            value = connection.scalar(select(QueueValue.value).where(
                QueueValue.queue == self.name, QueueValue.key == key))
        return EmptyData if value is None else value

    def pop_data(self, key: str):
        with self.engine.begin() as connection:
            value = connection.execute(delete(QueueValue).where(
                QueueValue.queue == self.name, QueueValue.key == key).returning(QueueValue.value)).scalar()
        return EmptyData if value is None else value

    def has_data_for_key(self, key: str) -> bool:
        return self.peek_data(key) is not EmptyData

    def put_if_empty(self, key: str, value: bytes, ttl=None) -> bool:
        if ttl is not None:
            raise NotImplementedError("ttl is not supported by this storage")
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(QueueValue).values(queue=self.name, key=key, value=value))
        except IntegrityError:
            return False
        return True

    def result_store_size(self) -> int:
        return self._count(QueueValue)

    def result_items(self) -> dict[str, bytes]:
        with self.engine.connect() as connection:
            return dict(connection.execute(select(QueueValue.key, QueueValue.value)
                                           .where(QueueValue.queue == self.name)).all())

    def flush_results(self) -> None:
        self._flush(QueueValue)

    # Counters.

    def incr(self, key: str, amount: int = 1) -> int:
        where = (QueueCounter.queue == self.name, QueueCounter.key == key)
        for _attempt in range(3):
            try:
                with self.engine.begin() as connection:
                    value = connection.execute(update(QueueCounter).where(*where)
                                               .values(value=QueueCounter.value + amount)
                                               .returning(QueueCounter.value)).scalar()
                    if value is None:
                        connection.execute(insert(QueueCounter).values(queue=self.name, key=key, value=amount))
                        value = amount
                    return value
            except IntegrityError:  # another process made the counter first: add to it
                continue
        raise RuntimeError(f"counter {key!r} could not be incremented")

    def delete_counter(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(QueueCounter).where(QueueCounter.queue == self.name,
                                                          QueueCounter.key == key))

    def flush_counters(self) -> None:
        self._flush(QueueCounter)

    def _count(self, table) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(table).where(table.queue == self.name))

    def _flush(self, table) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(table).where(table.queue == self.name))
