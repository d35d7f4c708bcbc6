"""Starting the real portal (`intake serve`, gunicorn) for tests that talk to it over HTTP."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_portal(env: dict[str, str], log_path: Path, workers: int = 2) -> tuple[subprocess.Popen, str]:
    """(process, base URL) of a portal answering on a free loopback port. Raises RuntimeError,
    with the server's log, if it does not come up within 30 s."""
    port = free_port()
    server_env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    server_env.update(env)
    server_env.setdefault("INTAKE_PASSWORD_HASH_PROFILE", "test")
    log = open(log_path, "w")
    process = subprocess.Popen([sys.executable, "-m", "intake", "serve", "--port", str(port),
                                "--workers", str(workers)], env=server_env, stdout=log,
                               stderr=subprocess.STDOUT)
    process.log = log  # closed by stop_portal
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base_url + "/healthz", timeout=2)
            return process, base_url
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_portal(process)
                raise RuntimeError("the portal did not start:\n" + log_path.read_text()) from None
            time.sleep(0.2)


def stop_portal(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    process.log.close()
