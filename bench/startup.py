"""Time from `opentrunk serve` to a healthy /healthz, on a fresh data dir (migrations
and bootstrap included) and on a warm one. Target: under 2 s.

    .venv/bin/python bench/startup.py [runs]
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_ready(data_dir: str) -> float:
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))}
    env.update(OPENTRUNK_DATA_DIR=data_dir, OPENTRUNK_HTTP_PORT=str(port))
    started = time.perf_counter()
    process = subprocess.Popen(
        [OPENTRUNK, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.2).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data_dir:
            cold.append(time_to_ready(data_dir))
            warm.append(time_to_ready(data_dir))
    print(f"{'start':<22}{'median s':>10}{'max s':>10}")
    for name, values in (("fresh data dir", cold), ("existing data dir", warm)):
        print(f"{name:<22}{statistics.median(values):>10.2f}{max(values):>10.2f}")
    print(f"target 2.00 s: {'met' if max(cold + warm) < 2.0 else 'MISSED'}")


if __name__ == "__main__":
    main()
