"""The README's Python quickstart, run as written against a real ``opentrunk serve``.

The only change: while the client waits on the hosting order, the server's sandbox clock
moves instead of real time passing (the SDK's default sleep is replaced)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opentrunk.sdk import Client, _runtime
from tests.sdk.live import LiveServer, live_server  # noqa: F401

README = Path(__file__).resolve().parents[2] / "README.md"


def quickstart() -> str:
    section = README.read_text().split("## Python SDK and CLI", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "no python block in the README's 'Python SDK and CLI' section"
    return match.group(1)


def test_the_quickstart_runs(
    live_server: LiveServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in live_server.env.items():
        monkeypatch.setenv(name, value)
    with Client() as admin:
        monkeypatch.setattr(_runtime, "sleep", lambda seconds: admin.sandbox.advance_clock(seconds))
        exec(compile(quickstart(), str(README), "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "+15552229999 rings acme-main.pstn.sinch.com"
    assert re.fullmatch(r"hosting order \w+: COMPLETED", printed[1])
