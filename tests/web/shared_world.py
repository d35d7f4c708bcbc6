"""One application, one database and one logged-in client per role for a whole test module.

The route matrix, the API fuzz and the malformed-request battery make hundreds of requests that
read (or are refused before they write): building a database, users and reports for each would
cost minutes. So a module builds this world once (`open_world`), on each backend, from the same
migrated template as every other test (tests/conftest.py), through the real services and the
real login form. Tests of this kind must leave the world as they found it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import TEST_PASSWORD, app_config, copy_of_template, log_in
from tests.web.conftest import token_for

DOCUMENT = json.loads((Path(__file__).resolve().parents[1] / "data" / "api" / "ghg-worked-examples.json")
                      .read_text(encoding="utf-8"))

# Every role the matrix knows, in the order of its columns.
# PREPARER: a "preparer" (an enterprise user who fills reports but may not certify them) does
# not exist yet (issue 13). When it does: add "preparer" here, a user for it in `open_world`, and
# its column in every row of tests/web/test_route_matrix.py's MATRIX.
ROLES = ("anonymous", "enterprise_a", "enterprise_b", "reviewer", "analyst", "admin")


@dataclass
class World:
    app: object
    clients: dict[str, object]
    tokens: dict[str, dict[str, str]]
    emails: dict[str, str]
    facility_id: int
    report_id: int
    draft_id: int
    version_number: int = 1
    extra: dict[str, object] = field(default_factory=dict)

    def fresh_token(self, role: str) -> dict[str, str]:
        """A token of its own, for a request that revokes the token it is sent with (issued by
        the service: the fuzz may have throttled the login by then)."""
        from sqlalchemy import select

        from intake.extensions import db
        from intake.models import User
        from intake.services.tokens import issue_token

        if role == "anonymous":
            return {}
        with self.app.app_context():
            user = db.session.scalars(select(User).where(User.email == self.emails[role])).one()
            secret, _ = issue_token(db.session, user)
            db.session.commit()
        return {"Authorization": f"Bearer {secret}"}


def _people_and_reports(app) -> dict:
    """Enterprise A with a facility, a submitted report (its version 1) and a draft of another
    form; enterprise B with nothing; one user of each Department role."""
    from intake.domain.roles import Role
    from intake.extensions import db
    from intake.models import Facility
    from intake.services import reports as filing
    from intake.services.accounts import create_user

    with app.app_context():
        people = {}
        for role, user_role, tax_code in (("enterprise_a", Role.ENTERPRISE, "0100112437"),
                                          ("enterprise_b", Role.ENTERPRISE, "0100109106"),
                                          ("reviewer", Role.REVIEWER, None),
                                          ("analyst", Role.ANALYST, None),
                                          ("admin", Role.ADMIN, None)):
            people[role] = create_user(db.session, email=f"{role.replace('_', '-')}@example.vn",
                                       role=user_role, password=TEST_PASSWORD, tax_code=tax_code,
                                       hash_profile="test")
        filer = people["enterprise_a"]
        facility = Facility(name="Nhà máy Thăng Long của A", commune_code="00493",
                            enterprise_id=filer.enterprise_id, address="KCN Thăng Long")
        db.session.add(facility)
        db.session.flush()
        report = filing.create_report(db.session, filer, form="ghg-inventory",
                                      facility_id=facility.id, document=DOCUMENT)
        filing.submit_report(db.session, filer, report.id, certify=True, password=TEST_PASSWORD,
                             hash_profile="test")
        draft = filing.create_report(db.session, filer, form="env-declaration",
                                     facility_id=facility.id, document={})
        db.session.commit()
        found = {"emails": {role: user.email for role, user in people.items()},
                 "facility_id": facility.id, "report_id": report.id, "draft_id": draft.id}
        db.session.remove()
    return found


@contextmanager
def open_world(backend: str, template: str, directory: Path) -> Iterator[World]:
    from intake import create_app
    from intake.extensions import db

    with copy_of_template(backend, template, directory, prefix="intake_module") as url:
        app = create_app(app_config(url, directory / "instance"))
        try:
            found = _people_and_reports(app)
            clients = {"anonymous": app.test_client()}
            for role, email in found["emails"].items():
                clients[role] = app.test_client()
                response = log_in(clients[role], email)
                assert response.status_code == 302, f"{role} could not log in"
            tokens = {"anonymous": {}}
            tokens.update({role: token_for(clients["anonymous"], email)
                           for role, email in found["emails"].items()})
            yield World(app=app, clients=clients, tokens=tokens, emails=found["emails"],
                        facility_id=found["facility_id"], report_id=found["report_id"],
                        draft_id=found["draft_id"])
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
