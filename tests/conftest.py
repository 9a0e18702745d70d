"""Fixtures shared by the whole suite.

Every test that touches the store runs against a real SQLite file *and* a real
PostgreSQL database (``OPENTRUNK_TEST_POSTGRES_URL``, which ``scripts/test`` provides by
starting a throw-away server). Each test gets a database of its own, copied from a
template migrated once per worker, so tests never see each other's rows.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import make_url

from opentrunk.api import create_app
from opentrunk.api.state import AppState
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.migrate import upgrade

PROJECT_ID = "3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"
KEY_ID = "0d6a7a2a-6c5e-4a7c-9f51-6c3f3a7f2a10"
KEY_SECRET = "test-secret-that-is-long-enough"


def _postgres_admin_url() -> str | None:
    url = os.environ.get("OPENTRUNK_TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        raise RuntimeError("CI must run the PostgreSQL tests: set OPENTRUNK_TEST_POSTGRES_URL")
    return url


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


async def _admin_execute(admin_url: str, *statements: str) -> None:
    import asyncpg

    url = make_url(admin_url)
    connection = await asyncpg.connect(
        host=url.host, port=url.port, user=url.username, database=url.database or "postgres"
    )
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await upgrade(database)
    finally:
        await database.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[str, str]]:
    admin_url = _postgres_admin_url()
    if admin_url is None:
        pytest.skip("no PostgreSQL server (OPENTRUNK_TEST_POSTGRES_URL)")
    # Unique per test session: several sessions may share one PostgreSQL server.
    name = f"ot_template_{_worker()}_{uuid.uuid4().hex[:8]}"
    asyncio.run(
        _admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    )
    asyncio.run(_migrate(make_url(admin_url).set(database=name).render_as_string(False)))
    yield admin_url, name
    asyncio.run(_admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "opentrunk.db"
        shutil.copyfile(template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    admin_url, template_name = request.getfixturevalue("postgres_template")
    name = f"ot_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(False)
    asyncio.run(_admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        sinch_project_id=PROJECT_ID,
        sinch_key_id=KEY_ID,
        sinch_key_secret=KEY_SECRET,
        max_body_bytes=65_536,
    )


@pytest.fixture
async def app(settings: Settings, clock: ManualClock) -> AsyncIterator[FastAPI]:
    application = create_app(settings, clock=clock)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
def state(app: FastAPI) -> AppState:
    result: AppState = app.state.opentrunk
    return result


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client with no credentials, at the server root."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://opentrunk.test") as client:
        yield client


@dataclass
class Tenant:
    project_id: str
    key_id: str
    key_secret: str
    client: httpx.AsyncClient


async def _token(http: httpx.AsyncClient, key_id: str, secret: str) -> str:
    response = await http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(key_id, secret)
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
async def api(app: FastAPI, http: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """A client for the bootstrapped project: Bearer token, paths relative to
    ``/v1/projects/{projectId}``."""
    token = await _token(http, KEY_ID, KEY_SECRET)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"http://opentrunk.test/v1/projects/{PROJECT_ID}",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


@pytest.fixture
async def other_tenant(
    app: FastAPI, state: AppState, http: httpx.AsyncClient, clock: ManualClock
) -> AsyncIterator[Tenant]:
    """A second, unrelated project with its own key."""
    project_id, key_id, secret = str(uuid.uuid4()), str(uuid.uuid4()), "another-long-secret-value"
    async with state.database.write_session() as session:
        await state.keys.bootstrap(
            session, now=clock.now(), project_id=project_id, key_id=key_id, key_secret=secret
        )
        await session.commit()
    token = await _token(http, key_id, secret)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"http://opentrunk.test/v1/projects/{project_id}",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield Tenant(project_id, key_id, secret, client)


@contextmanager
def counted_commits(database: Database) -> Iterator[list[int]]:
    """Counts the write transactions committed meanwhile (one entry each)."""
    seen: list[int] = []

    def on_commit(connection: object) -> None:
        seen.append(1)

    engine = database.write_engine.sync_engine
    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", on_commit)
