"""A real ``opentrunk serve`` process for the tests that talk to one over the network:
the SDK's live tests, the README quickstart and the CLI shell session."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.test_serve import _free_port, _start, _stop, _wait_ready

PROJECT_ID = "6b1f3c0e-2f55-4a7e-9d0c-4c1a2b3c4d5e"
KEY_ID = "live-key-id"
KEY_SECRET = "live-key-secret-long-enough"
ADMIN_TOKEN = "live-admin-token"


@dataclass(frozen=True)
class LiveServer:
    url: str

    @property
    def env(self) -> dict[str, str]:
        """What a user exports to reach this server with the SDK or the CLI."""
        return {
            "SINCH_PROJECT_ID": PROJECT_ID,
            "SINCH_KEY_ID": KEY_ID,
            "SINCH_KEY_SECRET": KEY_SECRET,
            "OPENTRUNK_BASE_URL": self.url,
            "OPENTRUNK_ADMIN_TOKEN": ADMIN_TOKEN,
        }


def _serve(data_dir: Path) -> tuple[subprocess.Popen[str], int]:
    """Start a server on free ports; again on others if one was taken meanwhile."""
    for _ in range(3):
        port = _free_port()
        process = _start(
            data_dir,
            port,
            SINCH_PROJECT_ID=PROJECT_ID,
            SINCH_KEY_ID=KEY_ID,
            SINCH_KEY_SECRET=KEY_SECRET,
            OPENTRUNK_ADMIN_TOKEN=ADMIN_TOKEN,
            OPENTRUNK_SIP_PORT=str(_free_port()),  # tests run in parallel: no fixed port
        )
        try:
            _wait_ready(port, process, timeout=120)  # a loaded machine starts it slowly
        except AssertionError as error:
            if "address already in use" not in str(error):
                raise
            continue
        return process, port
    raise AssertionError("no free ports for opentrunk serve")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    process, port = _serve(tmp_path_factory.mktemp("live"))
    yield LiveServer(f"http://127.0.0.1:{port}")
    _stop(process)
