"""SDK tests run the real app in process on SQLite (the store is not what they test)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID

ADMIN_TOKEN = "admin-token-for-sdk-tests"
#: Seconds the sandbox autopilot waits before each operator step.
AUTOPILOT_DELAY = 3


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "opentrunk.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def clock() -> ManualClock:
    # A day behind real time, so advancing it by hours never puts it ahead: the server's
    # token check (PyJWT) still compares a token's "iat" with the real clock and calls a
    # token issued "in the future" invalid.
    return ManualClock(datetime.now(UTC) - timedelta(days=1))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "admin_token": SecretStr(ADMIN_TOKEN),
            "hosting_autopilot_delay_seconds": float(AUTOPILOT_DELAY),
            "public_url": "http://opentrunk.test",
        }
    )


def client_options(clock: ManualClock, http_client: object) -> dict[str, Any]:
    """What the SDK clients of the in-process tests are built with."""
    return {
        "project_id": PROJECT_ID,
        "key_id": KEY_ID,
        "key_secret": KEY_SECRET,
        "base_url": "http://opentrunk.test",
        "http_client": http_client,
        "max_retries": 0,
        "admin_token": ADMIN_TOKEN,
        # The SDK reads token expiry against the server's (advanceable) clock.
        "clock": lambda: clock.now().timestamp(),
    }
