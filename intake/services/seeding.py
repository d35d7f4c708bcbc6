"""Reference and demo data for `intake seed`. Every step is idempotent: running it twice
changes nothing, and a row already present is never overwritten."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.library import load_communes, load_library, load_obliged_facilities
from intake.domain.roles import Role
from intake.models import (Commune, Enterprise, Facility, FormKind, Obligation, ReferenceRow,
                           ReportingPeriod, User)
from intake.services.accounts import create_user, find_or_create_enterprise

GHG_LEGAL_BASIS = "Quyết định 42/2026/QĐ-TTg"

Counts = dict[str, tuple[int, int]]


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model))


def seed_reference_data(session: Session) -> Counts:
    """Communes, the factor library and the GHG register; returns (added, total) per table."""
    counts: Counts = {}
    counts["communes"] = _seed_communes(session)
    counts["factor library rows"] = _seed_factor_library(session)
    counts["GHG register (Decision 42/2026)"] = _seed_ghg_register(session)
    session.flush()
    return counts


def _seed_communes(session: Session) -> tuple[int, int]:
    known = set(session.scalars(select(Commune.code)))
    added = 0
    for commune in load_communes().values():
        if commune.code not in known:
            session.add(Commune(code=commune.code, name=commune.name, kind=commune.kind,
                                source=commune.source.cite()))
            added += 1
    session.flush()
    return added, _count(session, Commune)


def _seed_factor_library(session: Session) -> tuple[int, int]:
    library = load_library()
    known = set(session.execute(select(ReferenceRow.library_version, ReferenceRow.dataset,
                                       ReferenceRow.row_key)).all())
    added = 0
    for row in library.rows():
        if (library.version, row.dataset, row.row_key) not in known:
            session.add(ReferenceRow(library_version=library.version, dataset=row.dataset,
                                     row_key=row.row_key, values=dict(row.values),
                                     source=row.source[:500]))
            added += 1
    session.flush()
    return added, _count(session, ReferenceRow)


def _seed_ghg_register(session: Session) -> tuple[int, int]:
    """The 71 Hanoi Industry and Trade facilities of Decision 42/2026 as the first register.
    Their enterprises' tax codes are not in the decision: the facilities wait, unclaimed, until
    their enterprise's account is approved."""
    known = set(session.scalars(select(Obligation.basis_reference).where(
        Obligation.legal_basis == GHG_LEGAL_BASIS, Obligation.form == FormKind.GHG_INVENTORY)))
    added = 0
    for obliged in load_obliged_facilities():
        reference = f"STT {obliged.number}"
        if reference in known:
            continue
        facility = Facility(name=obliged.name, address=obliged.address,
                            commune_code=obliged.commune_code, activity=obliged.activity)
        session.add(Obligation(facility=facility, form=FormKind.GHG_INVENTORY,
                               legal_basis=GHG_LEGAL_BASIS, basis_reference=reference,
                               sector=obliged.activity, reason=obliged.source.cite()))
        added += 1
    session.flush()
    total = session.scalar(select(func.count()).select_from(Obligation).where(
        Obligation.legal_basis == GHG_LEGAL_BASIS))
    return added, total


# --- demo data -----------------------------------------------------------------------------

DEMO_PASSWORD = "demo-2026-hanoi"

# (e-mail, role, tax code, full name)
DEMO_ACCOUNTS = (
    ("doanhnghiep@demo.intake.vn", Role.ENTERPRISE, "0100112437", "Nguyễn Thị Hà"),
    ("thamdinh@demo.intake.vn", Role.REVIEWER, None, "Trần Văn Minh"),
    ("phantich@demo.intake.vn", Role.ANALYST, None, "Lê Thu Trang"),
    ("quantri@demo.intake.vn", Role.ADMIN, None, "Phạm Quốc Huy"),
)

DEMO_ENTERPRISE_NAME = "Công ty Cổ phần Giấy Việt Hưng (dữ liệu mẫu)"
# The demo enterprise claims two facilities of the register (STT of Decision 42/2026).
DEMO_FACILITY_REFERENCES = ("STT 163", "STT 165")


def seed_demo(session: Session, today: dt.date | None = None) -> Counts:
    """Demo enterprise, one user per role, and the reporting periods of the current cycle."""
    counts: Counts = {}
    added_users = 0
    for email, role, tax_code, full_name in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)) is None:
            if tax_code:
                find_or_create_enterprise(session, tax_code, DEMO_ENTERPRISE_NAME)
            create_user(session, email=email, role=role, password=DEMO_PASSWORD,
                        full_name=full_name, tax_code=tax_code)
            added_users += 1
    counts["demo users"] = (added_users, _count(session, User))
    _claim_demo_facilities(session)
    counts["reporting periods"] = _seed_periods(session, today or dt.date.today())
    return counts


def _claim_demo_facilities(session: Session) -> None:
    enterprise = session.scalar(select(Enterprise).where(Enterprise.tax_code == DEMO_ACCOUNTS[0][2]))
    facilities = session.scalars(select(Facility).join(Obligation).where(
        Obligation.basis_reference.in_(DEMO_FACILITY_REFERENCES),
        Obligation.legal_basis == GHG_LEGAL_BASIS, Facility.enterprise_id.is_(None)))
    for facility in facilities:
        facility.enterprise = enterprise


def _seed_periods(session: Session, today: dt.date) -> tuple[int, int]:
    """The periods around today. The GHG inventory is biennial (even submission years here),
    due 31 March, for the two previous years; the declaration yearly, due 31 January, for the
    previous year (Decree 06/2022 Art. 11 as amended; Circular 42/2020/TT-BCT)."""
    ghg_year = today.year if today.year % 2 == 0 else today.year + 1
    wanted = [
        ReportingPeriod(form=FormKind.GHG_INVENTORY, name=f"Kiểm kê KNK {ghg_year - 2}–{ghg_year - 1}",
                        first_data_year=ghg_year - 2, last_data_year=ghg_year - 1,
                        opens_on=dt.date(ghg_year, 1, 1), due_on=dt.date(ghg_year, 3, 31)),
    ]
    for submission_year in (today.year, today.year + 1):
        wanted.append(ReportingPeriod(
            form=FormKind.ENV_DECLARATION, name=f"Khai báo môi trường {submission_year - 1}",
            first_data_year=submission_year - 1, last_data_year=submission_year - 1,
            opens_on=dt.date(submission_year, 1, 1), due_on=dt.date(submission_year, 1, 31)))
    existing = set(session.execute(select(ReportingPeriod.form, ReportingPeriod.first_data_year)).all())
    added = 0
    for period in wanted:
        if (period.form, period.first_data_year) not in existing:
            session.add(period)
            added += 1
    session.flush()
    return added, _count(session, ReportingPeriod)
