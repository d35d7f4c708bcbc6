"""Appending to the hash-chained audit log, and verifying the record: the chain and every
submitted version.

What makes the record prove itself, and against whom:

- The hash chain: each entry's hash covers its fields and the previous entry's hash, so an
  entry altered or removed in the middle breaks the next link. Anyone can recompute it, so on
  its own it does not stop a person with write access to the database from rewriting the chain
  from some entry on, or appending a forged entry.
- A keyed MAC on each entry: HMAC-SHA256 over the entry's sequence (id) and hash, keyed from
  the application's secret key, which a person with access to the database alone does not
  have. A forged, appended or rewritten entry has no MAC that holds.
- Anchors outside the database: a checkpoint (`intake audit checkpoint`) and every receipt
  print the sequence and chain hash of an entry; the chain must still hold that entry as it
  was. This is what finds the last entries deleted (no MAC can vouch for an entry that is gone).
- Every submitted version: its stored document must match its SHA-256, and that SHA-256 the one
  recorded in its submission's audit entry; each version has exactly one such entry.

The MAC key is derived from `SECRET_KEY`: rotating the secret key makes the MACs of the entries
written before unverifiable, so keep it (the instance's `secret_key` file or
`INTAKE_SECRET_KEY`) as long as the log.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session

from intake.models import AuditEntry, ReportVersion, User
from intake.models.base import utc_now

GENESIS_HASH = "0" * 64
SUBMIT_ACTION = "report.submit"
CHECKPOINT_FORMAT = "intake-audit-checkpoint/1"
_MAC_KEY_LABEL = b"intake audit log MAC key v1"

# The MAC key of each database the application uses, set by `create_app` (`use_secret_key`).
# Keyed by engine rather than read from `flask.current_app`: services also run outside an
# application context (tests, scripts), on sessions bound to the application's engine.
_mac_keys: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


class AuditKeyMissing(RuntimeError):
    """The audit log of this database cannot be written or checked: no key was set for it."""


def use_secret_key(engine: Engine, secret_key: str) -> None:
    """Key the audit log of `engine`'s database from the application's secret key.

    A key of its own, derived with a fixed label, so that the MAC key is never the raw key
    Flask signs session cookies with."""
    _mac_keys[engine] = hmac.new(secret_key.encode("utf-8"), _MAC_KEY_LABEL, hashlib.sha256).digest()


def _mac_key(session: Session) -> bytes:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    try:
        return _mac_keys[engine]
    except KeyError:
        raise AuditKeyMissing("no audit key for this database: build the engine with "
                              "intake.create_app, which keys the audit log") from None


def _entry_hash(previous_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256((previous_hash + payload).encode("utf-8")).hexdigest()


def _entry_mac(key: bytes, sequence: int, entry_hash: str) -> str:
    # The sequence is covered too (the hash is not): an entry cannot be renumbered, so the
    # sequence printed on a receipt or in a checkpoint names one entry for good.
    return hmac.new(key, f"{sequence}:{entry_hash}".encode("ascii"), hashlib.sha256).hexdigest()


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


def _next_sequence(session: Session, last: AuditEntry | None) -> int:
    # The MAC covers the id, so the id is chosen before the insert (an entry is never updated).
    if session.get_bind().dialect.name == "postgresql":
        return int(session.scalar(text("SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))")))
    # SQLite allots max(rowid) + 1 itself; appends are serialised by its write lock, and two
    # appends on the same tail would collide on `previous_hash` anyway.
    return last.id + 1 if last else 1


def record(session: Session, actor: User | None, action: str, *, object_type: str = "",
           object_id: Any = "", details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry to the audit log (in the caller's transaction).

    Raises AuditKeyMissing if the session's engine was not built by `create_app`."""
    key = _mac_key(session)
    if session.get_bind().dialect.name == "postgresql":
        # Serialise appends across workers: the chain has exactly one tail.
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        id=_next_sequence(session, last),
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
    entry.mac = _entry_mac(key, entry.id, entry.entry_hash)
    session.add(entry)
    session.flush()
    return entry


def submission_entry(session: Session, report_id: int, version_number: int) -> AuditEntry | None:
    """The audit entry that recorded the submission of version `version_number` of a report."""
    entries = session.scalars(select(AuditEntry).where(
        AuditEntry.action == SUBMIT_ACTION, AuditEntry.object_type == "report",
        AuditEntry.object_id == str(report_id)).order_by(AuditEntry.id))
    return next((entry for entry in entries if entry.details.get("version") == version_number), None)


