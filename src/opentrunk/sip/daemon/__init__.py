"""The SIP part of ``opentrunk serve``: the edge on ``sip_host:sip_port`` (UDP and TCP),
the built-in PSTN simulator when no gateway is configured, the route table kept current,
the writer of call records and registrations, and the dialer of voice challenge calls.

>>> daemon = SipDaemon(settings, changes=feed)  # doctest: +SKIP
>>> await daemon.start()  # doctest: +SKIP
>>> ...
>>> await daemon.stop()  # doctest: +SKIP

``start`` raises ``OSError`` when a port cannot be bound. ``stop`` drains: new calls are
refused (503) while calls being set up get up to ``sip_drain_seconds`` to get their
final answer; calls still up are then closed in the call history, the last records
written, and the sockets closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from opentrunk.auth.secrets import server_secret
from opentrunk.clock import Clock, SystemClock
from opentrunk.config import Settings
from opentrunk.sip import DigestAuthenticator
from opentrunk.sip.daemon.challenges import ChallengeDialer
from opentrunk.sip.daemon.routes import HostCache, RouteWatcher
from opentrunk.sip.daemon.store import StoreWriter, load_bindings
from opentrunk.sip.edge import CarrierSet, Edge, EdgeConfig, parse_target
from opentrunk.sip.edge.caller import Caller
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

        address = await self.host.start(settings.sip_host, settings.sip_port)
        try:
            gateway = await self._gateway()
        except BaseException:
            await self.host.close()
            raise
        advertised = settings.sip_advertised_host or (
            "127.0.0.1" if settings.sip_host in ("0.0.0.0", "") else settings.sip_host
        )
        carriers = CarrierSet.parse(settings.carrier_addresses)
        config = EdgeConfig(
            host=advertised,
            port=address[1],
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
            on_binding=self.writer.add_binding,
            resolve=self.hosts,
        )
        self.edge = edge
        self.watcher = RouteWatcher(
            self.database, self._apply, changes=self.changes, hosts=self.hosts
        )
        await self.watcher.load()
        edge.registrar.restore(await load_bindings(self.database, self.clock, loop.time))
        self.host.element = edge
        caller_address = await self.caller_host.start(settings.sip_host, 0)
        caller = Caller(host=advertised, port=caller_address[1], send=self.caller_host.send)
        self.caller_host.element = caller
        self.dialer = ChallengeDialer(
            self.database, self.clock, caller, self.caller_host, gateway, loop.time
        )
        self._tasks = [
            asyncio.create_task(self.watcher.run(), name="sip-routes"),
            asyncio.create_task(self.writer.run(), name="sip-store"),
            asyncio.create_task(self._sweep(), name="sip-sweep"),
            asyncio.create_task(self.dialer.run(), name="sip-challenges"),
        ]
        log.info("%s", self.describe())

    def describe(self) -> str:
        """One line for people: where the edge listens and where calls go."""
        edge = self.edge
        if edge is None:
            return "SIP edge not started"
        gateway = edge.config.gateway
        where = "the built-in PSTN simulator" if self.simulator is not None else "the PSTN"
        host, port = self.address
        return (
            f"SIP edge on {host}:{port} (UDP, TCP); outbound calls go to {where} at "
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
        if self._own_database:
            await self.database.dispose()
