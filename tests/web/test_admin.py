"""Administrators create reporting periods; nobody else can."""
import pytest
from sqlalchemy import select

from intake.models import AuditEntry, ReportingPeriod
from tests.conftest import csrf_token_from, log_in


def period_data(token, **changes):
    data = {"form": "ghg-inventory", "name": "Kiểm kê KNK 2026–2027", "first_data_year": "2026",
            "last_data_year": "2027", "opens_on": "2028-01-01", "due_on": "2028-03-31", "csrf_token": token}
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["enterprise", "reviewer", "analyst"])
def test_only_administrators_manage_periods(client, make_user, role):
    _, email = make_user(role)
    log_in(client, email)
    assert client.get("/admin/periods").status_code == 403


def test_an_administrator_creates_a_period(client, make_user, session):
    _, email = make_user("admin")
    log_in(client, email)
    token = csrf_token_from(client.get("/admin/periods").get_data(as_text=True))
    assert client.post("/admin/periods", data=period_data(token)).status_code == 302
    period = session.scalar(select(ReportingPeriod))
    assert period.data_years == [2026, 2027] and period.due_on.isoformat() == "2028-03-31"
    assert session.scalar(select(AuditEntry).where(AuditEntry.action == "period.create"))
    assert client.post("/admin/periods", data=period_data(token)).status_code == 400  # same years twice


@pytest.mark.parametrize("changes, field", [
    ({"last_data_year": "2026"}, "last_data_year"),          # a GHG period has two data years
    ({"opens_on": "2027-06-01"}, "opens_on"),                # before the last data year ended
    ({"due_on": "2027-12-31", "opens_on": "2028-01-01"}, "due_on"),
])
def test_bad_periods_are_refused_with_the_field_named(client, make_user, session, changes, field):
    _, email = make_user("admin")
    log_in(client, email)
    token = csrf_token_from(client.get("/admin/periods").get_data(as_text=True))
    response = client.post("/admin/periods", data=period_data(token, **changes))
    assert response.status_code == 400 and f'href="#{field}"' in response.get_data(as_text=True)
    assert session.scalar(select(ReportingPeriod)) is None