# --- checkpoints ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain at one moment, to be archived outside the database. `sequence` 0
    with the genesis hash is the checkpoint of an empty log."""

    sequence: int
    entry_hash: str
    mac: str | None
    entries: int
    at_utc: str
    written_at_utc: str

    def to_json(self) -> str:
        return json.dumps({"format": CHECKPOINT_FORMAT, "sequence": self.sequence,
                           "hash": self.entry_hash, "mac": self.mac, "entries": self.entries,
                           "at_utc": self.at_utc, "written_at_utc": self.written_at_utc},
                          indent=2) + "\n"

    @classmethod
    def from_json(cls, raw: str) -> Checkpoint:
        """Raises ValueError, saying what is wrong, on text that is not a checkpoint."""
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON ({error.msg}, line {error.lineno})") from None
        if not isinstance(data, dict) or data.get("format") != CHECKPOINT_FORMAT:
            raise ValueError(f'not an audit checkpoint (no "format": "{CHECKPOINT_FORMAT}")')
        sequence, entry_hash, mac, entries = (data.get(name)
                                              for name in ("sequence", "hash", "mac", "entries"))
        if not (type(sequence) is int and sequence >= 0 and type(entries) is int and entries >= 0):
            raise ValueError('"sequence" and "entries" must be whole numbers')
        if not _is_sha256(entry_hash) or not (mac is None or _is_sha256(mac)):
            raise ValueError('"hash" (and "mac", unless null) must be 64 hexadecimal digits')
        return cls(sequence, entry_hash, mac, entries, str(data.get("at_utc", "")),
                   str(data.get("written_at_utc", "")))


def _is_sha256(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def checkpoint(session: Session) -> Checkpoint:
    """The chain's head now (its last entry), with the number of entries up to it."""
    last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    now = utc_now().replace(microsecond=0).isoformat()
    if last is None:
        return Checkpoint(0, GENESIS_HASH, None, 0, "", now)
    # Counted up to the head read, not "now": an entry appended in between is not the checkpoint's.
    count = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= last.id))
    return Checkpoint(last.id, last.entry_hash, last.mac, int(count or 0), last.at_utc.isoformat(), now)


# --- verification ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ChainCheck:
    """The outcome of a verification. `problem` says what is wrong and where, in one line;
    `first_broken_id` is the audit entry at fault, when the fault is in an entry."""

    entries: int
    first_broken_id: int | None
    reason: str = ""
    versions: int = 0
    unkeyed_entries: int = 0
    where: str = ""

    @property
    def intact(self) -> bool:
        return not self.reason

    @property
    def problem(self) -> str:
        return f"{self.where}: {self.reason}" if self.reason else ""


# What each audit entry recorded about a submitted version: (report id, version number) ->
# [(entry id, SHA-256 recorded)], one item unless an entry was forged.
Submissions = dict[tuple[int, int], list[tuple[int, Any]]]


@contextmanager
def _streamed(session: Session, statement: Any, *, scalars: bool = False) -> Iterator[Any]:
    """Rows in batches (a server-side cursor on PostgreSQL), closed even when the walk stops
    at the first problem."""
    result = session.execute(statement.execution_options(yield_per=500))
    try:
        yield result.scalars() if scalars else result
    finally:
        result.close()


def verify_chain(session: Session) -> ChainCheck:
    """Walk the log in order; report the first entry whose link, hash or MAC does not hold.

    Entries written before entries carried a MAC (migration 0003) have none: they are accepted
    only as the beginning of the chain; once an entry with a MAC appears, every later one must
    have one. The migration does not compute MACs for them: it may run with another secret key
    than the application (another instance folder, another environment), and MACs made with
    the wrong key would be a permanent false alarm on rows that can never be changed. Those
    early entries are vouched for by the later MACs (each later hash covers them) and by the
    anchors outside the database. The price of the rule: a chain stripped of every MAC and
    rewritten whole looks like such an early chain; only an anchor finds that, which is why a
    checkpoint records its entry's MAC as well as its hash. Raises AuditKeyMissing."""
    return _walk(session, _mac_key(session), {})


def _walk(session: Session, key: bytes, submissions: Submissions) -> ChainCheck:
    previous = GENESIS_HASH
    count = unkeyed = 0
    with _streamed(session, select(AuditEntry).order_by(AuditEntry.id), scalars=True) as entries:
        for entry in entries:
            # Entries without a MAC only ever form the beginning: any other earlier one had one.
            earlier_had_mac = count > unkeyed
            count += 1
            problem = _entry_problem(entry, previous, key, keyed=earlier_had_mac)
            if problem is None and entry.action == SUBMIT_ACTION:
                problem = _note_submission(entry, submissions)
            if problem is not None:
                return ChainCheck(count, entry.id, problem, unkeyed_entries=unkeyed,
                                  where=f"entry {entry.id}")
            unkeyed += entry.mac is None
            previous = entry.entry_hash
    return ChainCheck(count, None, unkeyed_entries=unkeyed)


def _entry_problem(entry: AuditEntry, previous: str, key: bytes, *, keyed: bool) -> str | None:
    """What is wrong with one entry, given the hash before it and whether an earlier entry
    carried a MAC; None if nothing."""
    if entry.previous_hash != previous:
        return "link to the previous entry is broken (an entry before it is missing or was inserted)"
    if _entry_hash(previous, _hashed_fields(entry)) != entry.entry_hash:
        return "entry was altered (its hash does not match its content)"
    if entry.mac is None:
        return ("entry has no MAC after entries that have one (inserted or rewritten without "
                "the key)") if keyed else None
    if not hmac.compare_digest(entry.mac, _entry_mac(key, entry.id, entry.entry_hash)):
        return ("entry's MAC does not hold (forged or rewritten without the key, or the secret "
                "key changed)")
    return None


