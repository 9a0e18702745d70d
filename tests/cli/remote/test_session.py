"""``tests/cli/remote/session.sh``: one end-to-end shell session against a real server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.sdk.live import LiveServer, live_server  # noqa: F401

SESSION = Path(__file__).with_name("session.sh")


def test_a_shell_session(live_server: LiveServer) -> None:  # noqa: F811
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))}
    env.update(
        live_server.env,
        OPENTRUNK=str(Path(sys.executable).with_name("opentrunk")),
        PYTHON=sys.executable,
    )
    done = subprocess.run(
        ["bash", str(SESSION)], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert done.stdout.rstrip().endswith("session OK")
