"""Who sees what: a home page per role, and enterprise data scoped to its enterprise."""
import pytest
from sqlalchemy import select

from intake.domain.roles import Role
from intake.models import Facility, User
from intake.queries.scoping import visible_facilities
from tests.conftest import log_in

HOME_TITLES = {
    "enterprise": "Cơ sở của doanh nghiệp",
    "reviewer": "Bàn thẩm định báo cáo",
    "analyst": "Cơ sở dữ liệu môi trường ngành Công Thương",
    "admin": "Quản trị hệ thống",
}


@pytest.mark.parametrize("role", list(HOME_TITLES))
def test_each_role_has_its_home_page(client, make_user, role):
    _, email = make_user(role)
    log_in(client, email)
    response = client.get("/home")
    assert response.status_code == 200
    assert HOME_TITLES[role] in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/home", "/account/password"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _facility(session, enterprise_id, name):
    facility = Facility(name=name, commune_code="00493", enterprise_id=enterprise_id)
    session.add(facility)
    session.commit()
    return facility


def test_an_enterprise_user_sees_only_its_own_facilities(app, session, make_user, client):
    own_id, own_email = make_user("enterprise", tax_code="0100112437")
    other_id, _ = make_user("enterprise", tax_code="0100109106")
    own, other = session.get(User, own_id), session.get(User, other_id)
    _facility(session, own.enterprise_id, "Nhà máy của tôi")
    _facility(session, other.enterprise_id, "Nhà máy bí mật của người khác")
    names = {f.name for f in session.scalars(visible_facilities(own))}
    assert names == {"Nhà máy của tôi"}
    log_in(client, own_email)
    html = client.get("/home").get_data(as_text=True)
    assert "Nhà máy của tôi" in html and "bí mật" not in html


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.ANALYST, Role.ADMIN])
def test_department_staff_see_every_facility(session, make_user, role):
    user_id, _ = make_user(role.value)
    total = len(session.scalars(select(Facility)).all())
    assert len(session.scalars(visible_facilities(session.get(User, user_id))).all()) == total == 71