def _note_submission(entry: AuditEntry, submissions: Submissions) -> str | None:
    details = entry.details if isinstance(entry.details, dict) else {}
    try:
        version = (int(entry.object_id), int(details["version"]))
    except (KeyError, TypeError, ValueError):
        return "submission entry names no report version"
    submissions.setdefault(version, []).append((entry.id, details.get("sha256")))
    return None


def _check_checkpoint(session: Session, chain: ChainCheck, held: Checkpoint) -> ChainCheck:
    def broken(reason: str) -> ChainCheck:
        return ChainCheck(chain.entries, held.sequence or None, reason,
                          unkeyed_entries=chain.unkeyed_entries, where=f"checkpoint entry {held.sequence}")

    if held.sequence == 0:
        return chain if held.entry_hash == GENESIS_HASH else broken("an empty log's checkpoint with a hash")
    entry = session.get(AuditEntry, held.sequence)
    if entry is None:
        return broken("the chain no longer holds this entry (truncated)")
    if entry.entry_hash != held.entry_hash:
        return broken("the entry's hash differs from the checkpoint (the chain was rewritten)")
    if held.mac is not None and entry.mac is None:
        return broken("the entry lost the MAC the checkpoint recorded (the chain was rewritten)")
    if held.mac is not None and entry.mac != held.mac:
        # The walk found the entry's own MAC sound: it is the file that does not hold.
        return broken("the checkpoint's MAC does not hold for this entry (the checkpoint file "
                      "was altered)")
    up_to = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.id <= held.sequence))
    if up_to != held.entries:
        return broken(f"{up_to} entries up to it where the checkpoint counted {held.entries}")
    return chain


def _check_versions(session: Session, chain: ChainCheck, submissions: Submissions) -> ChainCheck:
    statement = (select(ReportVersion.report_id, ReportVersion.number, ReportVersion.canonical_json,
                        ReportVersion.sha256).order_by(ReportVersion.report_id, ReportVersion.number))
    versions = 0
    with _streamed(session, statement) as rows:
        for report_id, number, canonical, stored_sha256 in rows:
            versions += 1
            problem = _version_problem(canonical, stored_sha256, submissions.pop((report_id, number), []))
            if problem is not None:
                reason, entry_id = problem
                return ChainCheck(chain.entries, entry_id, reason, versions, chain.unkeyed_entries,
                                  where=f"report {report_id} version {number}")
    if submissions:
        (report_id, number), recorded = min(submissions.items(), key=lambda item: item[1][0][0])
        entry_id = recorded[0][0]
        return ChainCheck(chain.entries, entry_id, f"records the submission of report {report_id} "
                          f"version {number}, which is missing", versions, chain.unkeyed_entries,
                          where=f"entry {entry_id}")
    return ChainCheck(chain.entries, None, versions=versions, unkeyed_entries=chain.unkeyed_entries)


def _version_problem(canonical: str, stored_sha256: str,
                     recorded: list[tuple[int, Any]]) -> tuple[str, int | None] | None:
    """What is wrong with one version (and the audit entry at fault, if any); None if nothing."""
    if hashlib.sha256(canonical.encode("utf-8")).hexdigest() != stored_sha256:
        return "the stored document does not match its SHA-256", None
    if not recorded:
        return "no submission entry in the audit log records this version", None
    if len(recorded) > 1:
        return (f"audit entries {', '.join(str(entry_id) for entry_id, _ in recorded)} each "
                "record its submission"), recorded[1][0]
    entry_id, recorded_sha256 = recorded[0]
    if recorded_sha256 != stored_sha256:
        return (f"its SHA-256 differs from the one its submission's audit entry {entry_id} "
                "recorded"), entry_id
    return None


def _read_one_snapshot(session: Session) -> None:
    """The log, then the versions: both must be read from one snapshot, or a submission
    committed in between would look like a version without its entry. PostgreSQL: a
    REPEATABLE READ transaction; SQLite: a read transaction (in WAL mode writers go on beside
    it). A session already in a transaction keeps it (its caller chose its isolation)."""
    current = session() if isinstance(session, scoped_session) else session  # Flask-SQLAlchemy's
    if current.in_transaction():
        return
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return
    connection = session.connection()
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def verify_record(session: Session, held: Checkpoint | None = None) -> ChainCheck:
    """The whole check of `intake audit verify`: the chain (links, hashes, MACs), then that the
    chain still holds the checkpoint's entry as recorded (if one is given), then every
    submitted version against its SHA-256 and its submission's audit entry. Stops at the first
    problem. Call it outside a transaction, so that it reads one snapshot of the database (the
    caller ends the transaction). Raises AuditKeyMissing."""
    key = _mac_key(session)
    _read_one_snapshot(session)
    submissions: Submissions = {}
    chain = _walk(session, key, submissions)
    if chain.intact and held is not None:
        chain = _check_checkpoint(session, chain, held)
    if not chain.intact:
        return chain
    return _check_versions(session, chain, submissions)
