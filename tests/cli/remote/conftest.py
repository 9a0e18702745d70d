"""The remote commands (``opentrunk sip|numbers|hosting-orders|qualified|sandbox``) run
against the real app in process, through the same fixtures as the synchronous SDK tests;
``cli(...)`` invokes ``opentrunk`` with click's runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from click.testing import CliRunner, Result

from opentrunk.cli import main
from opentrunk.cli._remote import CliState
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID
from tests.sdk._sync.conftest import app_transport, http, insert_calls, run, sent  # noqa: F401
from tests.sdk.conftest import ADMIN_TOKEN, clock, database_url, settings  # noqa: F401

ENV = {
    "SINCH_PROJECT_ID": PROJECT_ID,
    "SINCH_KEY_ID": KEY_ID,
    "SINCH_KEY_SECRET": KEY_SECRET,
    "OPENTRUNK_BASE_URL": "http://opentrunk.test",
    "OPENTRUNK_ADMIN_TOKEN": ADMIN_TOKEN,
    "OPENTRUNK_MAX_RETRIES": "0",
}


@dataclass
class Cli:
    http: httpx.Client
    sleep: Callable[[float], None]

    def __call__(self, *args: str, input: str | None = None, **env: str) -> Result:
        state = CliState(http_client=self.http, sleep=self.sleep)
        return CliRunner().invoke(main, list(args), obj=state, env={**ENV, **env}, input=input)


@pytest.fixture
def cli(http, run) -> Cli:  # noqa: F811
    """``cli("sip", "trunks", "list")``; ``sleep`` advances the server clock and runs the
    jobs then due, so ``hosting-orders wait`` takes no real time."""
    return Cli(http, run)
