"""``opentrunk serve`` as a user runs it: a real process, real sockets, real signals."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data_dir: Path, port: int, **env: str) -> subprocess.Popen[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    # SIP on any free port: tests run in parallel, and 5060 may be taken.
    environment.update(
        OPENTRUNK_DATA_DIR=str(data_dir), OPENTRUNK_HTTP_PORT=str(port), OPENTRUNK_SIP_PORT="0"
    )
    environment.update(env)
    return subprocess.Popen(
        [OPENTRUNK, "serve"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _wait_ready(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise AssertionError(
                f"server exited early:\n{process.stdout.read() if process.stdout else ''}"
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return time.monotonic() - started
        except httpx.TransportError:
            pass
        time.sleep(0.02)  # polling a real process's readiness; there is no clock to advance
    raise AssertionError("server not ready")


def _stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> str:
    process.send_signal(sig)
    output, _ = process.communicate(timeout=15)
    assert process.returncode == 0, output
    return output


def test_first_start_creates_prints_and_keeps_credentials(tmp_path):
    port = _free_port()
    process = _start(tmp_path, port)
    _wait_ready(port, process)  # how fast is measured by bench/startup.py, not here
    saved = json.loads((tmp_path / "credentials.json").read_text())
    assert oct((tmp_path / "credentials.json").stat().st_mode & 0o777) == "0o600"
    token = httpx.post(
        f"http://127.0.0.1:{port}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(saved["keyId"], saved["keySecret"]),
    )
    assert token.status_code == 200
    output = _stop(process)
    assert f"SINCH_KEY_SECRET={saved['keySecret']}" in output
    assert (tmp_path / "opentrunk.db").exists()

    # A second start keeps the data and does not print a new key.
    process = _start(tmp_path, port)
    _wait_ready(port, process)
    trunks = httpx.get(
        f"http://127.0.0.1:{port}/v1/projects/{saved['projectId']}/trunks",
        auth=(saved["keyId"], saved["keySecret"]),
    )
    assert trunks.status_code == 200
    output = _stop(process, signal.SIGINT)
    assert "SINCH_KEY_SECRET" not in output


def test_sinch_variables_make_that_project_and_key(tmp_path):
    port = _free_port()
    env = {
        "SINCH_PROJECT_ID": "my-project",
        "SINCH_KEY_ID": "my-key",
        "SINCH_KEY_SECRET": "s3cret-value",
    }
    for _ in range(2):  # idempotent across restarts
        process = _start(tmp_path, port, **env)
        _wait_ready(port, process)
        created = httpx.post(
            f"http://127.0.0.1:{port}/v1/projects/my-project/trunks",
            json={"name": "t", "hostName": f"h{_}"},
            auth=("my-key", "s3cret-value"),
        )
        assert created.status_code == 201, created.text
        output = _stop(process)
        assert "SINCH_KEY_SECRET=" not in output
    assert not (tmp_path / "credentials.json").exists()


def test_graceful_shutdown_finishes_a_request_in_flight(tmp_path):
    port = _free_port()
    process = _start(
        tmp_path, port, SINCH_PROJECT_ID="p", SINCH_KEY_ID="k", SINCH_KEY_SECRET="secret-value"
    )
    _wait_ready(port, process)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", auth=("k", "secret-value")) as client:
        assert client.get("/v1/projects/p/trunks").status_code == 200
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "Application shutdown complete" in output


@pytest.mark.parametrize("flag", ["--http-port", "--data-dir"])
def test_flags_are_documented(flag):
    result = subprocess.run(
        [OPENTRUNK, "serve", "--help"], capture_output=True, text=True, check=True
    )
    assert flag in result.stdout


def test_an_invalid_setting_is_a_clear_error_at_start(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    environment.update(
        OPENTRUNK_DATA_DIR=str(tmp_path), OPENTRUNK_JOB_RETENTION_DAYS="-1", OPENTRUNK_SIP_PORT="0"
    )
    result = subprocess.run(
        [OPENTRUNK, "serve"], env=environment, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: invalid setting OPENTRUNK_JOB_RETENTION_DAYS='-1': "
        "Input should be greater than or equal to 0"
    )
