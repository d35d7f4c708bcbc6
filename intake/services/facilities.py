"""An enterprise's own facilities."""
from __future__ import annotations

from sqlalchemy.orm import Session

from intake.domain.roles import Role
from intake.models import Commune, Facility, User
from intake.services import audit


class FacilityError(ValueError):
    def __init__(self, message: str, message_vi: str, field: str) -> None:
        super().__init__(message)
        self.message, self.message_vi, self.field = message, message_vi, field


def save_facility(session: Session, actor: User, *, name: str, address: str, commune_code: str,
                  vsic: str | None = None, facility: Facility | None = None) -> Facility:
    """Add a facility to the actor's enterprise, or edit one of its facilities.

    Raises PermissionError for a non-enterprise user or another enterprise's facility, and
    FacilityError for a missing name or a commune outside Hanoi's 126."""
    if actor.role is not Role.ENTERPRISE:
        raise PermissionError("only enterprise users manage their facilities")
    if facility is not None and facility.enterprise_id != actor.enterprise_id:
        raise PermissionError("not this enterprise's facility")
    name = (name or "").strip()
    if not name:
        raise FacilityError("Give the facility's name.", "Cần nhập tên cơ sở.", "name")
    commune = session.get(Commune, (commune_code or "").strip())
    if commune is None:
        raise FacilityError(
            f"{commune_code!r} is not one of Hanoi's 126 ward and commune codes.",
            f"{commune_code!r} không phải mã của một trong 126 phường, xã của Hà Nội.",
            "commune_code")
    created = facility is None
    facility = facility or Facility(enterprise_id=actor.enterprise_id)
    facility.name = name
    facility.address = (address or "").strip()
    facility.commune_code = commune.code
    facility.vsic = (vsic or "").strip() or None
    session.add(facility)
    session.flush()
    audit.record(session, actor, "facility.create" if created else "facility.update",
                 object_type="facility", object_id=facility.id,
                 details={"name": facility.name, "commune_code": facility.commune_code})
    return facility
