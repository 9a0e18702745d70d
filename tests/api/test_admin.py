"""The admin token: generated once when not configured (printed, kept owner-only in the
data dir, its hash in the database so every node agrees), or the configured one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from pydantic import SecretStr

from opentrunk.api import create_app
from opentrunk.clock import ManualClock
from opentrunk.config import Settings


@asynccontextmanager
async def _server(settings: Settings, clock: ManualClock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, clock=clock)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://opentrunk.test"
        ) as client,
    ):
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_first_start_generates_the_token_once(
    settings: Settings, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings.data_dir / "admin-token"
    async with _server(settings, clock) as client:
        token = path.read_text().strip()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert (await client.get("/admin/webhooks", headers=_bearer(token))).status_code == 200
        assert (await client.get("/admin/webhooks", headers=_bearer("x"))).status_code == 401
    assert f"OPENTRUNK_ADMIN_TOKEN={token}" in capsys.readouterr().err
    path.unlink()
    async with _server(settings, clock) as client:  # a restart, or another node
        assert not path.exists()
        assert (await client.get("/admin/webhooks", headers=_bearer(token))).status_code == 200
    assert "OPENTRUNK_ADMIN_TOKEN" not in capsys.readouterr().err


async def test_a_configured_token_is_the_token(settings: Settings, clock: ManualClock) -> None:
    configured = settings.model_copy(update={"admin_token": SecretStr("operator-chosen")})
    async with _server(configured, clock) as client:
        ok = await client.get("/admin/webhooks", headers=_bearer("operator-chosen"))
        basic = await client.get("/admin/webhooks", auth=("operator-chosen", ""))
    assert ok.status_code == 200
    assert basic.status_code == 401
    assert not (settings.data_dir / "admin-token").exists()
