"""The register of obliged facilities (plan IV.1 e): who must file which form, and why.

Entries are never deleted: a removal records who removed it, when and why, so the register's
history can always be shown.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.library import load_declarant_sectors
from intake.domain import text_limits
from intake.domain.roles import can_manage_register
from intake.models import Facility, FormKind, Obligation, User
from intake.models.base import utc_now
from intake.services import audit

# The declarants' list: who must declare, Circular 42/2020/TT-BCT (plan IV.1 e).
DECLARATION_LEGAL_BASIS = "Thông tư 42/2020/TT-BCT"
SELF_DECLARED_REASON = "Cơ sở tự nộp kê khai môi trường lần đầu qua cổng"


def enrol_declarant(session: Session, facility: Facility, actor: User | None) -> Obligation | None:
    """Put `facility` on the declarants' list when it files a declaration without being on it:
    a business that declares is one the Department must follow (and count as obliged in the
    compliance figures). Staff may remove it later, with a reason. The entry made, or None
    when the facility is on the list already."""
    active = session.scalar(select(Obligation).where(
        Obligation.facility_id == facility.id, Obligation.form == FormKind.ENV_DECLARATION,
        Obligation.removed_at_utc.is_(None)))
    if active is not None:
        return None
    entry = Obligation(facility=facility, form=FormKind.ENV_DECLARATION, legal_basis=DECLARATION_LEGAL_BASIS,
                       sector=facility.activity or facility.vsic or "", reason=SELF_DECLARED_REASON,
                       added_by_id=actor.id if actor else None)
    session.add(entry)
    session.flush()
    audit.record(session, actor, "register.add", object_type="obligation", object_id=entry.id,
                 details={"facility_id": facility.id, "form": FormKind.ENV_DECLARATION.value,
                          "legal_basis": DECLARATION_LEGAL_BASIS, "reason": SELF_DECLARED_REASON})
    return entry


def annex_basis(sector_key: str) -> tuple[str, str] | None:
    """(legal basis, sector) of an entry made under a sector of Circular 42/2020 Annex I known to
    the library: the basis names the sector and its threshold as the Circular words them."""
    sector = next((s for s in load_declarant_sectors() if s.key == sector_key), None)
    if sector is None:
        return None
    threshold = f", {sector.threshold_vi}" if sector.threshold_vi else ""
    return f"{DECLARATION_LEGAL_BASIS}, Phụ lục I: {sector.name_vi}{threshold}", sector.name_vi


class RegisterError(ValueError):
    """A register change that cannot be made; messages in English and Vietnamese."""

    def __init__(self, message: str, message_vi: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi
        self.field = field


class NotAllowed(PermissionError):
    """The actor's role may not do this."""


def _require_manager(actor: User) -> None:
    if not can_manage_register(actor):
        raise NotAllowed(f"{actor.role.value} may not change the register")


def _check_length(limit: text_limits.TextLimit, text: str, field: str) -> None:
    refusal = limit.refusal(text, field)
    if refusal is not None:
        raise RegisterError(*refusal, field)


def active_entries(session: Session, form: FormKind) -> list[Obligation]:
    return list(session.scalars(
        select(Obligation).join(Obligation.facility)
        .where(Obligation.form == form, Obligation.removed_at_utc.is_(None))
        .order_by(Facility.name)))


def removed_entries(session: Session, form: FormKind) -> list[Obligation]:
    return list(session.scalars(
        select(Obligation).where(Obligation.form == form, Obligation.removed_at_utc.is_not(None))
        .order_by(Obligation.removed_at_utc.desc())))


def add_to_register(session: Session, actor: User, *, facility_id: int, form: FormKind,
                    legal_basis: str, sector: str, reason: str) -> Obligation:
    """Oblige a facility to file `form`. Raises NotAllowed, or RegisterError for an unknown
    facility, a missing or too long legal basis or reason, a too long sector, or a facility
    already on that register."""
    _require_manager(actor)
    legal_basis, reason, sector = legal_basis.strip(), reason.strip(), sector.strip()
    _check_length(text_limits.LEGAL_BASIS, legal_basis, "legal_basis")
    _check_length(text_limits.REGISTER_SECTOR, sector, "sector")
    _check_length(text_limits.REGISTER_REASON, reason, "reason")
    facility = session.get(Facility, facility_id)
    if facility is None:
        raise RegisterError("Unknown facility.", "Không tìm thấy cơ sở.", "facility_id")
    if not legal_basis:
        raise RegisterError("State the legal basis.", "Cần nêu căn cứ pháp lý.", "legal_basis")
    if not reason:
        raise RegisterError("State why the facility is added.", "Cần nêu lý do bổ sung cơ sở.",
                            "reason")
    already = session.scalar(select(Obligation.id).where(
        Obligation.facility_id == facility_id, Obligation.form == form,
        Obligation.removed_at_utc.is_(None)))
    if already is not None:
        raise RegisterError(f"{facility.name} is already on this register.",
                            f"{facility.name} đã có trong danh sách này.", "facility_id")
    entry = Obligation(facility=facility, form=form, legal_basis=legal_basis, sector=sector,
                       reason=reason, added_by_id=actor.id)
    session.add(entry)
    session.flush()
    audit.record(session, actor, "register.add", object_type="obligation", object_id=entry.id,
                 details={"facility_id": facility_id, "form": form.value,
                          "legal_basis": legal_basis, "reason": reason})
    return entry


def remove_from_register(session: Session, actor: User, obligation_id: int, reason: str) -> Obligation:
    """Take a facility off a register, keeping the entry with who, when and why.
    Raises NotAllowed or RegisterError."""
    _require_manager(actor)
    reason = reason.strip()
    _check_length(text_limits.REGISTER_REASON, reason, "reason")
    entry = session.get(Obligation, obligation_id)
    if entry is None or entry.removed_at_utc is not None:
        raise RegisterError("This entry is not on the register.",
                            "Mục này không có trong danh sách.", "obligation_id")
    if not reason:
        raise RegisterError("State why the facility is removed.", "Cần nêu lý do đưa cơ sở ra khỏi danh sách.",
                            "reason")
    entry.removed_at_utc = utc_now()
    entry.removed_by_id = actor.id
    entry.removal_reason = reason
    audit.record(session, actor, "register.remove", object_type="obligation", object_id=entry.id,
                 details={"facility_id": entry.facility_id, "form": entry.form.value, "reason": reason})
    return entry
