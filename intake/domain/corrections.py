"""Corrections after acceptance (Circular 38/2025/TT-BTNMT Art. 22, recalculation): what counts
while a correction is under way, and which version a correction corrects.

An accepted report may be amended by a certifier of its enterprise, with a reason: it becomes
a draft again, but its accepted version stays the one counted (statistics, register,
deadlines) until the correction is submitted and accepted; then only the new version counts.
Plain functions over the report's status, its `accepted_version_number` and its events, so
that the web, the API, the copy of record and the queries ask the same question.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from intake.domain.text_limits import CORRECTION_REASON  # noqa: F401 (re-exported)
from intake.domain.workflow import Action, ReportStatus

# report_events.note is TEXT; the bound is one a person never needs to pass (as a review note).


class _Event(Protocol):
    action: str
    note: str


def standing(status: ReportStatus | None, accepted_version_number: int | None) -> ReportStatus | None:
    """The status the register, the deadlines and the reminders see: a report with an
    accepted version was filed and accepted, whatever its correction is doing now (a draft,
    submitted, returned): it is never "late" nor "a draft" for compliance."""
    if accepted_version_number is not None:
        return ReportStatus.ACCEPTED
    return status


def under_correction(status: ReportStatus, accepted_version_number: int | None) -> bool:
    """An accepted report being corrected: its accepted version counts, the working copy is a
    correction of it (not yet accepted)."""
    return accepted_version_number is not None and status is not ReportStatus.ACCEPTED


@dataclass(frozen=True)
class Correction:
    """A correction of accepted version `corrects` (its number), for `reason`."""

    corrects: int
    reason: str


def correction_for_version(events: Iterable[_Event], number: int) -> Correction | None:
    """Whether submitted version `number` is a correction, and of which accepted version: it
    is when an amendment came before its submission with no acceptance in between (a
    correction returned and submitted again still corrects the same accepted version). The
    k-th submission made version k (`submit_report` numbers them so)."""
    submitted = 0
    pending: Correction | None = None
    for event in events:
        if event.action == Action.AMEND.value:
            pending = Correction(submitted, event.note or "")
        elif event.action == Action.SUBMIT.value:
            submitted += 1
            if submitted == number:
                return pending
        elif event.action == Action.ACCEPT.value:
            pending = None
    return None


def open_correction(events: Iterable[_Event], status: ReportStatus,
                    accepted_version_number: int | None) -> Correction | None:
    """The correction under way on a report (None when there is none): of its accepted
    version, with the reason of the latest amendment."""
    if accepted_version_number is None or status is ReportStatus.ACCEPTED:
        return None
    reason = ""
    for event in events:
        if event.action == Action.AMEND.value:
            reason = event.note or ""
    return Correction(accepted_version_number, reason)
