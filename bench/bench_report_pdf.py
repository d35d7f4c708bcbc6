"""Benchmark: the copy of record (full report PDF) of a submitted 500-line GHG inventory.

Goal (issue 14): the copy of record of a report of 500 source lines (two data years of 250, the
form page benchmark's document, every warning explained) built in under 2 s, the way the portal
builds it (`intake.services.documents_pdf.full_report_pdf_file` on the stored version, in an
application context with a real SQLite database). Figures, each against a baseline measured in
the same run:

- build time (wall clock and CPU time, best of `--repeat`) against a bare reportlab table of the
  same 500 rows: the same columns (source id, category, quantity, unit, the other fields in one
  details column), plain strings, reportlab's default table style, repeated header, in a
  SimpleDocTemplate. That is what printing those rows costs with no wrapping, no fonts of our
  own, no labels, results or calculation annex;
- peak memory (tracemalloc, one build each) against the same bare table;
- pages and bytes of both documents.

    .venv/bin/python bench/bench_report_pdf.py [--lines 500] [--repeat 3]
"""
from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_form_page import PASSWORD, document, set_up  # noqa: E402

from intake.extensions import db  # noqa: E402
from intake.models import Report, User  # noqa: E402
from intake.services.documents_pdf import full_report_pdf_file  # noqa: E402
from intake.services.reports import submit_report, update_report  # noqa: E402

GOAL_SECONDS = 2.0
BASE_URL = "https://baocao.sct.hanoi.gov.vn"
# The columns of the bare table; every other field of a line goes into the details column.
COLUMNS = ("id", "category", "quantity", "unit")


def best(action, repeat: int) -> tuple[float, float]:
    """The best wall-clock and the best CPU time of `repeat` runs of `action`."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def peak_mib(action) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bare_rows(doc: dict) -> list[list[str]]:
    rows = [[*COLUMNS, "details"]]
    for year in doc["years"]:
        for source in year["sources"]:
            details = "; ".join(f"{key}: {value}" for key, value in source.items()
                                if key not in COLUMNS)
            rows.append([*(str(source.get(key, "")) for key in COLUMNS), details])
    return rows


def bare_table_pdf(rows: list[list[str]]) -> bytes:
    """The rows as one reportlab Table of plain strings in its default style, header repeated."""
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build([Table(rows, repeatRows=1)])
    return buffer.getvalue()


def submitted(app, report_id: int, result: dict, doc: dict) -> None:
    """Explain every warning (as a filer must) and submit: the stored version to print."""
    acknowledgements = [{"path": w["path"], "code": w["code"],
                         "reason": "Hệ số năm trước được dùng tạm; sẽ tính lại khi công bố."}
                        for w in result.get("warnings") or []]
    with app.app_context():
        user = db.session.query(User).filter_by(email="thep@bench.vn").one()
        report = db.session.get(Report, report_id)
        update_report(db.session, user, report_id, document={**doc, "acknowledgements":
                                                             acknowledgements},
                      expected_revision=report.revision)
        submit_report(db.session, user, report_id, certify=True, password=PASSWORD,
                      hash_profile="test")
        db.session.commit()
        db.session.remove()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    doc = document(args.lines)
    rows = bare_rows(doc)
    with tempfile.TemporaryDirectory(prefix="intake-report-pdf-") as folder:
        app, report_id, result = set_up(Path(folder), doc)
        submitted(app, report_id, result, doc)
        with app.app_context():
            report = db.session.get(Report, report_id)
            version = report.versions[-1]

            def record() -> bytes:
                return full_report_pdf_file(report, version, base_url=BASE_URL).getvalue()

            pdf = record()
            bare = bare_table_pdf(rows)
            # Alternated, so that a busy machine weighs on both alike.
            timings = {"record": [], "bare": []}
            for _ in range(args.repeat):
                timings["record"].append(best(record, 1))
                timings["bare"].append(best(lambda: bare_table_pdf(rows), 1))
            record_peak = peak_mib(record)
            bare_peak = peak_mib(lambda: bare_table_pdf(rows))
            db.session.remove()
            db.engine.dispose()
    wall, cpu = (min(t[i] for t in timings["record"]) for i in (0, 1))
    bare_wall, bare_cpu = (min(t[i] for t in timings["bare"]) for i in (0, 1))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    bare_pages = len(PdfReader(io.BytesIO(bare)).pages)

    print(f"copy of record of {args.lines} source lines: {pages} pages, {len(pdf) / 1024:.0f} KiB; "
          f"bare reportlab table of the same rows: {bare_pages} pages, {len(bare) / 1024:.0f} KiB")
    print(f"build, wall clock:  {wall * 1000:8.1f} ms   bare table {bare_wall * 1000:7.1f} ms   "
          f"ratio {wall / bare_wall:.2f}x   (goal < {GOAL_SECONDS:.0f} s)")
    print(f"build, CPU time:    {cpu * 1000:8.1f} ms   bare table {bare_cpu * 1000:7.1f} ms   "
          f"ratio {cpu / bare_cpu:.2f}x")
    print(f"peak memory:        {record_peak:8.1f} MiB  bare table {bare_peak:7.1f} MiB  "
          f"ratio {record_peak / bare_peak:.2f}x")
    print(f"per page:           {wall * 1000 / pages:8.1f} ms   bare table "
          f"{bare_wall * 1000 / bare_pages:7.1f} ms   ratio "
          f"{(wall / pages) / (bare_wall / bare_pages):.2f}x")
    ok = wall < GOAL_SECONDS
    print("goal met" if ok else f"GOAL NOT MET (copy of record < {GOAL_SECONDS:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
