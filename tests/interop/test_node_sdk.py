"""The official Sinch Node SDK (``@sinch/sdk-core`` 1.4.0, pinned in ``node/package-lock.json``)
drives a real ``opentrunk serve`` process through every Elastic SIP Trunking method it has.

The SDK is installed with ``npm ci`` when ``node/node_modules`` is missing or was
installed from another lock file (how CI, on a clean clone, gets it). Call records, which
the SIP edge writes in production, are inserted into the server's database first; the
script (``node/est-sdk.mjs``) then finds and exports them through the SDK.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID
from tests.interop.seed_calls import seed_calls

pytestmark = pytest.mark.interop

NODE_DIR = Path(__file__).parent / "node"
SCRIPT = "est-sdk.mjs"
OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))
# Every method of the EST service object of @sinch/elastic-sip-trunking 1.4.0.
EST_METHODS_1_4_0 = 47


@dataclass(frozen=True)
class NodeSdk:
    node: str
    directory: Path


def _install_digest() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((NODE_DIR / name).read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def node_sdk() -> NodeSdk:
    """The pinned SDK in ``node/node_modules``, installed with ``npm ci`` when missing or
    stale. Concurrent test workers take turns through a file lock."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Node SDK interop test: node and npm are not on PATH")
        pytest.skip("node and npm are not installed")
    stamp = NODE_DIR / "node_modules" / ".opentrunk-npm-ci"
    digest = _install_digest()
    key = hashlib.sha256(str(NODE_DIR.resolve()).encode()).hexdigest()[:16]
    with open(Path(tempfile.gettempdir()) / f"opentrunk-npm-ci-{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (stamp.is_file() and stamp.read_text() == digest):
            installed = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=NODE_DIR,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert installed.returncode == 0, (
                f"npm ci failed:\n{installed.stdout}\n{installed.stderr}"
            )
            stamp.write_text(digest)
    return NodeSdk(node, NODE_DIR)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    database_url: str
    process: subprocess.Popen[str]

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=20)
        return self.process.returncode, output


def _start(data_dir: Path, database_url: str) -> Server:
    # A port picked here may be taken before the server binds it: try a few.
    for _ in range(3):
        port = _free_port()
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
        }
        environment.update(
            OPENTRUNK_DATA_DIR=str(data_dir),
            OPENTRUNK_DATABASE_URL=database_url,
            OPENTRUNK_HTTP_PORT=str(port),
            OPENTRUNK_SIP_PORT=str(_free_port()),
            SINCH_PROJECT_ID=PROJECT_ID,
            SINCH_KEY_ID=KEY_ID,
            SINCH_KEY_SECRET=KEY_SECRET,
        )
        process = subprocess.Popen(
            [OPENTRUNK, "serve"],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=0.5).status_code == 200:
                    return Server(base_url, database_url, process)
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # polling a real process's readiness; no clock to advance
        if process.poll() is None:
            process.kill()
        output, _ = process.communicate(timeout=10)
        if "address already in use" not in output.lower():
            raise AssertionError(f"opentrunk serve did not become ready:\n{output}")
    raise AssertionError("no free port for opentrunk serve after 3 tries")


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    running = _start(tmp_path / "data", database_url)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.communicate(timeout=10)


def _run_script(sdk: NodeSdk, server: Server, calls_file: Path) -> tuple[int, dict[str, Any], str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    environment.update(
        OPENTRUNK_BASE_URL=server.base_url,
        OPENTRUNK_INTEROP_CALLS=str(calls_file),
        SINCH_PROJECT_ID=PROJECT_ID,
        SINCH_KEY_ID=KEY_ID,
        SINCH_KEY_SECRET=KEY_SECRET,
    )
    result = subprocess.run(
        [sdk.node, SCRIPT],
        cwd=sdk.directory,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    try:
        summary = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(
            f"no JSON summary (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        ) from None
    return result.returncode, summary, result.stderr


def test_official_node_sdk_drives_every_est_method(
    node_sdk: NodeSdk, server: Server, tmp_path: Path
) -> None:
    seeded = asyncio.run(seed_calls(server.database_url, PROJECT_ID, datetime.now(UTC)))
    calls_file = tmp_path / "calls.json"
    calls_file.write_text(json.dumps(seeded))

    status, summary, stderr = _run_script(node_sdk, server, calls_file)

    failures = "\n".join(summary.get("failures", []))
    assert status == 0, f"the Node SDK script failed:\n{failures}\n{stderr}"
    assert summary["ok"] is True
    assert summary["sdk"]["@sinch/sdk-core"] == "1.4.0"
    assert summary["sdk"]["@sinch/elastic-sip-trunking"] == "1.4.0"
    assert summary["methods"]["total"] == EST_METHODS_1_4_0
    assert summary["methods"]["notCalled"] == []
    assert len(summary["methods"]["called"]) == EST_METHODS_1_4_0
    sections = {s["name"]: s for s in summary["sections"]}
    assert set(sections) == {
        "sipTrunks", "sipEndpoints", "accessControlList", "credentialLists",
        "countryPermissions", "callBlockingRules", "calls", "auth", "projects",
    }  # fmt: skip
    for name, section in sections.items():
        assert section["ok"], (name, section)
        assert "note" not in section, (name, section)  # a note means it was skipped
        assert section["checks"] > 0, name
    assert summary["checks"] > 400

    code, output = server.stop()
    assert code == 0, f"opentrunk serve did not stop cleanly on SIGTERM:\n{output}"
    assert "Traceback" not in output, output
