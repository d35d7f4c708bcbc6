"""Load benchmark: 20 concurrent filers against gunicorn with several workers.

Each virtual filer repeats the filing flow through the JSON API: create a draft, save it five
times (autosave), submit it, pausing between requests as a person does (the web form autosaves
at most every 1.2 s; --think-ms, with ±50 % jitter). A second pass with no pause at all
measures the saturation throughput. Figures: requests per second and p50/p95/p99 latency per kind of
request, and the same for a trivial JSON endpoint (/healthz) measured in the same run, as the
baseline. Traffic goes to 127.0.0.1 only; every loop is bounded in time.

    .venv/bin/python bench/bench_load.py [--seconds 20] [--filers 20] [--workers 4]
    INTAKE_BENCH_POSTGRESQL_URL=postgresql+psycopg://postgres@127.0.0.1:54329/postgres \\
        .venv/bin/python bench/bench_load.py --database postgresql
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = json.loads((ROOT / "tests" / "data" / "api" / "ghg-worked-examples.json").read_text())
PASSWORD = "mat-khau-do-tai-2026"
TAX_CODES = ("0100112437", "0100109106", "0300588569")
GOAL_P95_MS = 200


def run(*args: str, env: dict, stdin: str | None = None) -> None:
    subprocess.run([sys.executable, "-m", "intake", *args], env=env, input=stdin, text=True,
                   check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, method: str, path: str, body=None, headers=None):
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        started = time.perf_counter()
        self.connection.request(method, path, body=payload, headers=all_headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        return response.status, response.getheader("ETag"), (json.loads(data) if data else None), elapsed


THINK_SECONDS = [1.0]


def think() -> None:
    if THINK_SECONDS[0] > 0:
        time.sleep(THINK_SECONDS[0] * random.uniform(0.5, 1.5))


def filer_loop(port: int, number: int, deadline: float, timings: dict, errors: list) -> None:
    client = Client(port)
    status, _, body, _ = client.call("POST", "/api/v1/tokens", {"email": f"filer{number}@bench.vn",
                                                                "password": PASSWORD})
    token = {"Authorization": f"Bearer {body['token']}"}
    rounds = 0
    while time.monotonic() < deadline:
        # One report per facility, form and period: each round files for a new facility.
        rounds += 1
        _, _, facility, _ = client.call("POST", "/api/v1/facilities", {
            "name": f"Nhà máy {number}.{rounds}", "address": "Hà Nội", "commune_code": "00493"}, token)
        facility_id = facility["id"]
        think()
        status, etag, report, elapsed = client.call("POST", "/api/v1/reports", {
            "form": "ghg-inventory", "facility_id": facility_id, "document": DOCUMENT}, token)
        timings["create"].append(elapsed)
        if status != 201:
            errors.append(("create", status))
            continue
        for _ in range(5):
            think()
            status, etag, _, elapsed = client.call("PUT", f"/api/v1/reports/{report['id']}",
                                                   {"document": DOCUMENT}, {**token, "If-Match": etag})
            timings["update"].append(elapsed)
            if status != 200:
                errors.append(("update", status))
                break
        think()
        status, _, _, elapsed = client.call("POST", f"/api/v1/reports/{report['id']}/submit",
                                            {"certify": True, "password": PASSWORD}, token)
        timings["submit"].append(elapsed)
        if status != 200:
            errors.append(("submit", status))


def baseline_loop(port: int, deadline: float, timings: dict, errors: list) -> None:
    client = Client(port)
    while time.monotonic() < deadline:
        status, _, _, elapsed = client.call("GET", "/healthz")
        timings["healthz"].append(elapsed)
        if status != 200:
            errors.append(("healthz", status))


def drive(target, count: int, seconds: float, *args) -> tuple[dict, list, float]:
    timings: dict[str, list[float]] = {"create": [], "update": [], "submit": [], "healthz": []}
    errors: list = []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=target, args=(*args[:1], *( (i,) if target is filer_loop else ()),
                                                     deadline, timings, errors))
               for i in range(count)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return timings, errors, time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--filers", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--think-ms", type=float, default=1000)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="intake-load-"))
    if options.database == "postgresql":
        server_url = os.environ["INTAKE_BENCH_POSTGRESQL_URL"]
        name = f"intake_load_{os.getpid()}"
        admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        database_url = make_url(server_url).set(database=name).render_as_string(False)
    else:
        database_url = f"sqlite:///{folder / 'intake.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(INTAKE_DATABASE_URL=database_url, INTAKE_INSTANCE_PATH=str(folder))
    run("db", "upgrade", env=env)
    run("seed", env=env)
    for number in range(options.filers):
        run("user", "create", f"filer{number}@bench.vn", "--role", "enterprise", "--tax-code",
            TAX_CODES[number % 3], "--password-stdin", env=env, stdin=PASSWORD + "\n")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "intake", "serve", "--port", str(port),
                               "--workers", str(options.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(150):
            try:
                Client(port).call("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        # Each filer needs a facility of its own.
        for number in range(options.filers):
            client = Client(port)
            _, _, body, _ = client.call("POST", "/api/v1/tokens", {"email": f"filer{number}@bench.vn",
                                                                   "password": PASSWORD})
            client.call("POST", "/api/v1/facilities", {"name": f"Nhà máy {number}", "address": "Hà Nội",
                                                       "commune_code": "00493"},
                        {"Authorization": f"Bearer {body['token']}"})
        base_timings, base_errors, base_elapsed = drive(baseline_loop, options.filers, options.seconds / 2, port)
        THINK_SECONDS[0] = options.think_ms / 1000
        timings, errors, elapsed = drive(filer_loop, options.filers, options.seconds, port)
        THINK_SECONDS[0] = 0
        flat_out, flat_errors, flat_elapsed = drive(filer_loop, options.filers, options.seconds / 2, port)
        errors += flat_errors
    finally:
        server.terminate()
        server.wait(timeout=20)
    baseline_rate = len(base_timings["healthz"]) / base_elapsed
    flow_requests = sum(len(timings[k]) for k in ("create", "update", "submit"))
    flow_rate = flow_requests / elapsed
    everything = timings["create"] + timings["update"] + timings["submit"]
    print(f"database {options.database}, {options.workers} gunicorn workers, {options.filers} concurrent filers "
          f"pausing ~{options.think_ms:.0f} ms between requests, {options.seconds:.0f} s")
    print(f"{'request':<10}{'count':>8}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for kind in ("healthz", "create", "update", "submit"):
        source = base_timings if kind == "healthz" else timings
        values = source[kind]
        print(f"{kind:<10}{len(values):>8}{percentile(values, .5):>10.1f}{percentile(values, .95):>10.1f}"
              f"{percentile(values, .99):>10.1f}")
    p95 = percentile(everything, .95)
    print(f"filing flow: {flow_rate:.0f} requests/s, p95 {p95:.1f} ms (goal < {GOAL_P95_MS} ms); "
          f"baseline /healthz: {baseline_rate:.0f} requests/s; ratio {flow_rate / baseline_rate:.2f}")
    saturated = flat_out["create"] + flat_out["update"] + flat_out["submit"]
    print(f"saturation (no pauses): {len(saturated) / flat_elapsed:.0f} requests/s, "
          f"p95 {percentile(saturated, .95):.1f} ms; ratio to baseline "
          f"{len(saturated) / flat_elapsed / baseline_rate:.3f}")
    print(f"errors: {len(errors) + len(base_errors)} {sorted(set(errors))[:5]}")
    return 0 if p95 < GOAL_P95_MS and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
