"""What an administrator does to accounts: disable and enable, change a staff member's role,
send an invitation again. Each change is audited; disabling or a new role ends every session
and API token of the account at once."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.domain.roles import Role, can_administer
from intake.models import LinkPurpose, SessionEnd, User
from intake.services import audit
from intake.services.accounts import end_every_access
from intake.services.mail import queue_message
from intake.services.onboarding import INVITATION_LIFETIME, one_time_link

STAFF_ROLES = (Role.REVIEWER, Role.ANALYST, Role.ADMIN)


class AdminRefused(ValueError):
    def __init__(self, message_en: str, message_vi: str, status: int = 409) -> None:
        super().__init__(message_en)
        self.message_en, self.message_vi, self.status = message_en, message_vi, status


def _target(session: Session, actor: User, user_id: Any) -> User:
    if not can_administer(actor):
        raise AdminRefused("Only administrators manage accounts.", "Chỉ quản trị viên quản lý tài khoản.", 403)
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None:
        raise AdminRefused("No such account.", "Không có tài khoản này.", 404)
    return user


def _last_admin(session: Session, user: User) -> bool:
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.is_active.is_(True), User.id != user.id))
    return user.role is Role.ADMIN and not others


def set_active(session: Session, actor: User, user_id: Any, active: bool) -> User:
    """Disable (every session and token ends) or enable an account. Raises AdminRefused."""
    user = _target(session, actor, user_id)
    if user.id == actor.id:
        raise AdminRefused("You cannot disable your own account.", "Không thể tự khóa tài khoản của mình.")
    if not active and _last_admin(session, user):
        raise AdminRefused("This is the last active administrator.", "Đây là quản trị viên cuối cùng còn hoạt động.")
    if user.is_active == active:
        return user
    user.is_active = active
    if not active:
        end_every_access(session, user, SessionEnd.DISABLED)
    audit.record(session, actor, "user.enable" if active else "user.disable", object_type="user",
                 object_id=user.id, details={"email": user.email})
    return user


def change_role(session: Session, actor: User, user_id: Any, role: Any) -> User:
    """A staff member's new role (reviewer, analyst, administrator); an enterprise's users stay
    its users. Their sessions end: the next sign-in has the new role's rights. Raises AdminRefused."""
    user = _target(session, actor, user_id)
    try:
        new_role = Role(role)
    except ValueError:
        new_role = None
    if new_role not in STAFF_ROLES or user.role not in STAFF_ROLES:
        raise AdminRefused("Only staff roles change here: reviewer, analyst, administrator.",
                           "Chỉ đổi giữa các vai trò của Sở: thẩm định, phân tích, quản trị.", 400)
    if user.id == actor.id:
        raise AdminRefused("You cannot change your own role.", "Không thể tự đổi vai trò của mình.")
    if new_role is user.role:
        return user
    if _last_admin(session, user):
        raise AdminRefused("This is the last active administrator.", "Đây là quản trị viên cuối cùng còn hoạt động.")
    before, user.role = user.role, new_role
    end_every_access(session, user, SessionEnd.ROLE_CHANGE)
    audit.record(session, actor, "user.role_change", object_type="user", object_id=user.id,
                 details={"email": user.email, "before": before.value, "after": new_role.value})
    return user


def resend_invitation(session: Session, actor: User, user_id: Any, base_url: str) -> User:
    """A new invitation link (7 days) for an account whose owner never set a password; the old
    links stop working. Raises AdminRefused."""
    user = _target(session, actor, user_id)
    if not user.is_active:
        raise AdminRefused("The account is disabled: enable it first.", "Tài khoản đang bị khóa: cần mở khóa trước.")
    if user.password_changed_at_utc - user.created_at_utc > dt.timedelta(seconds=1):
        raise AdminRefused("This person has set a password already: they can ask for a reset on the sign-in page.",
                           "Người này đã đặt mật khẩu: có thể yêu cầu đặt lại ở trang đăng nhập.")
    end_every_access(session, user, SessionEnd.PASSWORD_RESET)  # the earlier links stop working
    link = one_time_link(session, user, LinkPurpose.INVITATION, INVITATION_LIFETIME, base_url)
    queue_message(session, user.email, "Lời mời dùng cổng báo cáo môi trường / Invitation to the reporting portal",
                  f"Sở Công Thương Hà Nội gửi lại lời mời dùng cổng báo cáo môi trường. Đặt mật khẩu trong vòng "
                  f"7 ngày tại:\n{link}\n\nThe Hanoi Department of Industry and Trade sends your invitation again. "
                  f"Set your password within 7 days at:\n{link}\n")
    audit.record(session, actor, "user.invitation_resent", object_type="user", object_id=user.id,
                 details={"email": user.email})
    return user


__all__ = ["AdminRefused", "STAFF_ROLES", "change_role", "resend_invitation", "set_active"]
