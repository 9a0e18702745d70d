"""SDK tests run the real app in process on SQLite (the store is not what they test)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from opentrunk.clock import ManualClock
from opentrunk.config import Settings

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
