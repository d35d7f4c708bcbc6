"""Statistics in one GWP set, with exact facts (issue 11, "exact numbers end to end").

Two facilities' accepted reports, one filed under AR4 and one under AR5, with combustion,
fugitive CH4 and N2O, a refrigerant blend, purchased electricity and steam, and quantities with
more digits than a float holds. Every total, in every set, must equal an independent Decimal
computation (each gas's mass × its GWP read from the library's reference table, gwp.csv)
exactly, on SQLite as on PostgreSQL; in its own set a report must total as filed.
"""
import csv
import decimal
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from intake.models import Facility, GhgGasFact, GhgLineFact, User
from intake.models.exact_decimal import exact_sum
from intake.services import reports as filing
from intake.services.statistics import (
    GROUPINGS,
    UnknownGwpSet,
    ghg_statistics,
    ghg_total,
    rebuild,
    write_facts,
)
from intake.services.statistics_export import sector_report, statistics_workbook
from tests.conftest import TEST_PASSWORD, run_cli
from tests.review_helpers import accept_after_review

ROOT = Path(__file__).resolve().parents[2]
SETS = ("AR4", "AR5", "AR6")
# More significant digits than a double's 15–17: a float would change them.
LONG = "12345678.1234567891"
WIDE = decimal.Context(prec=500)


def reference_gwp() -> dict[tuple[str, str], Decimal]:
    """The reference table itself, read without the library's loader."""
    with open(ROOT / "forms" / "library" / "2026.1" / "gwp.csv", encoding="utf-8") as handle:
        return {(row["gas"], row["gwp_set"]): Decimal(row["gwp_100"]) for row in csv.DictReader(handle)}


def submit_explained(session, user, report) -> None:
    """Submit, explaining each warning first (a submission needs every warning explained)."""
    warnings = report.result.get("warnings", [])
    if warnings:
        explained = {**report.document, "acknowledgements": [
            {"path": w["path"], "code": w["code"], "reason": "Số liệu kiểm thử"} for w in warnings]}
        filing.update_report(session, user, report.id, document=explained, expected_revision=report.revision)
    filing.submit_report(session, user, report.id, certify=True, password=TEST_PASSWORD, hash_profile="test")


def document(gwp_set: str, tax_code: str, name: str, commune: str, scale: str) -> dict:
    factor = Decimal(scale)
    return {
        "form": "ghg-inventory", "form_version": "2026.1", "gwp_set": gwp_set,
        "facility": {"tax_code": tax_code, "name": name, "commune_code": commune, "vsic": "1702",
                     "address": "Khu công nghiệp Thăng Long, Hà Nội"},
        "years": [{"year": 2022, "sources": [
            {"id": "S1", "category": "stationary_combustion", "sector": "manufacturing",
             "fuel": "diesel_oil", "quantity": str(Decimal(LONG) * factor), "unit": "kg"},
            {"id": "F1", "category": "fugitive", "gas": "CH4", "quantity": str(Decimal(LONG) * factor), "unit": "kg"},
            {"id": "F2", "category": "fugitive", "gas": "N2O", "quantity": "0.0000012345678901234567", "unit": "t"},
            {"id": "R1", "category": "refrigerant", "gas": "R-410A", "quantity": "25.123456789123456789", "unit": "kg"},
            {"id": "E1", "category": "purchased_electricity", "supply": "grid", "quantity": "1000.000000001",
             "unit": "MWh"},
            {"id": "P1", "category": "purchased_steam", "ef_tco2_per_t": "0.123456789", "quantity": "1234.5678",
             "unit": "t"},
        ]}],
    }


PLANTS = (("AR4", "0100112437", "Nhà máy Giấy Việt Hưng", "00127", "1"),
          ("AR5", "0100109106", "Nhà máy Xi măng Sông Đà", "00493", "3.5"))


