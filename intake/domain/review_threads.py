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
