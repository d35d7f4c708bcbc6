"""An enterprise's own facilities."""
from __future__ import annotations

from sqlalchemy.orm import Session

from intake.domain import text_limits
from intake.domain.roles import Role
from intake.models import Commune, Facility, User
from intake.queries.scoping import visible_facilities
from intake.services import audit


class FacilityError(ValueError):
    """A facility that cannot be saved: `field` names the input, `code` the rule."""

    def __init__(self, message: str, message_vi: str, field: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message, self.message_vi, self.field, self.code = message, message_vi, field, code


def _check_lengths(**texts: str) -> None:
    for field, text in texts.items():
        refusal = _LIMITS[field].refusal(text, field)
        if refusal is not None:
            raise FacilityError(*refusal, field, code="too_long")


COMMUNE_CODE_WIDTH = 5

_LIMITS = {"name": text_limits.FACILITY_NAME, "address": text_limits.FACILITY_ADDRESS,
           "vsic": text_limits.FACILITY_VSIC}


def save_facility(session: Session, actor: User, *, name: str, address: str, commune_code: str,
                  vsic: str | None = None, facility: Facility | None = None) -> Facility:
    """Add a facility to the actor's enterprise, or edit one of the facilities it sees (its
    own, or a client's that granted it the right to prepare, `intake.queries.scoping`).

    Raises PermissionError for a non-enterprise user or another enterprise's facility, and
    FacilityError for a missing name, a text longer than its column (`too_long`, naming the
    field) or a commune outside Hanoi's 126."""
    if actor.role is not Role.ENTERPRISE:
        raise PermissionError("only enterprise users manage their facilities")
    if facility is not None and session.scalar(
            visible_facilities(actor).where(Facility.id == facility.id).with_only_columns(Facility.id)) is None:
        raise PermissionError("not this enterprise's facility")
    name, address, vsic = (name or "").strip(), (address or "").strip(), (vsic or "").strip()
    if not name:
        raise FacilityError("Give the facility's name.", "Cần nhập tên cơ sở.", "name")
    _check_lengths(name=name, address=address, vsic=vsic)
    code = (commune_code or "").strip()
    commune = session.get(Commune, code) if len(code) <= COMMUNE_CODE_WIDTH else None
    if commune is None:
        shown = code[:COMMUNE_CODE_WIDTH * 4]  # echoed, but never a whole hostile input
        raise FacilityError(
            f"“{shown}” is not one of Hanoi's 126 ward and commune codes.",
            f"“{shown}” không phải mã của một trong 126 phường, xã của Hà Nội.",
            "commune_code")
    created = facility is None
    facility = facility or Facility(enterprise_id=actor.enterprise_id)
    facility.name = name
    facility.address = address
    facility.commune_code = commune.code
    facility.vsic = vsic or None
    session.add(facility)
    session.flush()
    audit.record(session, actor, "facility.create" if created else "facility.update",
                 object_type="facility", object_id=facility.id,
                 details={"name": facility.name, "commune_code": facility.commune_code})
    return facility
