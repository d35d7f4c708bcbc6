"""Accounts issued through the Department (Circular 42/2020/TT-BCT, Art. 4): an enterprise
asks, a reviewer approves; the first user invites colleagues; anyone may reset a forgotten
password by e-mail. Links carry a random token of which only the SHA-256 is stored."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.validators import is_valid_tax_code
from intake.domain.roles import Role, can_manage_team, can_review_reports
from intake.models import (
    AccountRequest,
    AttemptKind,
    LinkPurpose,
    OneTimeLink,
    RequestStatus,
    SessionEnd,
    User,
)
from intake.models.base import utc_now
from intake.security.passwords import hash_password, password_problems
from intake.services import audit
from intake.services.accounts import (
    AccountError,
    _check_email,
    _normalise_email,
    create_user,
    end_every_access,
)
from intake.services.mail import queue_message
from intake.services.throttling import ResetMailPolicy, record_attempt, reset_mail_allowed
from intake.services.tokens import revoke_unused_links

INVITATION_LIFETIME = dt.timedelta(days=7)
RESET_LIFETIME = dt.timedelta(hours=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def one_time_link(session: Session, user: User, purpose: LinkPurpose, lifetime: dt.timedelta, base_url: str) -> str:
    token = secrets.token_urlsafe(32)
    session.add(OneTimeLink(user_id=user.id, purpose=purpose, token_sha256=_digest(token),
                            expires_at_utc=utc_now() + lifetime))
    return f"{base_url}/account/set-password/{token}"


def request_account(session: Session, *, tax_code: str, enterprise_name: str, contact_name: str,
                    email: str, phone: str = "") -> AccountRequest:
    """Raises AccountError naming the field."""
    tax_code, email = (tax_code or "").strip(), _normalise_email(email)
    if not is_valid_tax_code(tax_code):
        raise AccountError("Not a valid Vietnamese tax code.", "Mã số thuế không hợp lệ.", "tax_code")
    if not (enterprise_name or "").strip():
        raise AccountError("Give the enterprise's name.", "Cần nhập tên doanh nghiệp.", "enterprise_name")
    if not (contact_name or "").strip():
        raise AccountError("Give the contact person's name.", "Cần nhập tên người liên hệ.", "contact_name")
    _check_email(email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("This e-mail already has an account: use “Forgot your password?”.",
                           "Địa chỉ thư điện tử này đã có tài khoản: hãy dùng “Quên mật khẩu?”.", "email")
    pending = session.scalar(select(AccountRequest).where(
        AccountRequest.tax_code == tax_code, AccountRequest.email == email,
        AccountRequest.status == RequestStatus.PENDING))
    if pending is not None:
        return pending
    account_request = AccountRequest(tax_code=tax_code, enterprise_name=enterprise_name.strip()[:300],
                                     contact_name=contact_name.strip()[:200], email=email, phone=(phone or "")[:30])
    session.add(account_request)
    session.flush()
    audit.record(session, None, "account_request.create", object_type="account_request",
                 object_id=account_request.id, details={"tax_code": tax_code, "email": email})
    return account_request


def _decide(session: Session, reviewer: User, request_id: int) -> AccountRequest:
    if not can_review_reports(reviewer) and reviewer.role is not Role.ADMIN:
        raise PermissionError("only Department staff decide account requests")
    account_request = session.get(AccountRequest, request_id)
    if account_request is None or account_request.status is not RequestStatus.PENDING:
        raise AccountError("This request was already decided.", "Yêu cầu này đã được xử lý.", "request")
    account_request.decided_by_id, account_request.decided_at_utc = reviewer.id, utc_now()
    return account_request


def approve_request(session: Session, reviewer: User, request_id: int, base_url: str) -> User:
    account_request = _decide(session, reviewer, request_id)
    user = create_user(session, email=account_request.email, role=Role.ENTERPRISE,
                       password=secrets.token_urlsafe(32), full_name=account_request.contact_name,
                       tax_code=account_request.tax_code, enterprise_name=account_request.enterprise_name,
                       actor=reviewer)
    account_request.status = RequestStatus.APPROVED
    link = one_time_link(session, user, LinkPurpose.INVITATION, INVITATION_LIFETIME, base_url)
    queue_message(session, user.email,
                  "Tài khoản cổng báo cáo môi trường đã được cấp / Your reporting portal account",
                  f"Sở Công Thương Hà Nội đã cấp tài khoản cho {account_request.enterprise_name} "
                  f"(mã số thuế {account_request.tax_code}). Đặt mật khẩu trong vòng 7 ngày tại:\n{link}\n\n"
                  f"The Hanoi Department of Industry and Trade has opened an account for "
                  f"{account_request.enterprise_name}. Set your password within 7 days at:\n{link}\n")
    audit.record(session, reviewer, "account_request.approve", object_type="account_request",
                 object_id=request_id)
    return user


def reject_request(session: Session, reviewer: User, request_id: int, note: str) -> AccountRequest:
    account_request = _decide(session, reviewer, request_id)
    account_request.status, account_request.decision_note = RequestStatus.REJECTED, note.strip()[:2000]
    queue_message(session, account_request.email,
                  "Yêu cầu cấp tài khoản chưa được chấp thuận / Account request not approved",
                  f"Yêu cầu cấp tài khoản cho {account_request.enterprise_name} chưa được chấp thuận.\n"
                  f"Lý do: {account_request.decision_note}\n\n"
                  f"The account request for {account_request.enterprise_name} was not approved.\n"
                  f"Reason: {account_request.decision_note}\n")
    audit.record(session, reviewer, "account_request.reject", object_type="account_request",
                 object_id=request_id, details={"note": account_request.decision_note})
    return account_request


def invite_colleague(session: Session, inviter: User, *, email: str, full_name: str, base_url: str,
                     can_certify: bool = True) -> User:
    """A colleague of the same enterprise, invited by its administrator as a certifier (who
    submits) or a preparer (`can_certify` false: who prepares, and asks a certifier to submit).
    Raises PermissionError (not the enterprise's administrator) or AccountError."""
    if not can_manage_team(inviter):
        raise PermissionError("only the enterprise's administrator invites colleagues")
    user = create_user(session, email=email, role=Role.ENTERPRISE, password=secrets.token_urlsafe(32),
                       full_name=full_name, tax_code=inviter.enterprise.tax_code, actor=inviter,
                       can_certify=can_certify)
    link = one_time_link(session, user, LinkPurpose.INVITATION, INVITATION_LIFETIME, base_url)
    as_vi = "người ký xác nhận (được nộp báo cáo)" if can_certify else "người lập báo cáo"
    as_en = "a certifier (who submits)" if can_certify else "a preparer"
    queue_message(session, user.email, "Lời mời dùng cổng báo cáo môi trường / Invitation to the reporting portal",
                  f"{inviter.full_name or inviter.email} mời bạn lập báo cáo cho {inviter.enterprise.name}, "
                  f"với vai trò {as_vi}. "
                  f"Đặt mật khẩu trong vòng 7 ngày tại:\n{link}\n\n"
                  f"{inviter.full_name or inviter.email} invites you to file reports for "
                  f"{inviter.enterprise.name}, as {as_en}. Set your password within 7 days at:\n{link}\n")
    return user


def request_password_reset(session: Session, email: str, base_url: str, address: str = "",
                           policy: ResetMailPolicy | None = None) -> None:
    """Queue a reset link if the e-mail has an active account and the limits allow it
    (intake.services.throttling); the link replaces the account's older reset links. The
    caller answers the same in every case, so nothing tells whether a mail went out or whether
    the address has an account."""
    email = _normalise_email(email)
    allowed = reset_mail_allowed(session, email, address, policy or ResetMailPolicy())
    user = session.scalar(select(User).where(User.email == email)) if allowed else None
    queued = user is not None and user.is_active
    record_attempt(session, AttemptKind.PASSWORD_RESET_MAIL, email, address, succeeded=queued)
    if not queued:
        return
    revoke_unused_links(session, user, LinkPurpose.PASSWORD_RESET)
    link = one_time_link(session, user, LinkPurpose.PASSWORD_RESET, RESET_LIFETIME, base_url)
    queue_message(session, user.email, "Đặt lại mật khẩu / Reset your password",
                  f"Để đặt lại mật khẩu, mở liên kết sau trong vòng 1 giờ:\n{link}\n"
                  "Nếu bạn không yêu cầu, hãy bỏ qua thư này.\n\n"
                  f"To reset your password, open this link within one hour:\n{link}\n"
                  "If you did not ask for it, ignore this e-mail.\n")
    audit.record(session, user, "user.password_reset_requested", object_type="user", object_id=user.id)


def link_user(session: Session, token: str) -> tuple[OneTimeLink, User] | None:
    """The unexpired, unused link of this token and its user, or None."""
    link = session.scalar(select(OneTimeLink).where(OneTimeLink.token_sha256 == _digest(token or "")))
    if (link is None or link.used_at_utc is not None or link.revoked_at_utc is not None
            or link.expires_at_utc <= utc_now() or not link.user.is_active):
        return None
    return link, link.user


def use_link(session: Session, token: str, new_password: str, hash_profile: str = "standard") -> User:
    """Set the password through a link: every session, API token and other pending link of the
    user ends (whoever had them, the password is now someone else's secret). Raises AccountError
    (expired, used, revoked, unknown, weak)."""
    found = link_user(session, token)
    if found is None:
        raise AccountError("This link has expired or was already used.",
                           "Liên kết đã hết hạn hoặc đã được sử dụng.", "token")
    link, user = found
    for message, message_vi in password_problems(new_password, user.email):
        raise AccountError(message, message_vi, "new_password")
    user.password_hash = hash_password(new_password, hash_profile)
    user.password_changed_at_utc = utc_now()
    link.used_at_utc = utc_now()
    session.flush()  # the link is used before the others are revoked, so it stays "used"
    end_every_access(session, user, SessionEnd.PASSWORD_RESET)
    audit.record(session, user, "user.password_set", object_type="user", object_id=user.id,
                 details={"purpose": link.purpose.value})
    return user