@pytest.fixture
def mixed(session, make_user):
    """Accepted reports of two facilities, one filed under AR4, one under AR5."""
    reviewer_id, _ = make_user("reviewer")
    filers = [make_user("enterprise", tax_code=plant[1])[0] for plant in PLANTS]
    reviewer = session.get(User, reviewer_id)
    reports = []
    for (gwp_set, tax_code, name, commune, scale), user_id in zip(PLANTS, filers):
        user = session.get(User, user_id)
        facility = Facility(name=name, commune_code=commune, vsic="1702", enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id,
                                      document=document(gwp_set, tax_code, name, commune, scale))
        assert report.result["valid"], report.result["errors"]
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        reports.append(report)
    session.commit()
    return [(report.facility_id, report.versions[-1].result) for report in reports]


def expected(mixed, gwp_set: str) -> dict:
    """The independent computation: per facility, per gas and in all, Σ mass × GWP."""
    gwp = reference_gwp()
    by_facility: dict[int, Decimal] = {}
    by_gas: dict[str, Decimal] = {}
    with decimal.localcontext(WIDE):
        for facility_id, result in mixed:
            for line in result["lines"]:
                for gas, mass in line["gases_t"].items():
                    co2e = Decimal(mass) * gwp[(gas, gwp_set)]
                    by_facility[facility_id] = by_facility.get(facility_id, Decimal(0)) + co2e
                    by_gas[gas] = by_gas.get(gas, Decimal(0)) + co2e
        total = sum(by_facility.values(), Decimal(0))
    return {"total": total, "facility": by_facility, "gas": by_gas}


def test_the_reports_have_the_masses_their_inputs_give(mixed):
    # The masses the expectation starts from are the inputs' own where a line is a mass of gas.
    for (facility_id, result), plant in zip(mixed, PLANTS):
        lines = {line["id"]: line for line in result["lines"]}
        assert result["gwp_set"] == plant[0]
        assert lines["F1"]["gases_t"] == {"CH4": Decimal(LONG) * Decimal(plant[4]) / 1000}
        assert lines["F2"]["gases_t"] == {"N2O": Decimal("0.0000012345678901234567")}
        assert lines["R1"]["gases_t"] == {"HFC-32": Decimal("0.0125617283945617283945"),
                                          "HFC-125": Decimal("0.0125617283945617283945")}
        assert set(lines["E1"]["gases_t"]) == set(lines["P1"]["gases_t"]) == {"CO2"}
        # Every line's CO2e is gas-based: Σ mass × GWP of the filed set is the line as filed.
        gwp = reference_gwp()
        for line in result["lines"]:
            with decimal.localcontext(WIDE):
                assert sum(Decimal(m) * gwp[(g, plant[0])] for g, m in line["gases_t"].items()) == line["tco2e"]


@pytest.mark.parametrize("gwp_set", SETS)
def test_every_total_in_every_set_equals_the_independent_computation(session, mixed, gwp_set):
    want = expected(mixed, gwp_set)
    assert ghg_total(session, 2022, gwp_set) == want["total"]
    facilities = ghg_statistics(session, year=2022, group_by="facility", gwp_set=gwp_set)
    assert {row["facility_id"]: row["total_tco2e"] for row in facilities} == want["facility"]
    gases = ghg_statistics(session, year=2022, group_by="gas", gwp_set=gwp_set)
    assert {row["gas"]: row["total_tco2e"] for row in gases} == want["gas"]
    for group_by in GROUPINGS:
        rows = ghg_statistics(session, year=2022 if group_by != "year" else None, group_by=group_by,
                              gwp_set=gwp_set)
        with decimal.localcontext(WIDE):
            assert sum(row["total_tco2e"] for row in rows) == want["total"], group_by
        totals = [row["total_tco2e"] for row in rows]
        assert totals == sorted(totals, reverse=True), group_by  # largest first, compared exactly


def test_the_sets_really_differ_and_the_default_is_ar5(session, mixed):
    totals = {gwp_set: ghg_total(session, 2022, gwp_set) for gwp_set in SETS}
    assert len(set(totals.values())) == 3
    assert ghg_total(session, 2022) == totals["AR5"]
    assert ghg_statistics(session, year=2022, group_by="gas") == ghg_statistics(
        session, year=2022, group_by="gas", gwp_set="AR5")
    with pytest.raises(UnknownGwpSet):
        ghg_total(session, 2022, "SAR")


