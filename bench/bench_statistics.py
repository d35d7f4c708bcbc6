"""Province-scale benchmark of the sector database.

Synthetic data: N facilities × 10 data years × 20 source lines (N = 10,000 gives 2 million line
facts, the scale of a whole province). Figures, each with a bare baseline measured in the same
run on the same rows:

- a statistics query (`ghg_statistics` for one year, grouped by facility, category, commune)
  against a bare `SELECT ... GROUP BY` on the fact table;
- the year's statistics workbook against a bare openpyxl write-only pass of the same rows,
  timed on its own, then run again for its peak memory (tracemalloc);
- the annual report, Excel and PDF, with every facility on the register of a period of that
  year (compliance lists of N lines), against a bare openpyxl write / a bare reportlab table of
  the same rows.

    .venv/bin/python bench/bench_statistics.py                       # 1,000 facilities
    .venv/bin/python bench/bench_statistics.py --facilities 10000    # 2 million facts
    INTAKE_BENCH_POSTGRESQL_URL=postgresql+psycopg://postgres@127.0.0.1:54329/postgres \\
        .venv/bin/python bench/bench_statistics.py --database postgresql --facilities 10000
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

YEARS = list(range(2016, 2026))
LINES = 20
CATEGORIES = ("stationary_combustion", "mobile_combustion", "purchased_electricity", "refrigerant",
              "industrial_process")
FUELS = ("diesel_oil", "anthracite", "natural_gas", "lpg", None)
GOALS = {"sqlite": 3.0, "postgresql": 1.0}


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def measured(function, after=lambda: None):
    """(seconds, peak bytes, result): timed in a run of its own, since tracemalloc slows down
    every allocation (Python-level work far more than work done in C), then run again under
    tracemalloc for the peak memory."""
    seconds, result = timed(function)
    after()
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    after()
    return seconds, peak, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facilities", type=int, default=1000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    options = parser.parse_args()

    from intake import create_app
    from intake.extensions import db
    from intake.migrate import upgrade
    from intake.models import Facility, GhgLineFact, Obligation, ReportingPeriod
    from intake.services.annual_report import annual_report, annual_report_data
    from intake.services.seeding import seed_reference_data
    from intake.services.statistics import ghg_statistics
    from intake.services.statistics_export import statistics_workbook

    folder = Path(tempfile.mkdtemp(prefix="intake-stats-"))
    if options.database == "postgresql":
        server = os.environ["INTAKE_BENCH_POSTGRESQL_URL"]
        name = f"intake_stats_{os.getpid()}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server).set(database=name).render_as_string(False)
    else:
        url = f"sqlite:///{folder / 'stats.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder)})
    rng = random.Random(42)
    with app.app_context():
        engine = db.engine
        upgrade(engine)
        seed_reference_data(db.session)
        db.session.commit()
        communes = [row[0] for row in db.session.execute(text("SELECT code FROM communes"))]
        started = time.perf_counter()
        with engine.begin() as connection:
            # The facilities stay unclaimed by enterprises: grouping by facility joins them outer.
            connection.execute(insert(Facility), [
                {"id": 100000 + i, "name": f"Cơ sở số {i}", "address": "", "commune_code": rng.choice(communes),
                 "activity": "", "vsic": rng.choice(("1702", "1103", "2394", "2410", "1050")),
                 "created_at_utc": __import__("datetime").datetime.now(__import__("datetime").timezone.utc)}
                for i in range(options.facilities)])
            # A report row to hang the facts on.
            connection.execute(text(
                "INSERT INTO reports (id, facility_id, form, form_version, status, document, result, revision, "
                "created_at_utc, updated_at_utc) VALUES (900000, 100000, 'ghg-inventory', '2026.1', 'accepted', "
                "'{}', '{}', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            batch = []
            for index in range(options.facilities):
                facility = 100000 + index
                commune, vsic = rng.choice(communes), rng.choice(("1702", "1103", "2394", "2410", "1050"))
                filed = rng.choice(("AR4", "AR5", "AR6"))
                for year in YEARS:
                    for line in range(LINES):
                        # CO2e in every GWP set (the same figures as before there were sets).
                        tco2e = Decimal(rng.randint(1, 10**7)) / 1000
                        batch.append({"report_id": 900000, "version_number": 1, "facility_id": facility,
                                      "data_year": year, "line_id": f"S{line}", "category": CATEGORIES[line % 5],
                                      "scope": 2 if line % 5 == 2 else 1, "fuel": FUELS[line % 5],
                                      "commune_code": commune, "vsic": vsic, "gwp_set": filed,
                                      "tco2e_ar4": tco2e * Decimal("0.97"), "tco2e_ar5": tco2e,
                                      "tco2e_ar6": tco2e * Decimal("1.04"),
                                      "biogenic_co2_t": Decimal(0), "energy_tj": Decimal(rng.randint(0, 10**5)) / 1000,
                                      "energy_toe": Decimal(rng.randint(0, 10**6)) / 1000,
                                      "electricity_mwh": Decimal(0)})
                if len(batch) >= 50000:
                    connection.execute(insert(GhgLineFact), batch)
                    batch.clear()
            if batch:
                connection.execute(insert(GhgLineFact), batch)
            # Every facility obliged, in a period of the last year, none filed: the annual
            # report's compliance list has a line per facility.
            now = __import__("datetime").datetime.now(__import__("datetime").timezone.utc)
            connection.execute(insert(ReportingPeriod), [{
                "id": 900000, "form": "ghg-inventory", "name": "Kiểm kê KNK 2024–2025", "first_data_year": 2024,
                "last_data_year": 2025, "opens_on": __import__("datetime").date(2026, 1, 1),
                "due_on": __import__("datetime").date(2026, 3, 31), "created_at_utc": now}])
            connection.execute(insert(Obligation), [
                {"facility_id": 100000 + i, "form": "ghg-inventory", "legal_basis": "Quyết định 42/2026/QĐ-TTg",
                 "basis_reference": str(i), "sector": "", "reason": "", "added_at_utc": now}
                for i in range(options.facilities)])
        loaded = time.perf_counter() - started
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE ghg_line_facts"))
        else:
            with engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        facts = options.facilities * len(YEARS) * LINES
        print(f"{options.database}: {options.facilities} facilities × {len(YEARS)} years × {LINES} lines = "
              f"{facts:,} facts loaded in {loaded:.1f} s")
        year = YEARS[-1]
        print(f"{'query (year ' + str(year) + ')':<34}{'intake s':>10}{'bare s':>10}{'ratio':>8}")
        worst = 0.0
        for group_by, column in (("facility", "facility_id"), ("category", "category"), ("commune", "commune_code")):
            # The bare baseline is the database's own SUM (a float sum of the text on SQLite).
            bare_sql = text(f"SELECT {column}, SUM(tco2e_ar5) FROM ghg_line_facts WHERE data_year = :y "
                            f"GROUP BY {column}")
            bare, _ = timed(lambda: db.session.execute(bare_sql, {"y": year}).all())
            ours, rows = timed(ghg_statistics, db.session, year=year, group_by=group_by)
            worst = max(worst, ours)
            print(f"{'group by ' + group_by:<34}{ours:>10.3f}{bare:>10.3f}{ours / bare:>8.1f}")
        db.session.rollback()

        ours, peak_ours, workbook = measured(lambda: statistics_workbook(db.session, year=year),
                                             after=db.session.rollback)
        # The same rows as the workbook's sheets (every grouping of the year), written bare.
        rows = [list(row.values()) for group_by in ("facility", "category", "commune", "sector", "gas", "fuel")
                for row in ghg_statistics(db.session, year=year, group_by=group_by)]
        db.session.rollback()
        from openpyxl import Workbook

        def bare_write():
            book = Workbook(write_only=True)
            sheet = book.create_sheet("rows")
            for row in rows:
                sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()

        bare, peak_bare, _ = measured(bare_write)
        print(f"workbook of {year}: intake {ours:.2f} s, peak {peak_ours / 2**20:.0f} MiB "
              f"({len(workbook):,} bytes); bare openpyxl write-only of the same {len(rows):,} rows "
              f"{bare:.2f} s, peak {peak_bare / 2**20:.0f} MiB; ratio {ours / bare:.2f}")
        annual = {}
        for file_format in ("xlsx", "pdf"):
            annual[file_format] = measured(lambda: annual_report(db.session, year=year, file_format=file_format),
                                           after=db.session.rollback)
        report = annual_report_data(db.session, year=year)
        lines = [[line.facility, line.commune, line.form, line.state, line.first_submitted] for line in report.lines]
        table_rows = lines + [[str(v) for v in row.values()] for b in (*report.ghg_breakdowns, report.top_emitters)
                              for row in b.rows[:15]]
        db.session.rollback()

        def bare_pdf():
            from reportlab.lib.pagesizes import A4
            from reportlab.platypus import SimpleDocTemplate, Table

            buffer = io.BytesIO()
            SimpleDocTemplate(buffer, pagesize=A4).build([Table(table_rows, repeatRows=1)])
            return buffer.getvalue()

        all_rows = rows + lines
        rows[:] = all_rows  # bare_write writes the workbook's rows and the compliance lines
        bare_xlsx, peak_bare_xlsx, _ = measured(bare_write)
        bare_pdf_s, peak_bare_pdf, _ = measured(bare_pdf)
        for file_format, (bare_s, bare_peak) in (("xlsx", (bare_xlsx, peak_bare_xlsx)), ("pdf", (bare_pdf_s, peak_bare_pdf))):
            seconds, peak, data = annual[file_format]
            print(f"annual report {file_format} of {year} ({len(lines):,} compliance lines): intake {seconds:.2f} s, "
                  f"peak {peak / 2**20:.0f} MiB ({len(data):,} bytes); bare "
                  f"{'openpyxl' if file_format == 'xlsx' else 'reportlab Table'} of the same rows {bare_s:.2f} s, "
                  f"peak {bare_peak / 2**20:.0f} MiB; ratio {seconds / bare_s:.2f}")
        annual_met = all(seconds < 120 and peak < 1024 * 2**20 for seconds, peak, _ in annual.values())
        goal = GOALS[options.database]
        met = worst < goal and ours < 10 and peak_ours < 300 * 2**20 and annual_met
        print(f"goals: query < {goal} s, workbook < 10 s and < 300 MB, annual report < 120 s and < 1 GB: "
              f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
