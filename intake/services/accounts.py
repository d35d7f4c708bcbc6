"""Creating users, logging in (with throttling), and changing passwords."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.validators import is_valid_tax_code
from intake.domain.roles import Role
from intake.models import AttemptKind, Enterprise, SessionEnd, User
from intake.models.base import utc_now
from intake.security.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from intake.services import audit
from intake.services.sessions import end_all_sessions
from intake.services.throttling import (
    LoginPolicy,
    PasswordCheck,
    check_password_again,
    password_guesses_throttled,
    record_attempt,
)
from intake.services.tokens import revoke_all_tokens, revoke_unused_links

__all__ = ["AccountError", "LoginOutcome", "LoginPolicy", "TooManyAttempts", "WrongPassword",
           "authenticate", "change_password", "create_user", "end_every_access", "find_or_create_enterprise"]


class AccountError(ValueError):
    """Bad input for an account operation; `message` is English, `message_vi` Vietnamese."""

    def __init__(self, message: str, message_vi: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_vi = message_vi
        self.field = field

    # Whether the refusal was recorded (a failed password attempt) and must be committed.
    counts_as_attempt = False


class WrongPassword(AccountError):
    counts_as_attempt = True


class TooManyAttempts(AccountError):
    """Too many wrong passwords lately (intake.services.throttling)."""



@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    throttled: bool = False


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _check_email(email: str) -> None:
    local, _, domain = email.partition("@")
    if not local or "." not in domain or " " in email or len(email) > 254:
        raise AccountError(f"Not an e-mail address: {email!r}.",
                           f"Địa chỉ thư điện tử không hợp lệ: {email!r}.", "email")


def create_user(session: Session, *, email: str, role: Role, password: str, full_name: str = "",
                tax_code: str | None = None, enterprise_name: str | None = None,
                hash_profile: str = "standard", actor: User | None = None,
                can_certify: bool = True) -> User:
    """Create a user; an enterprise user joins the enterprise with `tax_code` (created if new).
    An enterprise user certifies (submits, amends, signs) unless `can_certify` is false (a
    preparer). The first user of an enterprise is its administrator (a certifier unless made
    a preparer on purpose, e.g. `intake user create --preparer`: the contract's word wins; the
    administrator can make itself a certifier on the team page).

    Raises AccountError on a bad e-mail, a taken e-mail, a weak password, a missing or
    invalid tax code, or a preparer who is not an enterprise user.
    """
    email = _normalise_email(email)
    _check_email(email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"A user with e-mail {email} already exists.",
                           f"Đã có người dùng với địa chỉ thư điện tử {email}.", "email")
    for message, message_vi in password_problems(password, email):
        raise AccountError(message, message_vi, "password")
    if role is not Role.ENTERPRISE and not can_certify:
        raise AccountError("Only enterprise users can be preparers (drop --preparer).",
                           "Chỉ người dùng doanh nghiệp mới có thể là người lập báo cáo (bỏ --preparer).",
                           "can_certify")
    enterprise = None
    first_of_enterprise = False
    if role is Role.ENTERPRISE:
        enterprise = find_or_create_enterprise(session, tax_code, enterprise_name)
        first_of_enterprise = session.scalar(
            select(User.id).where(User.enterprise_id == enterprise.id).limit(1)) is None
    elif tax_code:
        raise AccountError("Only enterprise users belong to an enterprise (drop --tax-code).",
                           "Chỉ người dùng doanh nghiệp mới thuộc một doanh nghiệp (bỏ --tax-code).",
                           "tax_code")
    user = User(email=email, role=role, full_name=full_name, enterprise=enterprise,
                password_hash=hash_password(password, hash_profile),
                can_certify=bool(can_certify),
                is_enterprise_admin=first_of_enterprise)
    session.add(user)
    session.flush()
    details = {"email": email, "role": role.value,
               "tax_code": enterprise.tax_code if enterprise else None}
    if enterprise is not None:
        details.update(can_certify=user.can_certify, is_enterprise_admin=user.is_enterprise_admin)
    audit.record(session, actor, "user.create", object_type="user", object_id=user.id,
                 details=details)
    return user


def find_or_create_enterprise(session: Session, tax_code: str | None,
                              name: str | None = None) -> Enterprise:
    """The enterprise with this tax code, created if new. Raises AccountError if the code is
    missing or fails its check digit."""
    tax_code = (tax_code or "").strip()
    if not tax_code:
        raise AccountError("An enterprise user needs the enterprise's tax code (--tax-code).",
                           "Người dùng doanh nghiệp cần mã số thuế của doanh nghiệp (--tax-code).",
                           "tax_code")
    if not is_valid_tax_code(tax_code):
        raise AccountError(
            f"Tax code {tax_code!r} is not a valid Vietnamese tax code (10 digits with a valid "
            "check digit, or 10 digits, '-', 3 digits for a branch).",
            f"Mã số thuế {tax_code!r} không hợp lệ (10 chữ số với chữ số kiểm tra đúng, hoặc "
            "10 chữ số, '-', 3 chữ số đối với chi nhánh).",
            "tax_code")
    enterprise = session.scalar(select(Enterprise).where(Enterprise.tax_code == tax_code))
    if enterprise is None:
        enterprise = Enterprise(tax_code=tax_code, name=name or f"Doanh nghiệp {tax_code}")
        session.add(enterprise)
        session.flush()
    return enterprise


def authenticate(session: Session, email: str, password: str, ip_address: str,
                 policy: LoginPolicy, now: dt.datetime | None = None) -> LoginOutcome:
    """Check a login. Unknown e-mail, wrong password and inactive account give the same answer
    (no user) after the same work; too many recent failures (intake.services.throttling) give
    `throttled`, whatever the password."""
    email = _normalise_email(email)[:254]
    now = now or utc_now()
    if password_guesses_throttled(session, email, ip_address, policy, now):
        return LoginOutcome(None, throttled=True)
    user = session.scalar(select(User).where(User.email == email))
    # The password hash is checked (deliberately slow) before the write lock is taken.
    ok = verify_password(user.password_hash if user else None, password, policy.hash_profile)
    ok = ok and user is not None and user.is_active
    record_attempt(session, AttemptKind.LOGIN, email, ip_address, succeeded=ok, now=now)
    if not ok:
        audit.record(session, None, "login.failed", details={"email": email, "ip": ip_address})
        return LoginOutcome(None)
    if needs_rehash(user.password_hash, policy.hash_profile):
        # Hashes made under older parameters are replaced while the password is at hand.
        user.password_hash = hash_password(password, policy.hash_profile)
    audit.record(session, user, "login", object_type="user", object_id=user.id,
                 details={"ip": ip_address})
    return LoginOutcome(user)


def change_password(session: Session, user: User, current_password: str, new_password: str,
                    policy: LoginPolicy, address: str = "") -> None:
    """Set a new password, given the current one (counted and throttled like a login). Ends
    every session of the user and revokes its API tokens and pending links: the caller starts
    a fresh session for the person who changed it.

    Raises TooManyAttempts, WrongPassword (recorded: keep the request's writes) or AccountError
    (the new password is refused)."""
    check = check_password_again(session, user, current_password, kind=AttemptKind.PASSWORD_CHANGE,
                                 address=address, policy=policy)
    if check is PasswordCheck.THROTTLED:
        raise TooManyAttempts("Too many wrong passwords. Wait 15 minutes and try again.",
                              "Nhập sai mật khẩu quá nhiều lần. Vui lòng chờ 15 phút rồi thử lại.",
                              "current_password")
    if check is PasswordCheck.WRONG:
        raise WrongPassword("The current password is wrong.", "Mật khẩu hiện tại không đúng.",
                            "current_password")
    for message, message_vi in password_problems(new_password, user.email):
        raise AccountError(message, message_vi, "new_password")
    user.password_hash = hash_password(new_password, policy.hash_profile)
    user.password_changed_at_utc = utc_now()
    end_every_access(session, user, SessionEnd.PASSWORD_CHANGE)
    audit.record(session, user, "user.password_change", object_type="user", object_id=user.id)


def end_every_access(session: Session, user: User, reason: SessionEnd) -> None:
    """The password changed: what was opened with the old one (sessions, API tokens) closes,
    and pending one-time links go stale."""
    end_all_sessions(session, user, reason)
    revoke_all_tokens(session, user)
    revoke_unused_links(session, user)
