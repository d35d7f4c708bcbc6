"""Facilities as their users may see them (every query starts from `visible_facilities`)."""
from __future__ import annotations

from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.roles import Actor
from intake.domain.workflow import FormKind
from intake.models import Enterprise, Facility, Obligation
from intake.queries.scoping import visible_facilities

_ORDERS = {"name": Facility.name, "id": Facility.id}


def facilities_of(session: Session, actor: Actor, *,
                  order_by: Literal["name", "id"] = "name") -> list[Facility]:
    """The actor's facilities (all of them for Department staff), by name or by id."""
    return list(session.scalars(visible_facilities(actor).order_by(_ORDERS[order_by])))


def facility_of(session: Session, actor: Actor, facility_id: int | None) -> Facility | None:
    """The facility if the actor may see it; None otherwise (never says which)."""
    return session.scalar(visible_facilities(actor).where(Facility.id == facility_id))


def facility_described_by(session: Session, actor: Actor, *, tax_code: str, name: str) -> Facility | None:
    """The registered facility a workbook describes: its enterprise's tax code, and its name
    in any case."""
    return session.scalar(visible_facilities(actor).join(Facility.enterprise).where(
        Enterprise.tax_code == tax_code, func.lower(Facility.name) == name.lower()))


def facilities_not_on_register(session: Session, actor: Actor, form: FormKind) -> list[Facility]:
    """The facilities that could be added to the register of `form`, by name."""
    on_register = select(Obligation.facility_id).where(
        Obligation.form == form, Obligation.removed_at_utc.is_(None))
    return list(session.scalars(
        visible_facilities(actor).where(Facility.id.not_in(on_register)).order_by(Facility.name)))
