"""The append-only, hash-chained audit log."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column

from intake.models.base import Base, JSONDocument, UTCDateTime, utc_now
from intake.models.reports import _refuse_change


class AuditEntry(Base):
    """One recorded action. `entry_hash` covers the entry and `previous_hash`; the uniqueness of
    `previous_hash` makes a fork of the chain (two writers appending at once) impossible.
    `mac` is HMAC-SHA256 over the id and `entry_hash`, keyed from the application's secret key
    (intake.services.audit); NULL only on entries written before migration 0003."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at_utc: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(60), default="")
    object_id: Mapped[str] = mapped_column(String(60), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    previous_hash: Mapped[str] = mapped_column(String(64), unique=True)
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)
    mac: Mapped[str | None] = mapped_column(String(64))


event.listen(AuditEntry, "before_update", _refuse_change)
event.listen(AuditEntry, "before_delete", _refuse_change)
