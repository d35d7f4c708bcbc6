"""An enterprise's team (issue 15): who certifies, who prepares, who administers, and the
consultants it lets prepare its reports. Only the enterprise's administrator changes any of
it (`can_manage_team`), every change is audited, and none commits.

Invariant kept by every change: an enterprise keeps at least one active administrator who
certifies, so that somebody can always submit and manage the team.
"""
from __future__ import annotations

import enum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.roles import Role, can_manage_team
from intake.models import PreparerGrant, User
from intake.models.base import utc_now
from intake.services import audit
from intake.services.mail import queue_message
from intake.services.reports import Conflict, Forbidden, Invalid, NotFound


class Capability(str, enum.Enum):
    PREPARER = "preparer"
    CERTIFIER = "certifier"


def capability_of(user: User) -> Capability:
    return Capability.CERTIFIER if user.can_certify else Capability.PREPARER


def _only_administrators(actor: User) -> None:
    if not can_manage_team(actor):
        raise Forbidden("Only the enterprise's administrator manages its team.",
                        "Chỉ quản trị viên của doanh nghiệp mới được quản lý nhóm.")


def _member(session: Session, admin: User, member_id: object) -> User:
    member = session.get(User, member_id) if isinstance(member_id, int) else None
    if member is None or member.role is not Role.ENTERPRISE or member.enterprise_id != admin.enterprise_id:
        raise NotFound("No such member of your enterprise.",
                       "Không có thành viên này trong doanh nghiệp của bạn.", path="member_id")
    return member


def _certifying_administrators(session: Session, enterprise_id: int) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.enterprise_id == enterprise_id, User.is_active.is_(True),
        User.is_enterprise_admin.is_(True), User.can_certify.is_(True))) or 0


def set_capability(session: Session, admin: User, member_id: object, *, capability: object,
                   administrator: bool) -> User:
    """Make a member of the administrator's enterprise a preparer or a certifier, and an
    administrator or not.

    Raises Forbidden (not the administrator), NotFound (not a member), Invalid (an unknown
    capability), Conflict (the change would leave the enterprise without an administrator
    who certifies)."""
    _only_administrators(admin)
    member = _member(session, admin, member_id)
    try:
        wanted = Capability(capability)
    except ValueError:
        raise Invalid("Choose preparer or certifier.", "Chọn người lập báo cáo hoặc người ký xác nhận.",
                      path="capability") from None
    before = {"can_certify": member.can_certify, "is_enterprise_admin": member.is_enterprise_admin}
    member.can_certify = wanted is Capability.CERTIFIER
    member.is_enterprise_admin = bool(administrator)
    session.flush()
    if _certifying_administrators(session, admin.enterprise_id) == 0:
        raise Conflict(
            "The enterprise must keep at least one administrator who certifies: name another "
            "one before changing this.",
            "Doanh nghiệp phải luôn có ít nhất một quản trị viên có quyền ký xác nhận: hãy chỉ định "
            "người khác trước khi thay đổi.", path="capability")
    after = {"can_certify": member.can_certify, "is_enterprise_admin": member.is_enterprise_admin}
    if after != before:
        audit.record(session, admin, "user.capability_change", object_type="user", object_id=member.id,
                     details={"email": member.email, "before": before, "after": after})
    return member


def grant_preparer(session: Session, admin: User, email: object) -> PreparerGrant:
    """Let a consultant (an enterprise user of another firm, by its account's e-mail) prepare
    the administrator's enterprise's reports. It never certifies them.

    Raises Forbidden (not the administrator), Invalid (no such account, not an enterprise
    user, a member of this same enterprise), Conflict (already granted)."""
    _only_administrators(admin)
    address = str(email or "").strip().lower()[:254]
    grantee = session.scalar(select(User).where(User.email == address)) if address else None
    if grantee is None or not grantee.is_active or grantee.role is not Role.ENTERPRISE:
        raise Invalid("No enterprise account has this e-mail: the consultant needs an account of "
                      "its own firm first.",
                      "Không có tài khoản doanh nghiệp nào với địa chỉ thư điện tử này: đơn vị tư vấn "
                      "cần có tài khoản của chính mình trước.", path="email")
    if grantee.enterprise_id == admin.enterprise_id:
        raise Invalid("This person is already a member of your enterprise.",
                      "Người này đã là thành viên của doanh nghiệp bạn.", path="email")
    existing = session.scalar(select(PreparerGrant).where(
        PreparerGrant.enterprise_id == admin.enterprise_id, PreparerGrant.grantee_id == grantee.id,
        PreparerGrant.revoked_at_utc.is_(None)))
    if existing is not None:
        raise Conflict("This consultant may already prepare your reports.",
                       "Đơn vị tư vấn này đã được quyền lập báo cáo cho doanh nghiệp bạn.", path="email")
    grant = PreparerGrant(enterprise_id=admin.enterprise_id, grantee_id=grantee.id,
                          granted_by_id=admin.id, granted_at_utc=utc_now())
    session.add(grant)
    session.flush()
    client = admin.enterprise
    queue_message(session, grantee.email,
                  f"Được quyền lập báo cáo cho {client.name} / Allowed to prepare reports",
                  f"{client.name} (mã số thuế {client.tax_code}) cho phép bạn lập báo cáo của doanh "
                  "nghiệp trên cổng báo cáo. Bạn không ký xác nhận và không nộp thay doanh nghiệp.\n\n"
                  f"{client.name} (tax code {client.tax_code}) lets you prepare its reports on the "
                  "reporting portal. You do not certify or submit them.\n")
    audit.record(session, admin, "preparer_grant.create", object_type="preparer_grant",
                 object_id=grant.id, details={"grantee": grantee.email, "enterprise": client.tax_code})
    return grant


def revoke_grant(session: Session, admin: User, grant_id: object) -> PreparerGrant:
    """End a consultant's grant at once (its next request no longer sees the enterprise).

    Raises Forbidden (not the administrator), NotFound (no such active grant of the
    enterprise)."""
    _only_administrators(admin)
    grant = session.get(PreparerGrant, grant_id) if isinstance(grant_id, int) else None
    if grant is None or grant.enterprise_id != admin.enterprise_id or grant.revoked_at_utc is not None:
        raise NotFound("No such grant, or already revoked.",
                       "Không có quyền này, hoặc quyền đã bị thu hồi.", path="grant_id")
    grant.revoked_at_utc, grant.revoked_by_id = utc_now(), admin.id
    session.flush()
    audit.record(session, admin, "preparer_grant.revoke", object_type="preparer_grant",
                 object_id=grant.id, details={"grantee": grant.grantee.email,
                                              "enterprise": admin.enterprise.tax_code})
    return grant
