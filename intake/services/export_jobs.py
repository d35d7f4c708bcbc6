"""Statistics workbooks built in the background, for the years whose export takes more than a
few seconds. The job's state lives in the instance folder (a JSON file beside the workbook), so
that any gunicorn worker can report its progress and serve the result, and a page reload loses
nothing. Only the user who asked may see or download it."""
from __future__ import annotations

import json
import secrets
import threading
from pathlib import Path
from typing import Any, Callable

STATES = ("queued", "running", "done", "failed")


def _folder(instance_path: str) -> Path:
    folder = Path(instance_path) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _state_path(instance_path: str, user_id: int, job: str) -> Path:
    if not job.isalnum() or len(job) > 64:
        raise ValueError("not a job id")
    return _folder(instance_path) / f"{user_id}-{job}.json"


def job_state(instance_path: str, user_id: int, job: str) -> dict[str, Any] | None:
    try:
        path = _state_path(instance_path, user_id, job)
    except ValueError:
        return None
    return json.loads(path.read_text()) if path.exists() else None


def workbook_path(instance_path: str, user_id: int, job: str) -> Path:
    return _state_path(instance_path, user_id, job).with_suffix(".xlsx")


def _write_state(path: Path, **state: Any) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, ensure_ascii=False))
    temporary.replace(path)  # atomic: a reader never sees half a file


def start_export(instance_path: str, user_id: int, year: int, build: Callable[[], bytes]) -> str:
    """Start building; return the job id. `build` runs in a thread with its own database
    session (the caller provides it, bound to an application context)."""
    job = secrets.token_hex(12)
    state = _state_path(instance_path, user_id, job)
    _write_state(state, status="queued", year=year, progress=0)

    def run() -> None:
        _write_state(state, status="running", year=year, progress=10)
        try:
            data = build()
        except Exception as error:  # noqa: BLE001 - reported to the user, never lost silently
            _write_state(state, status="failed", year=year, progress=100, error=str(error)[:500])
            return
        workbook_path(instance_path, user_id, job).write_bytes(data)
        _write_state(state, status="done", year=year, progress=100, size=len(data))

    threading.Thread(target=run, name=f"export-{job}", daemon=True).start()
    return job
