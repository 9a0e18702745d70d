"""The SIP part of ``opentrunk serve``: the edge on ``sip_host:sip_port`` (UDP and TCP),
the built-in PSTN simulator when no gateway is configured, the route table kept current,
the writer of call records and registrations, and the dialer of voice challenge calls.

>>> daemon = SipDaemon(settings, changes=feed)  # doctest: +SKIP
>>> await daemon.start()  # doctest: +SKIP
>>> ...
>>> await daemon.stop()  # doctest: +SKIP

With ``sip_processes`` above 1 the first daemon also starts the other edge processes
and each shares call rates and registrations with the others (``siblings``).

``start`` raises ``OSError`` when a port cannot be bound. ``stop`` drains: new calls are
refused (503) while calls being set up get up to ``sip_drain_seconds`` to get their
final answer; calls still up are then closed in the call history, the last records
written, and the sockets closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

from opentrunk.auth.secrets import server_secret
from opentrunk.clock import Clock, SystemClock
from opentrunk.config import Settings
from opentrunk.sip import DigestAuthenticator, Response
from opentrunk.sip.daemon.challenges import ChallengeDialer
from opentrunk.sip.daemon.routes import HostCache, RouteWatcher
from opentrunk.sip.daemon.siblings import (
    SharedRateLimiter,
    Siblings,
    socket_path,
    start_children,
)
from opentrunk.sip.daemon.store import StoreWriter, load_bindings
from opentrunk.sip.edge import CarrierSet, Edge, EdgeConfig, parse_target
from opentrunk.sip.edge.caller import Caller
from opentrunk.sip.edge.forwarding import BranchMaker
from opentrunk.sip.edge.registrar import Binding
from opentrunk.sip.element import Flow
from opentrunk.sip.pstn import PstnSimulator
from opentrunk.sip.transport import ElementHost
from opentrunk.store.db import Database
from opentrunk.store.migrate import upgrade
from opentrunk.trunking.changes import ConfigChangeFeed
from opentrunk.trunking.routing import RouteTable

__all__ = ["SipDaemon"]

log = logging.getLogger("opentrunk.sip")

_SWEEP_SECONDS = 60.0


class SipDaemon:
    def __init__(
        self,
        settings: Settings,
        *,
        database: Database | None = None,
        clock: Clock | None = None,
        changes: ConfigChangeFeed | None = None,
    ) -> None:
        self.settings = settings
        self._own_database = database is None
        self.database = database or Database(settings.resolved_database_url())
        self.clock = clock or SystemClock()
        self.changes = changes
        self.hosts = HostCache()
        self.host = ElementHost(None)
        self.simulator: PstnSimulator | None = None
        self.simulator_host: ElementHost | None = None
        self.edge: Edge | None = None
        self.writer: StoreWriter | None = None
        self.watcher: RouteWatcher | None = None
        #: places the voice challenge calls, from a port of its own
        self.caller_host = ElementHost(None)
        self.dialer: ChallengeDialer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        #: several edge processes: this one's channel to the others, and (in the
        #: first) the others
        self.siblings: Siblings | None = None
        self.children: list[subprocess.Popen[bytes]] = []
        self._siblings_dir: Path | None = None
        self._stopping = False

    @property
    def first(self) -> bool:
        """The process ``serve`` ran (not one it started for ``sip_processes``)."""
        return self.settings.sip_process_index == 0

    @property
    def address(self) -> tuple[str, int]:
        return self.host.address

    async def start(self) -> None:
        settings = self.settings
        loop = asyncio.get_running_loop()
        if self._own_database:
            await upgrade(self.database)
        async with self.database.write_session() as session:
            secret = await server_secret(session, "sip_nonce_key")
            await session.commit()

        shared = settings.sip_processes > 1
        address = await self.host.start(settings.sip_host, settings.sip_port, shared=shared)
        try:
            gateway = await self._gateway()
        except BaseException:
            await self.host.close()
            raise
        own = self.host.own_address or address
        advertised = settings.sip_advertised_host or (
            "127.0.0.1" if settings.sip_host in ("0.0.0.0", "") else settings.sip_host
        )
        carriers = CarrierSet.parse(settings.carrier_addresses)
        config = EdgeConfig(
            host=advertised,
            port=own[1],
            public_port=address[1] if shared else None,
            process=settings.sip_process_index if shared else None,
            gateway=gateway,
            carriers=carriers or CarrierSet().with_flow(gateway),
            realm=settings.sip_domain_suffix,
            failover_timeout=settings.sip_failover_timeout_seconds,
            ring_timeout=settings.sip_ring_timeout_seconds,
        )
        self.writer = StoreWriter(self.database, self.clock, loop.time)
        edge = Edge(
            config,
            RouteTable(),
            authenticator=DigestAuthenticator(secret.encode()),
            send=self.host.send,
            on_record=self.writer.add_record,
            on_binding=self._binding_changed,
            resolve=self.hosts,
        )
        self.edge = edge
        if shared:
            self._share(edge, loop)
        self.watcher = RouteWatcher(
            self.database, self._apply, changes=self.changes, hosts=self.hosts
        )
        await self.watcher.load()
        edge.registrar.restore(await load_bindings(self.database, self.clock, loop.time))
        self.host.element = edge
        if self.siblings is not None:
            self.siblings.start()  # its socket tells the first process this one is ready
        self._tasks = [
            asyncio.create_task(self.watcher.run(), name="sip-routes"),
            asyncio.create_task(self.writer.run(), name="sip-store"),
        ]
        if self.first:
            caller_address = await self.caller_host.start(settings.sip_host, 0)
            caller = Caller(host=advertised, port=caller_address[1], send=self.caller_host.send)
            self.caller_host.element = caller
            self.dialer = ChallengeDialer(
                self.database, self.clock, caller, self.caller_host, gateway, loop.time
            )
            self._tasks += [
                asyncio.create_task(self._sweep(), name="sip-sweep"),
                asyncio.create_task(self.dialer.run(), name="sip-challenges"),
            ]
            if self.siblings is not None:
                directory = self.siblings.directory
                transport = "" if gateway.transport == "UDP" else ";transport=tcp"
                self.children = start_children(
                    settings,
                    OPENTRUNK_SIP_PORT=str(address[1]),
                    OPENTRUNK_PSTN_GATEWAY=f"{gateway.host}:{gateway.port}{transport}",
                    OPENTRUNK_SIP_SIBLINGS_DIR=str(directory),
                )
                try:
                    await self._children_ready(directory)
                except BaseException:
                    for child in self.children:
                        child.kill()
                    raise
                self._tasks.append(asyncio.create_task(self._watch_children(), name="sip-edges"))
        log.info("%s", self.describe())

    def _share(self, edge: Edge, loop: asyncio.AbstractEventLoop) -> None:
        """Several edge processes: call rates and registrations go to the others."""
        settings = self.settings
        if settings.sip_siblings_dir:
            directory = Path(settings.sip_siblings_dir)
        else:
            directory = self._siblings_dir = Path(tempfile.mkdtemp(prefix="opentrunk-sip-"))
        index = settings.sip_process_index
        host = self.host
        self.siblings = siblings = Siblings(
            directory,
            index,
            settings.sip_processes,
            on_rate=lambda trunk_id, rate: edge.rate.take(trunk_id, rate, loop.time()),
            on_binding=edge.registrar.mirror,
            on_datagram=host.inject,
        )
        edge.rate = SharedRateLimiter(siblings.admitted)
        host.shared_destination = edge.registrar.has_flow
        host.relay = siblings.relay

        def foreign(response: Response) -> int | None:
            owner = BranchMaker.process_of(response.top_via.branch)
            return None if owner == index else owner

        host.foreign = foreign

    async def _children_ready(self, directory: Path, limit: float = 60.0) -> None:
        """Wait until every other edge process is ready (its siblings socket exists,
        made once its edge has its routes): one that binds the port while calls are
        under way changes which process the kernel gives a peer's datagrams to."""
        sockets = [socket_path(directory, i) for i in range(1, len(self.children) + 1)]
        for _ in range(round(limit / 0.05)):
            for child in self.children:
                if child.poll() is not None:
                    raise OSError(f"SIP edge process {child.pid} exited ({child.returncode})")
            if all(path.exists() for path in sockets):
                return
            await asyncio.sleep(0.05)
        raise OSError(f"the other SIP edge processes did not start within {limit:.0f} s")

    async def _watch_children(self) -> None:
        """Say so when another edge process ends before this one: the kernel gives
        its share of the port to the others, and the calls it held are lost."""
        running = list(self.children)
        while running:
            await asyncio.sleep(1.0)
            if self._stopping:
                return
            for child in [c for c in running if c.poll() is not None]:
                running.remove(child)
                log.error(
                    "SIP edge process %d exited (status %s); the others take its traffic",
                    child.pid,
                    child.returncode,
                )

    def _binding_changed(self, binding: Binding, removed: bool) -> None:
        if self.writer is not None:
            self.writer.add_binding(binding, removed)
        if self.siblings is not None:
            self.siblings.binding_changed(binding, removed)

    def describe(self) -> str:
        """One line for people: where the edge listens and where calls go."""
        edge = self.edge
        if edge is None:
            return "SIP edge not started"
        gateway = edge.config.gateway
        where = "the built-in PSTN simulator" if self.simulator is not None else "the PSTN"
        host, port = self.address
        processes = self.settings.sip_processes
        shared = f" in {processes} processes" if processes > 1 else ""
        return (
            f"SIP edge on {host}:{port} (UDP, TCP){shared}; outbound calls go to {where} at "
            f"{gateway.host}:{gateway.port} ({gateway.transport})"
        )

    async def _gateway(self) -> Flow:
        settings = self.settings
        if settings.pstn_gateway:
            host, port, transport = parse_target(settings.pstn_gateway)
            await self.hosts.resolve({host})
            address = self.hosts(host)
            if address is None:
                raise OSError(f"cannot resolve the PSTN gateway {host!r}")
            return Flow(transport, address, port)
        self.simulator_host = ElementHost(None)
        sim_address = await self.simulator_host.start(
            settings.sip_host, settings.pstn_simulator_port
        )
        host = "127.0.0.1" if sim_address[0] in ("0.0.0.0", "") else sim_address[0]
        self.simulator = PstnSimulator(
            host=host, port=sim_address[1], send=self.simulator_host.send
        )
        self.simulator_host.element = self.simulator
        return Flow("UDP", host, sim_address[1])

    def _apply(self, table: RouteTable) -> None:
        edge = self.edge
        if edge is None:
            return
        edge.routes = table
        trunk_ids = set(table.by_id)
        edge.rate.forget(trunk_ids)
        edge.selector.forget(trunk_ids)
        edge.registrar.forget_endpoints(
            {e.id for t in table.by_id.values() for e in t.endpoints if e.is_registered}
        )

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(_SWEEP_SECONDS)
            if self.writer is not None:
                try:
                    await self.writer.sweep()
                except Exception:
                    log.warning("could not sweep expired registrations", exc_info=True)

    async def stop(self) -> None:
        self._stopping = True
        for child in self.children:
            with contextlib.suppress(ProcessLookupError):
                child.terminate()  # each drains its own calls, as below
        edge = self.edge
        if edge is not None:
            edge.draining = True
            await self.host.drain(lambda: edge.idle, self.settings.sip_drain_seconds)
            edge.close_dialogs(asyncio.get_running_loop().time())
        else:
            await self.host.close()
        await self.caller_host.close()
        if self.simulator_host is not None:
            await self.simulator_host.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.writer is not None:
            await self.writer.close()
        await self._reap_children()
        if self.siblings is not None:
            self.siblings.close()
        if self._siblings_dir is not None:
            shutil.rmtree(self._siblings_dir, ignore_errors=True)
        if self._own_database:
            await self.database.dispose()

    async def _reap_children(self) -> None:
        limit = self.settings.sip_drain_seconds + 10.0
        for child in self.children:
            try:
                await asyncio.to_thread(child.wait, limit)
            except subprocess.TimeoutExpired:
                log.warning("SIP edge process %d did not stop; killed", child.pid)
                child.kill()
                await asyncio.to_thread(child.wait)
        self.children = []
