"""`intake seed`: reference data loaded once, completely, and never twice."""
from sqlalchemy import func, select

from intake.models import Commune, Enterprise, Facility, FormKind, Obligation, ReportingPeriod, User
from intake.services.seeding import DEMO_ACCOUNTS, DEMO_TEAM, seed_demo, seed_reference_data


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_the_126_communes_and_the_71_obliged_facilities_are_loaded(session):
    assert count(session, Commune) == 126
    ghg = session.scalars(select(Obligation).where(Obligation.form == FormKind.GHG_INVENTORY)).all()
    assert len(ghg) == 71
    assert all(o.legal_basis == "Quyết định 42/2026/QĐ-TTg" for o in ghg)
    # Every facility sits in one of the official communes, with its Vietnamese name intact.
    facility = session.scalar(select(Facility).join(Obligation).where(Obligation.basis_reference == "STT 162"))
    assert facility.name == "Công ty Cổ phần Dệt Công nghiệp Hà Nội"
    assert facility.commune.name == "Phường Vĩnh Tuy"


def test_commune_names_keep_their_diacritics(session):
    assert session.get(Commune, "00493").name == "Xã Thiên Lộc"


def test_seeding_twice_changes_nothing(session):
    before = {m: count(session, m) for m in (Commune, Facility, Obligation)}
    counts = seed_reference_data(session)
    session.commit()
    assert all(added == 0 for added, _total in counts.values())
    assert {m: count(session, m) for m in (Commune, Facility, Obligation)} == before


def test_demo_data_is_added_once(session):
    seed_demo(session)
    session.commit()
    users, periods = count(session, User), count(session, ReportingPeriod)
    assert users == len(DEMO_ACCOUNTS) + len(DEMO_TEAM)
    assert periods == 3
    seed_demo(session)
    session.commit()
    assert (count(session, User), count(session, ReportingPeriod)) == (users, periods)
    enterprise = session.scalar(select(Enterprise).order_by(Enterprise.id))
    assert enterprise.tax_code == "0100112437"
    assert len(enterprise.facilities) == 2


def test_reference_rows_carry_their_source(session):
    assert all(c.source for c in session.scalars(select(Commune)))
    assert all("42/2026/QĐ-TTg" in o.reason for o in session.scalars(select(Obligation)))
    from intake.models import ReferenceRow
    rows = session.scalars(select(ReferenceRow)).all()
    missing = sorted({r.dataset for r in rows if not r.source})
    assert rows and not missing, f"datasets with rows of no source: {missing}"