def test_in_its_own_set_each_report_totals_exactly_as_filed(session, mixed):
    for (facility_id, result), plant in zip(mixed, PLANTS):
        rows = ghg_statistics(session, year=2022, group_by="facility", gwp_set=plant[0])
        mine = next(row for row in rows if row["facility_id"] == facility_id)
        with decimal.localcontext(WIDE):
            assert mine["total_tco2e"] == sum(line["tco2e"] for line in result["lines"])
            assert mine["energy_tj"] == sum(line["energy_tj"] or 0 for line in result["lines"])
        filed = result["years"]["2022"]["total_tco2e"]
        # The calculation adds a year's lines in the default 28-significant-digit context: where
        # its partial sums need more digits, the filed total is off in the 28th digit (left to the
        # calculation's owners; the statistics add the filed lines exactly).
        assert abs(mine["total_tco2e"] - filed) < Decimal(10) ** (filed.adjusted() - 26)


def test_a_worked_example_totals_as_filed_in_every_set_it_was_filed_in(session, make_user):
    reviewer_id, _ = make_user("reviewer")
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    worked = json.loads((ROOT / "tests" / "data" / "api" / "ghg-worked-examples.json").read_text(encoding="utf-8"))
    user, reviewer = session.get(User, user_id), session.get(User, reviewer_id)
    filed = {}
    for gwp_set in SETS:
        facility = Facility(name=f"Nhà máy {gwp_set}", commune_code="00127", enterprise_id=user.enterprise_id)
        session.add(facility)
        session.flush()
        worked["gwp_set"] = gwp_set
        report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=worked)
        submit_explained(session, user, report)
        accept_after_review(session, reviewer, report.id)
        filed[facility.id] = (gwp_set, report.versions[-1].result["years"])
    session.commit()
    for facility_id, (gwp_set, years) in filed.items():
        for year in (2022, 2023):
            rows = {row["facility_id"]: row for row in
                    ghg_statistics(session, year=year, group_by="facility", gwp_set=gwp_set)}
            assert rows[facility_id]["total_tco2e"] == years[str(year)]["total_tco2e"], (gwp_set, year)


def test_digits_beyond_a_float_survive_into_the_facts_and_their_sums(session, mixed):
    ch4 = [fact for fact in session.scalars(select(GhgGasFact).where(GhgGasFact.line_id == "F1"))]
    masses = sorted(fact.mass_t for fact in ch4)
    assert masses == [Decimal("12345.6781234567891"), Decimal("43209.87343209876185")]
    assert all(Decimal(repr(float(mass))) != mass for mass in masses)  # a float would have lost them
    for fact in ch4:
        assert fact.tco2e_ar6 == fact.mass_t * Decimal("27.9")
    assert session.scalar(select(exact_sum(GhgGasFact.mass_t)).where(GhgGasFact.line_id == "F1")) \
        == Decimal("55555.55155555555095")
    if session.get_bind().dialect.name == "sqlite":
        # Stored as text, never as a REAL.
        kinds = set(session.scalars(text("SELECT DISTINCT typeof(mass_t) FROM ghg_gas_facts")))
        assert kinds == {"text"}


@pytest.mark.parametrize("value, message", [(0.1, "not an exact decimal"), (Decimal("NaN"), "not a finite"),
                                            (Decimal("Infinity"), "not a finite")])
def test_a_float_or_a_non_number_never_enters_a_fact(session, mixed, value, message):
    fact = session.scalars(select(GhgLineFact)).first()
    fact.energy_tj = value
    with pytest.raises(StatementError, match=message):
        session.flush()
    session.rollback()


def test_sums_over_no_fact(session):
    assert session.scalar(select(exact_sum(GhgLineFact.tco2e_ar5))) is None
    assert ghg_total(session, 2022, "AR6") == 0 and ghg_statistics(session, year=2022, group_by="gas") == []


def test_rebuild_writes_the_same_exact_facts(session, mixed):
    def snapshot():
        return sorted((f.report_id, f.line_id, f.gwp_set, f.tco2e_ar4, f.tco2e_ar5, f.tco2e_ar6, f.energy_tj)
                      for f in session.scalars(select(GhgLineFact)))

    before = snapshot()
    rebuild(session)
    session.commit()
    assert snapshot() == before


