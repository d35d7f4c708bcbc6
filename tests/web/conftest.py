"""Fixtures of the web and API tests."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from intake.extensions import db
from intake.models import Facility, User
from tests.conftest import TEST_PASSWORD


@contextmanager
def statements_sent(app):
    """The SQL statements the application sends while the block runs (a list, filled in)."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def token_for(client, email, password=TEST_PASSWORD):
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


@pytest.fixture
def api_filer(client, make_user, session):
    """An enterprise user with one facility and an API token."""
    user_id, email = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Công ty Ví dụ – Nhà máy Thăng Long", commune_code="00493",
                        enterprise_id=user.enterprise_id, address="KCN Thăng Long")
    session.add(facility)
    session.commit()
    return {"headers": token_for(client, email), "facility_id": facility.id, "email": email}
