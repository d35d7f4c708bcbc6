"""Benchmark: refusing a 200,000-source-row template; accepting a 500-row one as before.

Goal (issue 13): the dry run (`check_workbook`, what `intake xlsx read` and the portal call)
refuses the 200,000-row workbook within 2 s and under 300 MB peak memory; both are reported as
a ratio to a bare python-calamine read of the first 501 rows of that sheet in the same run
(calamine reads a whole sheet before giving any row, so the bare read is the cost the reader
avoids). A 500-row workbook is still accepted, its time reported against a bare calamine pass
over every sheet. Each measurement runs in a child process, whose peak RSS is its own.

    .venv/bin/python bench/bench_xlsx_refusal.py [--rows 200000] [--repeat 3]

The large workbook is the repository's own template (write_template) with its source sheet's
rows multiplied in the sheet XML, streamed into the zip: built in seconds, it is the file a
filer would get by pasting 200,000 rows into the template.
"""
from __future__ import annotations

import argparse
import io
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 2.0
GOAL_MB = 300
SOURCES_SHEET = "Nguồn thải"


def _document(rows: int) -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_xlsx import document  # the same rows as bench_xlsx.py
    return document(rows)


def build_large(rows: int) -> bytes:
    """The GHG template with `rows` source lines on its source sheet (one data year)."""
    # Imports inside functions: a child process measures its own, the bare one none of these.
    from exporters.xlsx import write_template
    from exporters.xlsx.package import open_package
    from forms.ghg import GHG_FORM
    seed = write_template(GHG_FORM, _document(2))
    part = open_package(seed).sheet_parts()[SOURCES_SHEET]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename != part:
                target.writestr(info, content)
                continue
            text = content.decode("utf-8")
            start = text.index('<row r="4"')
            first = text[start:text.index("</row>", start) + len("</row>")]
            row = re.sub(r'(<(?:row|c) r="[A-Z]*)4"', r'\g<1>{r}"', first)
            row = row.replace("<t>S0</t>", "<t>S{i}</t>")
            with target.open(info.filename, "w", force_zip64=True) as stream:
                stream.write(text[:start].encode("utf-8"))
                chunk = []
                for i in range(rows):
                    chunk.append(row.format(r=4 + i, i=i))
                    if len(chunk) == 5000:
                        stream.write("".join(chunk).encode("utf-8"))
                        chunk = []
                stream.write("".join(chunk).encode("utf-8"))
                stream.write(text[text.index("</sheetData>"):].encode("utf-8"))
    return out.getvalue()


def build_accepted(rows: int) -> bytes:
    from exporters.xlsx import write_template
    from forms.ghg import GHG_FORM
    return write_template(GHG_FORM, _document(rows))


# --- what each child process does ---------------------------------------------------------

def _bare_first_rows(data: bytes, rows: int) -> None:
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    got = book.get_sheet_by_name(SOURCES_SHEET).to_python(skip_empty_area=False, nrows=rows)
    assert len(got) == rows


def _bare_every_sheet(data: bytes) -> None:
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _refuse(data: bytes) -> None:
    from intake.services.xlsx_intake import check_workbook
    outcome = check_workbook(data)
    assert not outcome["readable"], "the large workbook was not refused"
    error = outcome["errors"][0]
    assert error["code"] == "xlsx_too_large" and SOURCES_SHEET in error["message"], error


def _accept(data: bytes) -> None:
    from intake.services.xlsx_intake import check_workbook
    outcome = check_workbook(data)
    assert outcome["readable"] and not outcome["errors"], outcome["errors"][:3]


def _read(data: bytes) -> None:
    from exporters.xlsx import read_workbook
    assert not read_workbook(data).errors


CHILD_ACTIONS = {
    "bare-501": lambda data: _bare_first_rows(data, 501),
    "bare-all": _bare_every_sheet,
    "refuse": _refuse,
    "accept": _accept,
    "read": _read,
}


def child(action: str, path: str, repeat: int) -> None:
    data = Path(path).read_bytes()
    if action in ("refuse", "accept", "read"):
        import intake.services.xlsx_intake  # noqa: F401 (not part of the cost)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        CHILD_ACTIONS[action](data)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": min(times), "peak_mb": peak / 1024,
                      "before_mb": before / 1024}))


def measure(action: str, path: Path, repeat: int) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", action, str(path),
                           "--repeat", str(repeat)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{action} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli_seconds(path: Path) -> tuple[float, int, dict]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "intake", "xlsx", "read", str(path)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    elapsed = time.perf_counter() - start
    return elapsed, done.returncode, json.loads(done.stdout)["errors"][0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--accepted-rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("ACTION", "FILE"))
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.repeat)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        large, small = Path(folder) / "large.xlsx", Path(folder) / "accepted.xlsx"
        start = time.perf_counter()
        large.write_bytes(build_large(args.rows))
        built = time.perf_counter() - start
        small.write_bytes(build_accepted(args.accepted_rows))
        with zipfile.ZipFile(large) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
        print(f"large workbook: {args.rows:,} source rows, {large.stat().st_size / 2**20:.1f} MiB "
              f"({unpacked / 2**20:.0f} MiB unpacked), built in {built:.1f} s")
        bare = measure("bare-501", large, args.repeat)
        refused = measure("refuse", large, args.repeat)
        cli, status, error = cli_seconds(large)
        print(f"bare calamine, first 501 rows: {bare['seconds'] * 1000:8.0f} ms, "
              f"peak {bare['peak_mb']:5.0f} MB")
        print(f"refusal (check_workbook):      {refused['seconds'] * 1000:8.0f} ms, "
              f"peak {refused['peak_mb']:5.0f} MB (of which {refused['before_mb']:.0f} MB "
              f"imports); ratio to bare: time {refused['seconds'] / bare['seconds']:.2f}x, "
              f"memory {refused['peak_mb'] / bare['peak_mb']:.2f}x")
        print(f"`intake xlsx read` (whole process): {cli * 1000:.0f} ms, exit {status}: "
              f"{error['message']}")
        bare_all = measure("bare-all", small, args.repeat)
        read = measure("read", small, args.repeat)
        accepted = measure("accept", small, args.repeat)
        print(f"accepted workbook: {args.accepted_rows} source rows, "
              f"{small.stat().st_size / 1024:.0f} KiB")
        print(f"bare calamine, every sheet:    {bare_all['seconds'] * 1000:8.1f} ms")
        print(f"read_workbook:                 {read['seconds'] * 1000:8.1f} ms "
              f"(ratio to bare {read['seconds'] / bare_all['seconds']:.1f}x)")
        print(f"check_workbook (+validation):  {accepted['seconds'] * 1000:8.1f} ms, "
              f"peak {accepted['peak_mb']:.0f} MB")
    ok = refused["seconds"] < GOAL_SECONDS and refused["peak_mb"] < GOAL_MB and status == 2
    print(f"goal refusal < {GOAL_SECONDS:.0f} s and < {GOAL_MB} MB, exit 2: "
          f"{'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
