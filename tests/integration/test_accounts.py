"""Accounts service: creation rules, login answers, throttling, password change."""
import datetime as dt
import re

import pytest
from sqlalchemy import select

from intake.domain.roles import Role
from intake.models import Enterprise, User
from intake.services.accounts import AccountError, LoginPolicy, authenticate, change_password, create_user
from tests.conftest import TEST_PASSWORD

POLICY = LoginPolicy(max_failures_per_account_and_address=3, max_failures_per_account=8,
                     max_failures_per_address=10, window_seconds=900, hash_profile="test")


def new_user(session, email="a@congty.vn", role=Role.ENTERPRISE, tax_code="0100109106"):
    user = create_user(session, email=email, role=role, password=TEST_PASSWORD,
                       tax_code=tax_code if role is Role.ENTERPRISE else None, hash_profile="test")
    session.commit()
    return user


def test_an_enterprise_user_joins_the_enterprise_of_its_tax_code(session):
    first = new_user(session, "a@congty.vn")
    second = new_user(session, "b@congty.vn")
    assert first.enterprise_id == second.enterprise_id
    assert session.scalar(select(Enterprise).where(Enterprise.tax_code == "0100109106")) is not None


@pytest.mark.parametrize("tax_code, fragment", [
    ("0100109107", "check digit"), ("12345", "check digit"), (None, "tax code"),
])
def test_bad_tax_codes_are_refused_with_messages_in_both_languages(session, tax_code, fragment):
    with pytest.raises(AccountError) as error:
        create_user(session, email="x@congty.vn", role=Role.ENTERPRISE, password=TEST_PASSWORD,
                    tax_code=tax_code, hash_profile="test")
    assert fragment in error.value.message
    assert "mã số thuế" in error.value.message_vi.lower()
    session.rollback()
    assert session.scalar(select(User)) is None


def test_duplicate_email_is_refused_whatever_its_case(session):
    new_user(session, "a@congty.vn")
    with pytest.raises(AccountError):
        new_user(session, "A@CongTy.vn ")


def test_unknown_email_and_wrong_password_give_the_same_answer(session):
    new_user(session)
    unknown = authenticate(session, "nobody@congty.vn", TEST_PASSWORD, "10.0.0.1", POLICY)
    wrong = authenticate(session, "a@congty.vn", "wrong-password-x", "10.0.0.1", POLICY)
    assert unknown == wrong
    assert authenticate(session, "A@congty.vn", TEST_PASSWORD, "10.0.0.1", POLICY).user is not None


def test_repeated_failures_throttle_even_the_right_password(session):
    new_user(session)
    for _ in range(3):
        assert not authenticate(session, "a@congty.vn", "wrong-password-x", "10.0.0.1", POLICY).throttled
    outcome = authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.1", POLICY)
    assert outcome.throttled and outcome.user is None
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=16)
    assert authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.1", POLICY, now=later).user


def test_an_inactive_user_cannot_log_in(session):
    user = new_user(session)
    user.is_active = False
    session.commit()
    assert authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.1", POLICY).user is None


def test_password_change_needs_the_current_password_and_a_long_new_one(session):
    user = new_user(session)
    with pytest.raises(AccountError) as error:
        change_password(session, user, "not-the-password", "mat-khau-moi-2027", POLICY)
    assert error.value.field == "current_password"
    with pytest.raises(AccountError) as error:
        change_password(session, user, TEST_PASSWORD, "short", POLICY)
    assert error.value.field == "new_password"
    change_password(session, user, TEST_PASSWORD, "mat-khau-moi-2027", POLICY)
    session.commit()
    assert authenticate(session, "a@congty.vn", "mat-khau-moi-2027", "10.0.0.2", POLICY).user


def test_a_hash_made_with_old_parameters_is_upgraded_at_login(session):
    from intake.security.passwords import hash_password

    user = new_user(session)
    user.password_hash = hash_password(TEST_PASSWORD, "standard")
    session.commit()
    assert authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.3", POLICY).user
    session.commit()
    assert "m=1024" in user.password_hash  # the policy's (test) parameters


def test_a_stranger_locks_only_his_own_addresses_out_of_a_chosen_account(session):
    new_user(session)
    for address in ("10.0.0.1", "10.0.0.2"):
        for _ in range(3):
            authenticate(session, "a@congty.vn", "wrong-password-x", address, POLICY)
        # Knocking on after the lock tests no password and is not counted.
        for _ in range(10):
            assert authenticate(session, "a@congty.vn", "wrong-password-x", address, POLICY).throttled
    session.commit()
    assert authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.3", POLICY).user is not None


def test_many_addresses_together_hit_the_slower_limit_of_the_account(session):
    new_user(session)
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"):
        for _ in range(2):
            authenticate(session, "a@congty.vn", "wrong-password-x", address, POLICY)
    session.commit()
    outcome = authenticate(session, "a@congty.vn", TEST_PASSWORD, "10.0.0.5", POLICY)
    assert outcome.throttled and outcome.user is None  # 8 failures: the account's own limit


def test_a_password_change_ends_every_session_token_and_link(session):
    from intake.models import ApiToken, LinkPurpose, OneTimeLink, OutboxMessage, UserSession
    from intake.services.onboarding import link_user, request_password_reset
    from intake.services.sessions import SessionPolicy, start_session, user_of_session
    from intake.services.tokens import issue_token, user_for_token

    user = new_user(session)
    policy = SessionPolicy()
    key = start_session(session, user, policy)
    secret, _record = issue_token(session, user)
    request_password_reset(session, user.email, "http://portal")
    session.commit()
    mail = session.scalar(select(OutboxMessage.body).where(OutboxMessage.recipient == user.email))
    reset_token = re.search(r"/account/set-password/(\S+)", mail).group(1)
    assert user_of_session(session, key, policy) is user and user_for_token(session, secret)
    assert link_user(session, reset_token) is not None
    change_password(session, user, TEST_PASSWORD, "mat-khau-moi-2027", POLICY)
    session.commit()
    assert user_of_session(session, key, policy) is None and user_for_token(session, secret) is None
    ended = session.scalar(select(UserSession))
    assert ended.end_reason.value == "password_change" and ended.ended_at_utc is not None
    assert session.scalar(select(ApiToken)).revoked_at_utc is not None
    link = session.scalar(select(OneTimeLink).where(OneTimeLink.purpose == LinkPurpose.PASSWORD_RESET))
    assert link.revoked_at_utc is not None and link.used_at_utc is None
    assert link_user(session, reset_token) is None
