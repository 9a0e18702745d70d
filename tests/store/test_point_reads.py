"""Point reads on the raw SQLite driver give what the ORM gives, see every commit, and
never write."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from opentrunk.store.db import Database
from opentrunk.store.models import Project, SipEndpoint, Trunk
from opentrunk.store.point_reads import Unreadable

CREATED = datetime(2026, 12, 4, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
async def database(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[Database]:
    path = tmp_path / "opentrunk.db"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite+aiosqlite:///{path}")
    yield database
    await database.dispose()


async def _add(database: Database, *rows: object) -> None:
    async with database.write_session() as session:
        session.add_all(rows)
        await session.commit()


def _trunk(**extra: object) -> Trunk:
    values: dict[str, object] = {
        "id": "01HA2E80QCBX185VVP21PJG9CT",
        "project_id": "p1",
        "name": "Main",
        "host_name": "main",
        "top_level_domain": "pstn.sinch.com",
        "calls_per_second": 7,
        "enable_caller_name": True,
        "enable_call_forward": False,
        "call_forward_number": "",
        "create_time": CREATED,
    }
    return Trunk(**{**values, **extra})


async def test_a_row_comes_back_as_the_orm_loads_it(database):
    await _add(database, Project(id="p1", create_time=CREATED), _trunk())
    assert database.point_reads is not None

    row = database.point_reads.one(Trunk, project_id="p1", id="01HA2E80QCBX185VVP21PJG9CT")

    async with database.read_session() as session:
        loaded = await session.get(Trunk, "01HA2E80QCBX185VVP21PJG9CT")
    assert loaded is not None
    for attribute in Trunk.__mapper__.column_attrs:
        assert getattr(row, attribute.key) == getattr(loaded, attribute.key), attribute.key
    assert row.create_time == CREATED
    assert row.create_time.tzinfo is UTC
    assert row.enable_caller_name is True
    assert row.update_time is None


async def test_every_condition_must_hold(database):
    await _add(database, Project(id="p1", create_time=CREATED), _trunk())
    reads = database.point_reads
    assert reads.one(Trunk, project_id="p2", id="01HA2E80QCBX185VVP21PJG9CT") is None
    assert reads.one(Trunk, project_id="p1", id="01HA2E80QCBX185VVP21PJG9CX") is None
    assert reads.one(SipEndpoint, project_id="p1", sip_trunk_id="x", id="y") is None


async def test_a_read_sees_a_commit_made_after_the_previous_read(database):
    await _add(database, Project(id="p1", create_time=CREATED), _trunk())
    reads = database.point_reads
    assert reads.one(Trunk, project_id="p1", id="01HA2E80QCBX185VVP21PJG9CT").name == "Main"
    async with database.write_session() as session:
        trunk = await session.get(Trunk, "01HA2E80QCBX185VVP21PJG9CT")
        trunk.name = "Renamed"
        await session.commit()
    assert reads.one(Trunk, project_id="p1", id="01HA2E80QCBX185VVP21PJG9CT").name == "Renamed"


async def test_its_connection_cannot_write(database):
    await _add(database, Project(id="p1", create_time=CREATED), _trunk())
    database.point_reads.one(Trunk, project_id="p1", id="01HA2E80QCBX185VVP21PJG9CT")
    connection = database.point_reads._connection
    with pytest.raises(Exception, match="readonly"):
        connection.execute("DELETE FROM trunks")


async def test_sqlite_errors_are_unreadable_not_raised_raw(tmp_path):
    # A database file whose tables were never made.
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(Unreadable):
            database.point_reads.one(Trunk, project_id="p1", id="x")
    finally:
        await database.dispose()


def test_postgresql_has_none():
    assert Database("postgresql+asyncpg://u:p@127.0.0.1:1/x").point_reads is None
