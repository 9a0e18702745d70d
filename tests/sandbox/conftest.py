"""The app with the sandbox on, an admin token, a frozen clock, and an admin client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from opentrunk.clock import ManualClock
from opentrunk.config import Settings

ADMIN_TOKEN = "sandbox-admin-token-for-tests"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(frozen=True)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN), "sandbox": True})


@pytest.fixture
async def admin(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://opentrunk.test",
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    ) as client:
        yield client