def test_the_api_answers_in_the_set_asked_for(client, session, mixed, make_user):
    _, email = make_user("analyst")
    token = client.post("/api/v1/tokens", json={"email": email, "password": TEST_PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    for gwp_set in (None, *SETS):
        query = "" if gwp_set is None else f"&gwp_set={gwp_set}"
        response = client.get(f"/api/v1/statistics/ghg?year=2022&group_by=facility{query}", headers=headers)
        assert response.status_code == 200
        body = json.loads(response.data, parse_float=Decimal)  # every digit, as sent
        assert body["gwp_set"] == (gwp_set or "AR5")
        assert {row["facility_id"]: row["total_tco2e"] for row in body["rows"]} \
            == expected(mixed, gwp_set or "AR5")["facility"]
    gases = json.loads(client.get("/api/v1/statistics/ghg?year=2022&group_by=gas&gwp_set=AR4",
                                  headers=headers).data, parse_float=Decimal)
    assert {row["gas"]: row["total_tco2e"] for row in gases["rows"]} == expected(mixed, "AR4")["gas"]
    for wrong in ("AR7", "ar5", "", "SAR"):
        refused = client.get(f"/api/v1/statistics/ghg?year=2022&gwp_set={wrong}", headers=headers)
        assert refused.status_code == 422, wrong
        error = refused.get_json()["errors"][0]
        assert error["path"] == "gwp_set" and "AR4, AR5, AR6" in error["message"]


def _exact(cell) -> Decimal:
    # A number a double holds is a number cell; any other is its decimal text.
    return Decimal(cell.value) if isinstance(cell.value, str) else Decimal(repr(cell.value))


@pytest.mark.parametrize("gwp_set", ["AR4", "AR6"])
def test_the_workbook_states_its_set_and_holds_the_exact_figures(session, mixed, gwp_set):
    data = statistics_workbook(session, year=2022, gwp_set=gwp_set)
    session.commit()
    want = expected(mixed, gwp_set)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    summary = workbook["Tổng hợp"]
    assert f"GWP IPCC {gwp_set}" in summary["A1"].value
    rows = {row[0].value: row for row in summary.iter_rows(min_row=3)}
    assert rows["Bộ hệ số GWP dùng để quy đổi tCO2e"][1].value == f"IPCC {gwp_set}"
    total = rows["Tổng phát thải khí nhà kính"][1]
    assert _exact(total) == want["total"]
    assert isinstance(total.value, str)  # more digits than a double: written as text, not rounded
    facilities = workbook["Cơ sở"]
    assert f"(GWP {gwp_set})" in facilities["A1"].value
    by_id = {row[2].value: _exact(row[3]) for row in facilities.iter_rows(min_row=3)}
    assert {int(key): value for key, value in by_id.items()} == want["facility"]
    by_gas = workbook["Theo khí"]
    column = [c.value for c in by_gas[2]].index("Quy đổi (tCO2e)")
    gases = {row[0].value: _exact(row[column]) for row in by_gas.iter_rows(min_row=3)}
    assert gases == want["gas"]
    dictionary = " ".join(str(c.value) for row in workbook["Giải thích số liệu"].iter_rows() for c in row)
    assert f"của bộ IPCC {gwp_set}, cho mọi báo cáo" in dictionary


def test_the_pdf_sector_report_states_its_set(session, mixed):
    from pypdf import PdfReader

    pdf = sector_report(session, year=2022, gwp_set="AR6")
    session.commit()
    words = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "GWP IPCC AR6" in words and "(GWP AR6)" in words
    total = expected(mixed, "AR6")["total"]
    whole, fraction = f"{total.quantize(Decimal('0.001'), rounding=decimal.ROUND_HALF_EVEN):.3f}".split(".")
    assert f"{int(whole):,}".replace(",", ".") + "," + fraction in words


def test_an_unknown_set_is_refused_before_any_export(session, mixed):
    with pytest.raises(UnknownGwpSet):
        statistics_workbook(session, year=2022, gwp_set="AR3")


def test_the_export_command_keeps_its_form_and_takes_a_set(database_url, tmp_path, mixed):
    env = {"INTAKE_DATABASE_URL": database_url, "INTAKE_INSTANCE_PATH": str(tmp_path / "i")}
    plain = run_cli("export", "statistics", "--year", "2022", "-o", str(tmp_path / "a.xlsx"), env=env)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.startswith("statistics of 2022 written to ")
    summary = openpyxl.load_workbook(tmp_path / "a.xlsx")["Tổng hợp"]
    assert "GWP IPCC AR5" in summary["A1"].value
    chosen = run_cli("export", "statistics", "--year", "2022", "-o", str(tmp_path / "b.xlsx"),
                     "--gwp-set", "AR4", env=env)
    assert chosen.returncode == 0, chosen.stderr
    rows = {row[0].value: row for row in openpyxl.load_workbook(tmp_path / "b.xlsx")["Tổng hợp"].iter_rows(min_row=3)}
    assert _exact(rows["Tổng phát thải khí nhà kính"][1]) == expected(mixed, "AR4")["total"]
    wrong = run_cli("export", "statistics", "--year", "2022", "-o", str(tmp_path / "c.xlsx"),
                    "--gwp-set", "AR9", env=env)
    assert wrong.returncode == 2 and "AR9" in wrong.stderr and "Traceback" not in wrong.stderr


def test_write_facts_replaces_a_reports_facts(session, mixed):
    from intake.models import Report

    report = session.scalars(select(Report)).first()
    count = session.scalar(select(exact_sum(GhgLineFact.tco2e_ar5)))
    write_facts(session, report)
    session.commit()
    assert session.scalar(select(exact_sum(GhgLineFact.tco2e_ar5))) == count


def test_the_migration_rebuilds_exact_facts_from_the_accepted_versions(session, mixed):
    """0002 replaces the float-prone fact tables and fills them again from the accepted
    versions: run on the database, it must give the very facts that acceptance wrote. (Its own
    step only, not a downgrade through the later migrations.)"""
    import importlib.util

    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext

    def snapshot():
        lines = sorted((f.report_id, f.line_id, f.gwp_set, f.commune_code, f.vsic, f.tco2e_ar4, f.tco2e_ar5,
                        f.tco2e_ar6, f.energy_tj, f.energy_toe, f.electricity_mwh, f.biogenic_co2_t)
                       for f in session.scalars(select(GhgLineFact)))
        gases = sorted((f.report_id, f.line_id, f.gas, f.mass_t, f.tco2e_ar4, f.tco2e_ar5, f.tco2e_ar6)
                       for f in session.scalars(select(GhgGasFact)))
        return lines, gases

    before = snapshot()
    session.commit()
    path = next((ROOT / "intake" / "migrations" / "versions").glob("0002_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    engine = session.get_bind()
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM ghg_gas_facts"))
        context = MigrationContext.configure(connection, opts={"render_as_batch": engine.dialect.name == "sqlite"})
        with Operations.context(context):
            migration.upgrade()
    session.expire_all()
    assert snapshot() == before and before[0] and before[1]


@pytest.mark.parametrize("year", [2022, None])
def test_every_grouping_at_once_gives_the_rows_of_one_query_per_grouping(session, mixed, year):
    from intake.services.statistics import ghg_statistics_many

    for gwp_set in SETS:
        many = ghg_statistics_many(session, year=year, group_bys=GROUPINGS, gwp_set=gwp_set)
        assert set(many) == set(GROUPINGS)
        for group_by in GROUPINGS:
            assert many[group_by] == ghg_statistics(session, year=year, group_by=group_by, gwp_set=gwp_set), \
                (gwp_set, group_by)
    with pytest.raises(UnknownGwpSet):
        ghg_statistics_many(session, year=year, group_bys=("facility",), gwp_set="AR7")


def test_the_totals_by_year_are_the_year_grouping(session, mixed):
    from intake.services.statistics import ghg_totals_by_year

    for gwp_set in SETS:
        rows = ghg_statistics(session, year=None, group_by="year", gwp_set=gwp_set)
        assert ghg_totals_by_year(session, gwp_set) == sorted(
            ({"year": row["year"], "total_tco2e": row["total_tco2e"]} for row in rows), key=lambda row: row["year"])
        assert ghg_totals_by_year(session, gwp_set)[0]["total_tco2e"] == expected(mixed, gwp_set)["total"]


def test_a_gas_without_a_gwp_in_a_set_is_left_out_of_that_set_never_counted_as_zero(session, make_user):
    """R-448A filed under AR6: HFO-1234yf and HFO-1234ze(E) have no AR4 or AR5 GWP. In AR6 the
    report counts as filed; in AR5 their CO2e is NULL, the totals leave them out, and the
    workbook says which gases in what tonnes."""
    reviewer_id, _ = make_user("reviewer")
    user_id, _ = make_user("enterprise", tax_code="0100112437")
    user = session.get(User, user_id)
    facility = Facility(name="Kho lạnh Đông Anh", commune_code="00493", vsic="5210", enterprise_id=user.enterprise_id)
    session.add(facility)
    session.flush()
    doc = {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR6",
           "facility": {"tax_code": "0100112437", "name": facility.name, "address": "Đông Anh, Hà Nội",
                        "commune_code": "00493"},
           "years": [{"year": 2024, "sources": [
               {"id": "R1", "category": "refrigerant", "gas": "R-448A", "quantity": "125.0000000000000000001",
                "unit": "kg"},
               {"id": "R2", "category": "refrigerant", "gas": "R-22", "quantity": "10", "unit": "kg"}]}]}
    report = filing.create_report(session, user, form="ghg-inventory", facility_id=facility.id, document=doc)
    assert report.result["valid"], report.result["errors"]
    submit_explained(session, user, report)
    accept_after_review(session, session.get(User, reviewer_id), report.id)
    session.commit()

    mass = Decimal("125.0000000000000000001") / 1000
    hfo = {gas: mass * fraction for gas, fraction in (("HFO-1234yf", Decimal("0.2")), ("HFO-1234ze(E)", Decimal("0.07")))}
    facts = {f.gas: f for f in session.scalars(select(GhgGasFact).where(GhgGasFact.line_id == "R1"))}
    for gas in hfo:
        assert facts[gas].tco2e_ar5 is None and facts[gas].tco2e_ar4 is None and facts[gas].tco2e_ar6 is not None
    (line,) = session.scalars(select(GhgLineFact).where(GhgLineFact.line_id == "R1")).all()
    assert line.tco2e_ar5 is None and line.tco2e_ar6 == report.result["lines"][0]["tco2e"]

    assert ghg_total(session, 2024, "AR6") == report.result["years"]["2024"]["total_tco2e"]
    # In AR5 only R-22 (HCFC-22, 1760) is counted: R-448A's line cannot be expressed in AR5.
    assert ghg_total(session, 2024, "AR5") == Decimal("0.010") * 1760
    by_gas = {row["gas"]: row for row in ghg_statistics(session, year=2024, group_by="gas", gwp_set="AR5")}
    assert by_gas["HFO-1234yf"]["total_tco2e"] is None and by_gas["HFO-1234yf"]["mass_t"] == hfo["HFO-1234yf"]
    assert list(by_gas)[-2:] == sorted(hfo)  # the gases without a value come last
    # R-22 is counted as HCFC-22 and flagged ozone-depleting (Decree 06/2022/NĐ-CP, Art. 22).
    assert by_gas["HCFC-22"]["ozone_depleting"] is True and by_gas["HFC-32"]["ozone_depleting"] is False

    workbook = openpyxl.load_workbook(io.BytesIO(statistics_workbook(session, year=2024, gwp_set="AR5")))
    cells = [str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value]
    assert any("HFO-1234yf: không có GWP trong bộ AR5, không cộng vào tổng tCO2e" in c for c in cells)
    gas_rows = {row[0].value: row[1].value for row in workbook["Theo khí"].iter_rows(min_row=3)}
    assert gas_rows["HCFC-22"] == "Có (Nghị định 06/2022/NĐ-CP, Điều 22)" and not gas_rows["HFC-32"]
