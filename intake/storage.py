"""Where uploaded files live: one content-addressed store behind one interface.

A file is kept under the SHA-256 of its bytes, so the same bytes uploaded twice (or carried to a
report's next version) are stored once, and a stored file can be checked against its name at
any time. Files are never deleted here: what a person "removes" is an event in the database,
the bytes stay for the record.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO, Protocol

_DIGEST = re.compile(r"[0-9a-f]{64}")


class BlobMissing(LookupError):
    """No stored file has that SHA-256."""


class BlobStore(Protocol):
    def put(self, data: bytes) -> str: ...
    def open(self, sha256: str) -> BinaryIO: ...
    def read(self, sha256: str) -> bytes: ...
    def exists(self, sha256: str) -> bool: ...


class FolderBlobStore:
    """Files in a folder, fanned out by the first two hex digits (`ab/abcdef…`). A write goes
    to a temporary file first and is renamed into place: a crash never leaves half a file under
    a digest, and two workers storing the same bytes both end with the one complete file."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if not _DIGEST.fullmatch(sha256 or ""):
            raise BlobMissing(sha256)
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        path = self._path(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def exists(self, sha256: str) -> bool:
        try:
            return self._path(sha256).is_file()
        except BlobMissing:
            return False

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self._path(sha256).open("rb")
        except FileNotFoundError as missing:
            raise BlobMissing(sha256) from missing

    def read(self, sha256: str) -> bytes:
        with self.open(sha256) as stored:
            return stored.read()


def blob_store(instance_path: Path | str) -> FolderBlobStore:
    """The instance's store (`<instance>/blobs`)."""
    return FolderBlobStore(Path(instance_path) / "blobs")
