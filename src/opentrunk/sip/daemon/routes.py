"""Keeping the edge's route table current: load it at start, reload a project when its
configuration changes, and swap the new table in whole.

Three ways a change is heard of, all ending in ``reload(project_id)``:

* in the same process, the API's ``ConfigChangeFeed`` (published after commit);
* PostgreSQL: ``LISTEN opentrunk_config`` (the API's transaction sends the NOTIFY);
* the ``config_versions`` table, polled every ``poll_interval`` (SQLite has no
  notifications; on PostgreSQL it catches what a dropped LISTEN connection missed).

Reloads of one project are coalesced: a burst of changes costs one or two loads. A
load takes a handful of queries for that project only, never per message. Loading a
large project is not free (about 20-40 ms for 1,000 trunks on SQLite), so after each
load the watcher pauses for a multiple of the time it took (at most ``max_pause``):
under a stream of API writes, reloads take at most ``reload_share`` of the process
instead of all of it, and the changes made meanwhile are applied together. A small
project's load takes a millisecond or two, so its changes still apply at once.

Host names of static endpoints are resolved here, off the hot path, into the cache
the edge's resolver reads (``HostCache``).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
from collections.abc import Callable

from sqlalchemy.engine import make_url

from opentrunk.sip.edge.forwarding import literal_address
from opentrunk.store.db import Database
from opentrunk.trunking.changes import ConfigChangeFeed
from opentrunk.trunking.config_versions import NOTIFY_CHANNEL, config_versions
from opentrunk.trunking.routing import RouteTable, load_project_routes, load_route_table

__all__ = ["HostCache", "RouteWatcher"]

log = logging.getLogger("opentrunk.sip")


class HostCache:
    """Host name → IP address, filled asynchronously; the edge's ``Resolver``."""

    def __init__(self) -> None:
        self._addresses: dict[str, str] = {}

    def __call__(self, host: str) -> str | None:
        address = literal_address(host)
        return address if address is not None else self._addresses.get(host.lower())

    async def resolve(self, hosts: set[str]) -> None:
        loop = asyncio.get_running_loop()
        for host in hosts:
            if literal_address(host) is not None:
                continue
            try:
                infos = await loop.getaddrinfo(host, None, type=socket.SOCK_DGRAM)
            except OSError:
                continue
            addresses = [str(info[4][0]) for info in infos]
            ipv4 = [a for a in addresses if ipaddress.ip_address(a).version == 4]
            if ipv4 or addresses:
                self._addresses[host.lower()] = (ipv4 or addresses)[0]


class RouteWatcher:
    def __init__(
        self,
        database: Database,
        apply: Callable[[RouteTable], None],
        *,
        changes: ConfigChangeFeed | None = None,
        poll_interval: float = 0.25,
        hosts: HostCache | None = None,
        reload_share: float = 0.2,
        max_pause: float = 0.25,
    ) -> None:
        self.database = database
        self.apply = apply
        self.changes = changes
        self.poll_interval = poll_interval
        self.hosts = hosts or HostCache()
        self.reload_share = reload_share
        self.max_pause = max_pause
        self.table = RouteTable()
        self.reloads = 0
        self._versions: dict[str, int] = {}
        self._dirty: set[str] = set()
        self._wake = asyncio.Event()

    async def load(self) -> RouteTable:
        """The whole table (at start)."""
        async with self.database.read_session() as session:
            self._versions = await config_versions(session)
            table = await load_route_table(session)
        await self.hosts.resolve(_endpoint_hosts(table))
        self.table = table
        self.apply(table)
        return table

    def changed(self, project_id: str) -> None:
        self._dirty.add(project_id)
        self._wake.set()

    async def run(self) -> None:
        """Apply changes until cancelled."""
        async with contextlib.AsyncExitStack() as stack:
            tasks = [asyncio.create_task(self._poll())]
            if self.changes is not None:
                queue = await stack.enter_async_context(self.changes.subscribe())
                tasks.append(asyncio.create_task(self._follow(queue)))
            if not self.database.is_sqlite:
                tasks.append(asyncio.create_task(self._listen()))
            try:
                await self._reload_forever()
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    async def _reload_forever(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._dirty:
                project_id = self._dirty.pop()
                started = loop.time()
                try:
                    await self.reload(project_id)
                except Exception:
                    log.exception("could not reload the SIP routes of project %s", project_id)
                    await asyncio.sleep(1.0)
                    self._dirty.add(project_id)
                    continue
                await asyncio.sleep(self.pause_after(loop.time() - started))

    def pause_after(self, spent: float) -> float:
        """How long to leave the process to other work after a load that took ``spent``
        seconds, so that loads take at most ``reload_share`` of it."""
        return min(spent * (1 / self.reload_share - 1), self.max_pause)

    async def reload(self, project_id: str) -> None:
        async with self.database.read_session() as session:
            routes = await load_project_routes(session, project_id)
        table = self.table.with_project(routes)
        await self.hosts.resolve(_endpoint_hosts(table, project_id))
        self.table = table
        self.reloads += 1
        self.apply(table)

    async def _follow(self, queue: asyncio.Queue[str]) -> None:
        while True:
            self.changed(await queue.get())

    async def _poll(self) -> None:
        interval = self.poll_interval if self.database.is_sqlite else max(self.poll_interval, 2.0)
        while True:
            await asyncio.sleep(interval)
            try:
                async with self.database.read_session() as session:
                    versions = await config_versions(session)
            except Exception:
                log.warning("could not read configuration versions", exc_info=True)
                continue
            for project_id, version in versions.items():
                if self._versions.get(project_id) != version:
                    self._versions[project_id] = version
                    self.changed(project_id)

    async def _listen(self) -> None:
        url = make_url(self.database.url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        while True:
            with contextlib.suppress(OSError, ConnectionError):
                await self._listen_once(dsn)
            await asyncio.sleep(2.0)  # the server went away: LISTEN again when it is back

    async def _listen_once(self, dsn: str) -> None:
        import asyncpg  # type: ignore[import-untyped]

        try:
            connection = await asyncpg.connect(dsn)
        except asyncpg.PostgresError:
            return
        closed = asyncio.Event()
        connection.add_termination_listener(lambda _: closed.set())
        try:
            await connection.add_listener(
                NOTIFY_CHANNEL, lambda _c, _pid, _channel, payload: self.changed(str(payload))
            )
            await closed.wait()
        finally:
            with contextlib.suppress(Exception):
                await connection.close()


def _endpoint_hosts(table: RouteTable, project_id: str | None = None) -> set[str]:
    return {
        endpoint.address
        for trunk in table.by_id.values()
        if project_id is None or trunk.project_id == project_id
        for endpoint in trunk.endpoints
        if endpoint.address is not None
    }
