"""Reference and demo data for `intake seed`. Every step is idempotent: running it twice
changes nothing, and a row already present is never overwritten."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.library import load_communes, load_library, load_obliged_facilities
from intake.domain.documents import evaluate
from intake.domain.review_checklist import checklist_for
from intake.domain.roles import Role
from intake.models import (
    Commune,
    Enterprise,
    Facility,
    FormKind,
    Obligation,
    ReferenceRow,
    Report,
    ReportingPeriod,
    User,
)
from intake.services import reports as filing
from intake.services import review, team
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

# The demo enterprise's team beyond its administrator (issue 15): a preparer, who may not
# submit, and a consultant of its own firm, granted by the demo enterprise to prepare its
# reports. (e-mail, tax code, full name, what the person is)
DEMO_TEAM = (
    ("nguoilap@demo.intake.vn", "0100112437", "Đỗ Văn Nam", "preparer"),
    ("tuvan@demo.intake.vn", "0300588569", "Vũ Thị Lan", "consultant"),
)
DEMO_CONSULTANCY_NAME = "Công ty TNHH Tư vấn Môi trường Xanh (dữ liệu mẫu)"
# The demo enterprise claims two facilities of the register (STT of Decision 42/2026).
DEMO_FACILITY_REFERENCES = ("STT 163", "STT 165")


def seed_demo(session: Session, today: dt.date | None = None) -> Counts:
    """Demo enterprise, one user per role, the reporting periods of the current cycle, and demo
    reports (an accepted GHG inventory, a draft declaration)."""
    counts: Counts = {}
    added_users = 0
    for email, role, tax_code, full_name in DEMO_ACCOUNTS:
        if session.scalar(select(User.id).where(User.email == email)) is None:
            if tax_code:
                find_or_create_enterprise(session, tax_code, DEMO_ENTERPRISE_NAME)
            create_user(session, email=email, role=role, password=DEMO_PASSWORD,
                        full_name=full_name, tax_code=tax_code)
            added_users += 1
    added_users += _seed_demo_team(session)
    counts["demo users"] = (added_users, _count(session, User))
    _claim_demo_facilities(session)
    counts["reporting periods"] = _seed_periods(session, today or dt.date.today())
    counts["demo reports"] = seed_demo_reports(session, today or dt.date.today())
    return counts


def _seed_demo_team(session: Session) -> int:
    """The demo enterprise's preparer, and a consultant its administrator granted."""
    administrator = session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0]))
    added = 0
    for email, tax_code, full_name, kind in DEMO_TEAM:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        if kind == "consultant":
            find_or_create_enterprise(session, tax_code, DEMO_CONSULTANCY_NAME)
        user = create_user(session, email=email, role=Role.ENTERPRISE, password=DEMO_PASSWORD,
                           full_name=full_name, tax_code=tax_code, can_certify=kind != "preparer")
        added += 1
        if kind == "consultant" and administrator is not None and administrator.is_enterprise_admin:
            team.grant_preparer(session, administrator, user.email)
    return added


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


def _demo_sources(year: int, scale: str) -> list[dict]:
    """A tissue-paper mill's sources (the data are invented; the shape is a real one)."""
    return [
        {"id": "LH1", "category": "stationary_combustion", "sector": "manufacturing",
         "fuel": "other_bituminous_coal", "quantity": str(6500 * int(scale) // 100), "unit": "t",
         "description": "Lò hơi ghi xích 20 t/h", "data_source": "Phiếu nhập kho than"},
        {"id": "XN1", "category": "mobile_combustion", "fuel": "diesel_oil", "vehicle": "road",
         "quantity": "45", "unit": "t", "description": "Xe nâng, xe tải nội bộ"},
        {"id": "BA1", "category": "stationary_combustion", "sector": "commercial", "fuel": "lpg",
         "quantity": "30", "unit": "t", "description": "Bếp ăn tập thể"},
        {"id": "DL1", "category": "purchased_electricity", "supply": "grid",
         "quantity": str(24000 * int(scale) // 100), "unit": "MWh", "description": "Điện lưới EVN"},
        {"id": "ML1", "category": "refrigerant", "gas": "R-410A", "quantity": "18", "unit": "kg",
         "equipment": "Điều hòa văn phòng", "equipment_count": 24},
    ]


def seed_demo_reports(session: Session, today: dt.date) -> tuple[int, int]:
    """An accepted GHG inventory and a draft declaration for the demo enterprise, so that every
    page (what is due, review, register, statistics) has something to show. Only once."""

    filer = session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[0][0]))
    reviewer = session.scalar(select(User).where(User.email == DEMO_ACCOUNTS[1][0]))
    facility = session.scalar(select(Facility).join(Obligation).where(
        Obligation.basis_reference == DEMO_FACILITY_REFERENCES[0], Obligation.legal_basis == GHG_LEGAL_BASIS))
    if filer is None or reviewer is None or facility is None or facility.enterprise_id != filer.enterprise_id:
        return 0, _count(session, Report)
    if session.scalar(select(Report.id).where(Report.facility_id == facility.id)) is not None:
        return 0, _count(session, Report)
    period = session.scalar(select(ReportingPeriod).where(ReportingPeriod.form == FormKind.GHG_INVENTORY)
                            .order_by(ReportingPeriod.due_on))
    block = {"tax_code": facility.enterprise.tax_code, "name": facility.name, "address": facility.address,
             "commune_code": facility.commune_code, "vsic": "1709"}
    document = {
        "form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5", "facility": block,
        "boundary": {"consolidation_approach": "operational_control",
                     "description": "Toàn bộ nhà máy tại số 672 Ngô Gia Tự"},
        "years": [{"year": year, "sources": _demo_sources(year, scale)}
                  for year, scale in zip(period.data_years, ("100", "108"))],
        "quality": {"data_collection": "Hóa đơn mua than, điện; sổ theo dõi nhiên liệu",
                    "uncertainty_percent": "5"},
    }
    warnings = evaluate(FormKind.GHG_INVENTORY, document, today=today).get("warnings", [])
    if warnings:
        document["acknowledgements"] = [{"path": w["path"], "code": w["code"],
                                         "reason": "Dữ liệu mẫu của cổng thông tin"} for w in warnings]
    report = filing.create_report(session, filer, form="ghg-inventory", facility_id=facility.id,
                                  document=document, period_id=period.id, today=today)
    filing.submit_report(session, filer, report.id, certify=True, password=DEMO_PASSWORD, today=today)
    review.start_review(session, reviewer, report.id)  # accepted only under review, checklist ticked
    review.save_checklist(session, reviewer, report.id,
                          {item.key: {"ok": True} for item in checklist_for(report.form.value)})
    review.accept_report(session, reviewer, report.id, review.Acceptance(note="Dữ liệu mẫu"))
    declaration_period = session.scalar(select(ReportingPeriod).where(
        ReportingPeriod.form == FormKind.ENV_DECLARATION, ReportingPeriod.last_data_year < today.year)
        .order_by(ReportingPeriod.due_on.desc()))
    if declaration_period is not None:
        filing.create_report(session, filer, form="env-declaration", facility_id=facility.id, document={
            "form": "env-declaration", "form_version": "2026.1", "year": declaration_period.last_data_year,
            "facility": {**block, "employees": 350},
            "energy": {"electricity_kwh": "25920000",
                       "fuels": [{"fuel": "other_bituminous_coal", "quantity": "7020", "unit": "t"}]},
            "water": {"supply_m3": "620000", "sources": ["groundwater"]},
        }, period_id=declaration_period.id, today=today)
    return 2, _count(session, Report)
