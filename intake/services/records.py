"""The copy of record of a version is fixed bytes.

The PDF printed from a version depends on more than the version: the report's current status,
the comments released since, and the layout of the release that prints it. A signature over a
copy of record must stay verifiable after the report is accepted and after an upgrade, so the
first time a version's copy of record is produced its bytes are stored (content-addressed,
`intake.storage`) and recorded (`VersionRecord`); every later download serves those bytes.
"""
from __future__ import annotations

import hashlib

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from intake.database import begin_writing
from intake.models import Report, ReportVersion, VersionRecord
from intake.queries.signatures import frozen_record
from intake.services.documents_pdf import full_report_pdf_file
from intake.storage import BlobMissing, BlobStore


class RecordLost(RuntimeError):
    """The stored bytes of a frozen copy of record are missing and cannot be printed again
    identically: the instance folder lost a file (restore it from the backup)."""


def copy_of_record(session: Session, report: Report, version: ReportVersion, *, base_url: str,
                   store: BlobStore) -> bytes:
    """The copy of record of `version` (of `report`, which the caller has checked the actor
    may see): the frozen bytes, frozen now if this is the first time. The caller commits (a
    GET commits too: the unit of work commits every successful request).

    Of two first productions at the same moment one row wins (unique `version_id`) and both
    answer with its bytes. Raises RecordLost."""
    version_id = version.id
    frozen = frozen_record(session, version_id)
    if frozen is not None:
        return _read(session, report, version, frozen.sha256, base_url=base_url, store=store)
    data = full_report_pdf_file(report, version, base_url=base_url).getvalue()
    # The bytes first: a row never names a file that is not there (a file without a row is
    # harmless, and the same bytes later are the same file).
    sha256 = store.put(data)
    begin_writing(session)
    winner = frozen_record(session, version_id)
    if winner is None:
        try:
            with session.begin_nested():
                session.add(VersionRecord(version_id=version_id, sha256=sha256, size=len(data)))
                session.flush()
        except IntegrityError:
            winner = frozen_record(session, version_id)
            if winner is None:
                raise
    if winner is not None and winner.sha256 != sha256:
        return store.read(winner.sha256)
    return data


def _read(session: Session, report: Report, version: ReportVersion, sha256: str, *,
          base_url: str, store: BlobStore) -> bytes:
    try:
        return store.read(sha256)
    except BlobMissing:
        # Printed again, the same bytes restore the file; any other bytes would not be the
        # copy that was frozen (and perhaps signed).
        data = full_report_pdf_file(report, version, base_url=base_url).getvalue()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise RecordLost(f"the frozen copy of record {sha256} of version {version.id} is "
                             "missing from the file store") from None
        store.put(data)
        return data
