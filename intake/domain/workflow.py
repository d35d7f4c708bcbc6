"""The life of a report as a table: (status, action) → (new status, roles allowed).

One function applies it; anything not in the table is refused. Acceptance is a decision taken
in review: a submitted report is accepted only once its review has started (`start_review`,
its own move), never straight from "submitted". Every applied move becomes a
`ReportEvent` row (who, when, from, to, why) in the service that calls `apply`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from intake.domain.roles import Role


class FormKind(str, enum.Enum):
    GHG_INVENTORY = "ghg-inventory"
    ENV_DECLARATION = "env-declaration"


class ReportStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Action(str, enum.Enum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    RETURN = "return"
    ACCEPT = "accept"
    # A correction of an accepted report (Circular 38 Art. 22): back to a draft for the filer;
    # the accepted version keeps counting until the correction is accepted.
    AMEND = "amend"


class RecordedEvent(str, enum.Enum):
    """Events of a report's history that are no move of the table: its creation, and an
    import by the Department (`import_on_behalf`)."""

    CREATE = "create"
    IMPORT = "import"
    # A preparer asked the enterprise's certifiers to certify and submit (issue 15).
    CERTIFICATION_REQUESTED = "certification_requested"
    # Evidence attached to the working copy, or removed from it (never deleted: issue 15).
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"


# Every kind a `ReportEvent.action` holds: each needs a label where a person reads the history
# (`intake.web.presentation.EVENT_LABELS`).
EVENT_KINDS: tuple[str, ...] = tuple(e.value for e in (*Action, *RecordedEvent))


@dataclass(frozen=True)
class Transition:
    to: ReportStatus
    roles: frozenset[Role]


_ENTERPRISE = frozenset({Role.ENTERPRISE})
_REVIEWER = frozenset({Role.REVIEWER})

TRANSITIONS: dict[tuple[ReportStatus, Action], Transition] = {
    (ReportStatus.DRAFT, Action.SUBMIT): Transition(ReportStatus.SUBMITTED, _ENTERPRISE),
    (ReportStatus.RETURNED, Action.SUBMIT): Transition(ReportStatus.SUBMITTED, _ENTERPRISE),
    (ReportStatus.SUBMITTED, Action.START_REVIEW): Transition(ReportStatus.UNDER_REVIEW, _REVIEWER),
    (ReportStatus.SUBMITTED, Action.RETURN): Transition(ReportStatus.RETURNED, _REVIEWER),
    (ReportStatus.UNDER_REVIEW, Action.RETURN): Transition(ReportStatus.RETURNED, _REVIEWER),
    (ReportStatus.UNDER_REVIEW, Action.ACCEPT): Transition(ReportStatus.ACCEPTED, _REVIEWER),
    (ReportStatus.ACCEPTED, Action.AMEND): Transition(ReportStatus.DRAFT, _ENTERPRISE),
}

# A filer may change the working copy only while the report is with the filer.
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class IllegalTransition(ValueError):
    """The action does not apply to a report in this status."""

    def __init__(self, status: ReportStatus, action: Action) -> None:
        super().__init__(f"cannot {action.value} a report that is {status.value}")
        self.status = status
        self.action = action


class RoleNotAllowed(PermissionError):
    """The action applies, but not for this role."""

    def __init__(self, role: Role, action: Action) -> None:
        super().__init__(f"a user with role {role.value} may not {action.value} a report")
        self.role = role
        self.action = action


def apply(status: ReportStatus, action: Action, role: Role) -> ReportStatus:
    """The status after `action`. Raises IllegalTransition or RoleNotAllowed."""
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        raise IllegalTransition(status, action)
    if role not in transition.roles:
        raise RoleNotAllowed(role, action)
    return transition.to


def is_editable(status: ReportStatus) -> bool:
    return status in EDITABLE_STATUSES
