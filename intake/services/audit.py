"""Appending to the hash-chained audit log, and verifying the chain."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from intake.models import AuditEntry, User
from intake.models.base import utc_now

GENESIS_HASH = "0" * 64


def _entry_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + payload).encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at_utc": entry.at_utc.isoformat(),
        "actor_id": entry.actor_id,
        "actor_email": entry.actor_email,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
    }


def record(session: Session, actor: User | None, action: str, *, object_type: str = "",
           object_id: Any = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry to the audit log (in the caller's transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends across workers: the chain has exactly one tail.
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        at_utc=utc_now().replace(microsecond=0),
        actor_id=actor.id if actor else None,
        actor_email=actor.email if actor else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        details=details or {},
        previous_hash=last.entry_hash if last else GENESIS_HASH,
    )
    entry.entry_hash = _entry_hash(entry.previous_hash, _hashed_fields(entry))
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None


def verify_chain(session: Session) -> ChainCheck:
    """Walk the log in order; report the first entry whose hash or link does not hold."""
    previous = GENESIS_HASH
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        if entry.previous_hash != previous:
            return ChainCheck(count, entry.id, "link to the previous entry is broken")
        if _entry_hash(previous, _hashed_fields(entry)) != entry.entry_hash:
            return ChainCheck(count, entry.id, "entry was altered")
        previous = entry.entry_hash
    return ChainCheck(count, None)
