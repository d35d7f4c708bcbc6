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
