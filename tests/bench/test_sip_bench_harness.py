"""The SIP throughput benchmark (``bench/sip/run.py``) still works: one low-rate step
through each system it compares (SIPp straight into the UAS, Kamailio with the bench
configuration, a real ``opentrunk serve`` with full policy), every call completed.

Speed is not judged here (targets live in the benchmark, not in timed tests): a
retransmission on a busy machine is tolerated, a failed or missing call is not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.interop

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "bench" / "sip" / "run.py"
SYSTEMS = ("sipp", "kamailio", "opentrunk")
RATE = 50


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in ("sipp", "kamailio") if shutil.which(tool) is None]
    if not missing:
        return
    message = (
        f"{' and '.join(missing)} not on PATH "
        "(apt-get install -y sip-tester kamailio; scripts/test installs them)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the SIP benchmark harness test: {message}")
    pytest.skip(message)


def test_one_low_rate_step_through_each_system(tools: None, tmp_path: Path) -> None:
    report = tmp_path / "sip-bench.json"
    command = [
        sys.executable, str(RUN), "--systems", ",".join(SYSTEMS), "--rates", str(RATE),
        "--step-seconds", "1", "--settle", "0", "--tries", "1", "--keep-going",
        "--json", str(report),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    results = {r["system"]: r for r in json.loads(report.read_text())["results"]}
    assert set(results) == set(SYSTEMS), output
    for name, result in results.items():
        assert not result["error"], (name, output)
        (step,) = result["steps"]
        assert step["rate"] == RATE
        assert step["successful"] == step["calls"] == RATE, (name, output)
        assert step["failed"] == 0, (name, output)
        assert step["achieved"] > 0, (name, output)
    assert "opentrunk / kamailio = " in done.stdout, output
