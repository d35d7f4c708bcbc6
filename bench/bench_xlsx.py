"""Benchmark: reading a filled GHG template of 1,000 source rows (the most it may hold).

Goal (issue 7): `read_workbook` under 1 s, reported as a ratio to a bare read-only pass of
python-calamine over the same file (every sheet to Python values, nothing else). The full dry
run (`check_workbook`: read + the form's validation and calculation) is reported beside it.

    .venv/bin/python bench/bench_xlsx.py [--rows 1000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

import python_calamine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exporters.xlsx import read_workbook, write_template  # noqa: E402
from forms.ghg import GHG_FORM  # noqa: E402
from intake.services.xlsx_intake import check_workbook  # noqa: E402

GOAL_SECONDS = 1.0
LINES = [
    {"category": "stationary_combustion", "sector": "manufacturing", "fuel": "diesel_oil",
     "unit": "t", "description": "Lò hơi 10 t/h"},
    {"category": "purchased_electricity", "supply": "grid", "unit": "MWh"},
    {"category": "refrigerant", "gas": "R-410A", "unit": "kg", "equipment": "Chiller"},
    {"category": "mobile_combustion", "fuel": "motor_gasoline", "unit": "t"},
]


def document(rows: int) -> dict:
    years = []
    for year in (2023, 2024):
        sources = [dict(LINES[i % len(LINES)], id=f"S{i}", quantity=str(1000 + i))
                   for i in range(rows // 2)]
        years.append({"year": year, "sources": sources})
    return {"form": "ghg-inventory", "form_version": "2026.1", "gwp_set": "AR5",
            "facility": {"tax_code": "0100112437", "name": "Công ty Ví dụ",
                         "address": "Hà Nội", "commune_code": "00493"},
            "years": years}


def bare_pass(data: bytes) -> None:
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def best(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = write_template(GHG_FORM, document(args.rows))
    read = read_workbook(data)
    lines = sum(len(y["sources"]) for y in read.document["years"])
    assert lines == args.rows and not read.errors, (lines, read.errors[:3])
    bare = best(lambda: bare_pass(data), args.repeat)
    reading = best(lambda: read_workbook(data), args.repeat)
    today = dt.date(2026, 3, 1)
    checking = best(lambda: check_workbook(data, today=today), max(1, args.repeat // 2))
    print(f"workbook: {args.rows} source rows, {len(data) / 1024:.0f} KiB")
    print(f"bare calamine pass:        {bare * 1000:8.1f} ms")
    print(f"read_workbook:             {reading * 1000:8.1f} ms  "
          f"(ratio to bare pass {reading / bare:.1f}x)")
    print(f"check_workbook (+evaluate): {checking * 1000:7.1f} ms")
    ok = reading < GOAL_SECONDS
    print(f"goal read < {GOAL_SECONDS:.0f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
