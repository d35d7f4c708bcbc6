"""Password hashing with Argon2id (RFC 9106).

The "standard" profile is OWASP's recommended Argon2id configuration (Password Storage Cheat
Sheet: 19 MiB of memory, 2 iterations, 1 lane): about 20 ms a check on this hardware, which
keeps a stolen table expensive to attack while a certified submission (which re-checks the
password) stays fast for twenty filers at once. argon2-cffi's heavier default (64 MiB, about
100 ms) would cost the portal its latency goal on two cores for little real gain. Hashes made
with other parameters still verify, and are upgraded at the next login (`needs_rehash`).
The "test" profile exists only so that the test suite does not spend minutes hashing; it is
selected by configuration, never silently.
"""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD_LENGTH = 10

PROFILES = {
    "standard": {"time_cost": 2, "memory_cost": 19456, "parallelism": 1},
    "test": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
}

# A hash of a random secret, verified when the e-mail is unknown so that a wrong e-mail takes
# as long as a wrong password (no account enumeration by timing).
_DUMMY_SECRET = "intake-no-such-user"


@lru_cache(maxsize=None)
def _hasher(profile: str) -> PasswordHasher:
    try:
        return PasswordHasher(**PROFILES[profile])
    except KeyError:
        raise ValueError(f"unknown password hash profile {profile!r}") from None


@lru_cache(maxsize=None)
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash(_DUMMY_SECRET)


def hash_password(password: str, profile: str = "standard") -> str:
    return _hasher(profile).hash(password)


def verify_password(password_hash: str | None, password: str, profile: str = "standard") -> bool:
    """True when `password` matches; with no hash (unknown user) spend the same time and fail."""
    hasher = _hasher(profile)
    try:
        return hasher.verify(password_hash or _dummy_hash(profile), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, profile: str = "standard") -> bool:
    return _hasher(profile).check_needs_rehash(password_hash)


def password_problems(password: str, email: str = "") -> list[tuple[str, str]]:
    """Reasons a new password is refused, as (English, Vietnamese) messages."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append((
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
        ))
    if email and password.strip().lower() == email.strip().lower():
        problems.append(("The password must not be your e-mail address.",
                         "Mật khẩu không được trùng với địa chỉ thư điện tử."))
    return problems
