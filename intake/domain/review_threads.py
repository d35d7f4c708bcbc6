"""A review comment is a thread: the reviewer's comment, the replies, and a state.

A thread is `open` until someone resolves it: the filer (who answered it by correcting the
report) or a reviewer; a reviewer may reopen it. On acceptance, a thread still open either
blocks the acceptance or is `closed` by the reviewer with a note (the acceptance's own record).
Internal notes are threads of the review desk alone: they never block anything.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from forms.definition import Group, Table, is_index, path_parts
from intake.domain.review_checklist import ChecklistItem


class ThreadStatus(str, enum.Enum):
    OPEN = "open"
    RESOLVED = "resolved"
    CLOSED = "closed"  # closed by the reviewer on acceptance, with a note


THREAD_STATUS_NAMES = {
    ThreadStatus.OPEN: ("Đang mở", "Open"),
    ThreadStatus.RESOLVED: ("Đã giải quyết", "Resolved"),
    ThreadStatus.CLOSED: ("Đã đóng khi chấp nhận", "Closed on acceptance"),
}


def unexplained_items(items: Iterable[ChecklistItem], answers: Mapping[str, Any] | None
                      ) -> list[ChecklistItem]:
    """The checklist items neither ticked nor explained: an unticked item needs a note saying
    why the report is accepted all the same."""
    answers = answers or {}
    missing = []
    for item in items:
        answer = answers.get(item.key) or {}
        if not answer.get("ok") and not str(answer.get("note") or "").strip():
            missing.append(item)
    return missing


@dataclass(frozen=True)
class Readiness:
    """What stands between a report under review and its acceptance."""

    under_review: bool
    checklist_missing: tuple[ChecklistItem, ...]
    open_threads: tuple[Any, ...]  # ReviewComment rows, non-internal and open
    checklist_recorded: bool = False  # a checklist was saved for this version

    @property
    def ready(self) -> bool:
        return self.under_review and not self.checklist_missing and not self.open_threads


# --- where a comment is: anchored by row key, not by position ----------------------------------
#
# A comment is written on a path of one version (`years[0].sources[2].quantity`). The filer then
# adds, removes or reorders source lines: position 2 may now be another line. So each row step
# of the path is stored with the row's key (`Table.row_key`: the year 2024, the source "LH-03")
# and found again by it in the document shown; the position stays only for rows without a key.
# A row no longer there is said to be removed, never replaced by the line now in its place.

REMOVED_LINE = ("dòng đã bị xoá", "the line was removed")

Anchor = list  # JSON: keys (str) and row steps ({"index": n} or {"index": n, "key": "LH-03"})


@dataclass(frozen=True)
class Place:
    """Where a comment is in one document: its `path` there ("" for the whole report or when
    `removed`), and whether the row it was written on is gone."""

    path: str
    removed: bool = False


def _key_text(value: Any) -> str | None:
    """A row key as compared between versions ("2024" and 2024 are one year); None when the
    row has no usable key."""
    if value is None or value == "" or isinstance(value, (dict, list, bool)):
        return None
    return str(value)


def _child(container: Any, key: str) -> Any:
    return container.child(key) if container is not None and hasattr(container, "child") else None


def anchor_of(form: Any, path: str, document: Mapping[str, Any] | None) -> Anchor | None:
    """The anchor of `path` written on `document` (the version commented): None when the path
    names no row (it needs no anchor) or is not a path of the form's rows."""
    parts = path_parts(path or "")
    if not any(is_index(part) for part in parts):
        return None
    steps: Anchor = []
    container, value, table = form, document, None
    for part in parts:
        if is_index(part):
            if not part.isdecimal():
                return None
            index = int(part)
            rows = value if isinstance(value, list) else []
            row = rows[index] if index < len(rows) else None
            step: dict[str, Any] = {"index": index}
            key = _key_text(row.get(table.row_key)) if table is not None and table.row_key \
                and isinstance(row, Mapping) else None
            siblings = [_key_text(r.get(table.row_key)) for r in rows if isinstance(r, Mapping)] \
                if key is not None else []
            if key is not None and siblings.count(key) == 1:  # a duplicated key names no one row
                step["key"] = key
            steps.append(step)
            value = row
            continue
        steps.append(part)
        node = _child(container, part)
        value = value.get(part) if isinstance(value, Mapping) else None
        table = node if isinstance(node, Table) else None
        container = node if isinstance(node, (Group, Table)) else None
    return steps


def place_in(form: Any, anchor: Anchor | None, path: str,
             document: Mapping[str, Any] | None) -> Place:
    """Where a comment on `path` (anchored by `anchor`, None for a comment kept positional)
    is in `document`: each row found by its key, else by its position; `removed` when a row
    is no longer there."""
    if not anchor:
        return Place(path or "")
    out = ""
    container, value, table = form, document, None
    for step in anchor:
        if isinstance(step, Mapping):
            rows = value if isinstance(value, list) else []
            index = _row_index(rows, step, table)
            if index is None:
                return Place("", removed=True)
            out += f"[{index}]"
            value = rows[index]
            continue
        step = str(step)
        out += f".{step}" if out else step
        node = _child(container, step)
        value = value.get(step) if isinstance(value, Mapping) else None
        table = node if isinstance(node, Table) else None
        container = node if isinstance(node, (Group, Table)) else None
    return Place(out)


def _row_index(rows: list, step: Mapping[str, Any], table: Any) -> int | None:
    if "key" in step and table is not None and table.row_key:
        return next((i for i, row in enumerate(rows) if isinstance(row, Mapping)
                     and _key_text(row.get(table.row_key)) == step["key"]), None)
    index = step.get("index")
    if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(rows):
        return index
    return None
