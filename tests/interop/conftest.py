"""Shared by the Node SDK interop tests: the pinned official SDK (``node_sdk``) and a
real ``opentrunk serve`` process (``server``) on a fresh database."""

from __future__ import annotations

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID

NODE_DIR = Path(__file__).parent / "node"
OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))


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


def start_server(
    data_dir: Path, database_url: str, extra_env: Mapping[str, str] | None = None
) -> Server:
    """``opentrunk serve`` on free ports with the test project and key, ready for
    requests; ``extra_env`` adds ``OPENTRUNK_*`` settings."""
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
        environment.update(extra_env or {})
        process = subprocess.Popen(
            [OPENTRUNK, "serve"],
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # a first start migrates; CI may be loaded
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


def stop_if_running(server: Server) -> None:
    if server.process.poll() is None:
        server.process.kill()
        server.process.communicate(timeout=10)


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    running = start_server(tmp_path / "data", database_url)
    try:
        yield running
    finally:
        stop_if_running(running)


def node_environment(server: Server, **extra: str) -> dict[str, str]:
    """The environment of a Node SDK script: this process's, without its ``OPENTRUNK_``
    and ``SINCH_`` variables, plus the server's URL and the test key."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))
    }
    environment.update(
        OPENTRUNK_BASE_URL=server.base_url,
        SINCH_PROJECT_ID=PROJECT_ID,
        SINCH_KEY_ID=KEY_ID,
        SINCH_KEY_SECRET=KEY_SECRET,
    )
    environment.update(extra)
    return environment


def run_node_script(
    sdk: NodeSdk, script: str, server: Server, **extra: str
) -> tuple[int, dict[str, Any], str]:
    """Run one of the Node scripts beside the SDK against ``server``: its exit status, the
    JSON summary it prints on stdout, and its stderr."""
    result = subprocess.run(
        [sdk.node, script],
        cwd=sdk.directory,
        env=node_environment(server, **extra),
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
