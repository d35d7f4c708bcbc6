"""The notices deadline extensions give (`intake.queries.notifications` lists them with the
others): a filer reads the decisions on its facilities' requests, the desk (reviewers and
administrators) the new requests. Read from the requests themselves, no table of their own;
scoped by `intake.queries.scoping` like every other notice."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from intake.domain.extensions import ExtensionStatus
from intake.domain.roles import Actor, Role
from intake.models import DeadlineExtension, Facility
from intake.queries.scoping import visible_facilities

KINDS = {ExtensionStatus.GRANTED: "extension_granted", ExtensionStatus.REFUSED: "extension_refused",
         ExtensionStatus.PENDING: "extension_requested"}


@dataclass(frozen=True)
class ExtensionNotice:
    at_utc: dt.datetime
    kind: str  # "extension_granted", "extension_refused" (filer), "extension_requested" (desk)
    extension: DeadlineExtension

    @property
    def note(self) -> str:
        """The decision's note for the filer, the request's reason for the desk."""
        return self.extension.reason if self.kind == "extension_requested" else self.extension.decision_note


def _desk(actor: Actor) -> bool:
    return actor.role in (Role.REVIEWER, Role.ADMIN)


def _moment(actor: Actor) -> ColumnElement[dt.datetime] | None:
    if actor.role is Role.ENTERPRISE:
        return DeadlineExtension.decided_at_utc
    if _desk(actor):
        return DeadlineExtension.requested_at_utc
    return None


def _noticed(actor: Actor) -> Select | None:
    """The requests that are the actor's notices, or None for a role that has none."""
    visible = visible_facilities(actor).with_only_columns(Facility.id)
    statement = select(DeadlineExtension).where(DeadlineExtension.facility_id.in_(visible))
    if actor.role is Role.ENTERPRISE:
        return statement.where(DeadlineExtension.decided_at_utc.is_not(None))
    if _desk(actor):
        return statement
    return None


def extension_notices(session: Session, actor: Actor, limit: int) -> list[ExtensionNotice]:
    """The actor's `limit` latest extension notices, newest first."""
    statement, moment = _noticed(actor), _moment(actor)
    if statement is None or moment is None:
        return []
    rows = session.scalars(statement.order_by(moment.desc(), DeadlineExtension.id.desc()).limit(limit))
    if actor.role is Role.ENTERPRISE:
        return [ExtensionNotice(r.decided_at_utc, KINDS[r.status], r) for r in rows if r.decided_at_utc]
    return [ExtensionNotice(r.requested_at_utc, "extension_requested", r) for r in rows]


def count_newer(actor: Actor, newer: Callable[[ColumnElement[dt.datetime]], ColumnElement[bool]]) -> Select | None:
    """A count of the actor's extension notices for which `newer(moment)` holds, as a statement
    (`notifications.count_new` adds it to its one query); None for a role that has none."""
    statement, moment = _noticed(actor), _moment(actor)
    if statement is None or moment is None:
        return None
    return statement.where(newer(moment)).with_only_columns(func.count())
