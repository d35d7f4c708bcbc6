"""Benchmark: the guided form page of a large GHG inventory.

A steel or cement plant files hundreds of source lines. Goals (issue 14), for a report of 500
source lines (two data years of 250): the form page under 1.5 MB and 300 ms of server time.
Figures, each against a baseline measured in the same run:

- page bytes per byte of the document's JSON (the data the page carries);
- server time of the form page (GET through the WSGI app, a real SQLite database), against the
  time to serialise the same document to JSON.

The copy of record of the same report (goal: under 2 s) has its own benchmark,
bench/bench_report_pdf.py, which reuses this document and set-up.

    .venv/bin/python bench/bench_form_page.py [--lines 500] [--repeat 5]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intake import create_app  # noqa: E402
from intake.domain import jsonio  # noqa: E402
from intake.domain.roles import Role  # noqa: E402
from intake.extensions import db  # noqa: E402
from intake.migrate import upgrade  # noqa: E402
from intake.models import Facility  # noqa: E402
from intake.services.accounts import create_user  # noqa: E402
from intake.services.reports import create_report  # noqa: E402
from intake.services.seeding import seed_reference_data  # noqa: E402

PAGE_GOAL_BYTES = 1_500_000
PAGE_GOAL_SECONDS = 0.300
PASSWORD = "mat-khau-do-tai-2026"
LINES = [
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
     "unit": "t", "description": "Lò hơi 10 t/h", "data_source": "Hóa đơn mua nhiên liệu"},
    {"category": "purchased_electricity", "supply": "grid", "unit": "MWh",
     "supplier": "EVN Hà Nội"},
    {"category": "refrigerant", "gas": "R-410A", "unit": "kg", "equipment": "Chiller 500 RT",
     "equipment_count": 2},
    {"category": "mobile_combustion", "fuel": "motor_gasoline", "unit": "L",
     "density_kg_per_l": "0.74", "vehicle": "road_uncontrolled"},
    {"category": "industrial_process", "process": "Sản xuất clinker", "ef_tco2_per_t": "0.52",
     "unit": "t", "ef_source": "Đo đạc năm 2024"},
]


def document(lines: int) -> dict:
    years = []
    for year in (2023, 2024):
        sources = [dict(LINES[i % len(LINES)], id=f"S{i + 1:03d}", quantity=str(1000 + i))
                   for i in range(lines // 2)]
        years.append({"year": year, "sources": sources})
    return {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
            "facility": {"tax_code": "0100112437", "name": "Công ty Thép Ví dụ",
                         "address": "KCN Thăng Long, Hà Nội", "commune_code": "00493"},
            "years": years}


def best(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def set_up(folder: Path, doc: dict):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "PASSWORD_HASH_PROFILE": "test", "SESSION_COOKIE_SECURE": False})
    with app.app_context():
        upgrade(db.engine)
        seed_reference_data(db.session)
        user = create_user(db.session, email="thep@bench.vn", role=Role.ENTERPRISE,
                           password=PASSWORD, tax_code="0100112437", hash_profile="test")
        facility = Facility(name="Nhà máy Thép Ví dụ", commune_code="00493",
                            enterprise_id=user.enterprise_id, address="KCN Thăng Long")
        db.session.add(facility)
        db.session.flush()
        report = create_report(db.session, user, form="ghg-inventory", facility_id=facility.id,
                               document=doc)
        db.session.commit()
        report_id, result = report.id, report.result
        db.session.remove()
    return app, report_id, result


def log_in(client) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": "thep@bench.vn", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302, response.status_code


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    doc = document(args.lines)
    json_bytes = len(jsonio.dumps(doc).encode())
    with tempfile.TemporaryDirectory(prefix="intake-form-page-") as folder:
        app, report_id, result = set_up(Path(folder), doc)
        client = app.test_client()
        log_in(client)
        page = client.get(f"/reports/{report_id}")
        assert page.status_code == 200, page.status_code
        page_bytes = len(page.data)
        serving = best(lambda: client.get(f"/reports/{report_id}"), args.repeat)
        dumping = best(lambda: jsonio.dumps(doc), args.repeat)
        with app.app_context():
            db.engine.dispose()
    print(f"report: {args.lines} source lines, document JSON {json_bytes / 1024:.0f} KiB")
    print(f"form page:           {page_bytes / 1024:8.0f} KiB  "
          f"({page_bytes / json_bytes:.1f} bytes per byte of JSON; goal < {PAGE_GOAL_BYTES / 1e6} MB)")
    print(f"form page, server:   {serving * 1000:8.1f} ms   "
          f"(ratio to a JSON dump of the document {serving / dumping:.0f}x; "
          f"goal < {PAGE_GOAL_SECONDS * 1000:.0f} ms)")
    ok = page_bytes < PAGE_GOAL_BYTES and serving < PAGE_GOAL_SECONDS
    print("goals met" if ok else "GOALS NOT MET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
