from types import SimpleNamespace

import pytest

from intake.domain import roles
from intake.domain.roles import Role


def actor(role: Role, enterprise_id=None):
    return SimpleNamespace(role=role, enterprise_id=enterprise_id)


def test_an_enterprise_user_sees_only_its_own_enterprise():
    user = actor(Role.ENTERPRISE, 7)
    assert roles.can_see_enterprise(user, 7)
    assert not roles.can_see_enterprise(user, 8)
    assert not roles.can_see_enterprise(user, None)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ANALYST, Role.ADMIN])
def test_department_staff_see_every_enterprise(role):
    assert roles.can_see_enterprise(actor(role), 8)


@pytest.mark.parametrize("predicate, allowed", [
    (roles.can_file_reports, {Role.ENTERPRISE}),
    (roles.can_review_reports, {Role.REVIEWER}),
    (roles.can_manage_register, {Role.REVIEWER, Role.ADMIN}),
    (roles.can_read_statistics, {Role.ANALYST, Role.REVIEWER, Role.ADMIN}),
    (roles.can_administer, {Role.ADMIN}),
])
def test_permission_matrix(predicate, allowed):
    assert {role for role in Role if predicate(actor(role, 1))} == allowed


def test_every_role_has_labels_in_both_languages():
    for role in Role:
        assert role.label_vi and role.label_en and role.label_vi != role.label_en


# --- issue 15: preparers, certifiers, administrators, consultants --------------------------

def member(enterprise_id=7, *, can_certify=True, is_enterprise_admin=False):
    return SimpleNamespace(role=Role.ENTERPRISE, enterprise_id=enterprise_id, can_certify=can_certify,
                           is_enterprise_admin=is_enterprise_admin)


def test_a_certifier_certifies_only_for_its_own_enterprise():
    assert roles.can_certify_for(member(7), 7)
    assert not roles.can_certify_for(member(7), 8)
    assert not roles.can_certify_for(member(7), None)


def test_a_preparer_prepares_but_never_certifies():
    preparer = member(7, can_certify=False)
    assert roles.can_prepare_for(preparer, 7)
    assert not roles.can_certify_for(preparer, 7)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ANALYST, Role.ADMIN])
def test_department_staff_neither_prepare_nor_certify(role):
    assert not roles.can_prepare_for(actor(role, 7), 7)
    assert not roles.can_certify_for(actor(role, 7), 7)


def test_a_consultant_prepares_for_the_clients_that_granted_it_and_certifies_for_none():
    consultant = member(7)  # a certifier of its own firm
    assert roles.can_see_enterprise(consultant, 9, granted={9})
    assert roles.can_prepare_for(consultant, 9, granted={9})
    assert not roles.can_prepare_for(consultant, 10, granted={9})
    assert not roles.can_certify_for(consultant, 9)


def test_only_the_enterprise_administrator_manages_the_team():
    assert roles.can_manage_team(member(7, is_enterprise_admin=True))
    assert not roles.can_manage_team(member(7))
    assert not roles.can_manage_team(actor(Role.ADMIN))
