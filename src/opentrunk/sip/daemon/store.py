"""Writing what the edge produces, off the hot path: call records and REGISTER
bindings, in batches.

The edge's callbacks only append to bounded in-memory queues (a full queue drops and
counts, so a slow database can never stall SIP). A background task writes a batch
every ``flush_interval`` seconds, or as soon as ``batch_size`` items wait, in one
transaction. A batch the database refuses (a duplicate Call-ID, a binding of an
endpoint deleted meanwhile) is retried item by item so that one bad row loses only
itself.

The edge counts time in monotonic seconds; records get wall-clock times here, from the
daemon's clock (the sandbox clock when the sandbox is on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.clock import Clock
from opentrunk.kit.ids import new_ulid
from opentrunk.sip.edge.records import CallRecordData
from opentrunk.sip.edge.registrar import Binding
from opentrunk.sip.element import Flow
from opentrunk.store.db import Database
from opentrunk.store.models import CallRecord, SipRegistration

__all__ = ["StoreWriter", "load_bindings"]

log = logging.getLogger("opentrunk.sip")

_CALL_RECORDS = CallRecord.metadata.tables[CallRecord.__tablename__]


class StoreWriter:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        monotonic: Callable[[], float],
        *,
        flush_interval: float = 0.5,
        batch_size: int = 1000,
        max_queued: int = 200_000,
    ) -> None:
        self.database = database
        self.clock = clock
        self.monotonic = monotonic
        self.flush_interval = flush_interval
        self.batch_size = batch_size
        self.max_queued = max_queued
        self.written = 0
        self.dropped = 0
        self.failed = 0
        self._records: deque[CallRecordData] = deque()
        self._bindings: dict[tuple[str, str], tuple[Binding, bool]] = {}
        self._wake = asyncio.Event()

    # --- the edge's callbacks (synchronous, cheap) -------------------------------------

    def add_record(self, record: CallRecordData) -> None:
        if len(self._records) >= self.max_queued:
            self.dropped += 1
            return
        self._records.append(record)
        if len(self._records) >= self.batch_size:
            self._wake.set()

    def add_binding(self, binding: Binding, removed: bool) -> None:
        # Only the latest state of a binding matters.
        self._bindings[(binding.endpoint_id, binding.contact)] = (binding, removed)

    # --- the background task ----------------------------------------------------------

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.flush_interval):
                    await self._wake.wait()
            self._wake.clear()
            try:
                await self.flush()
            except Exception:
                log.exception("could not write call records or registrations")

    async def flush(self) -> None:
        while self._records:
            batch = [
                self._records.popleft() for _ in range(min(self.batch_size, len(self._records)))
            ]
            await self._write_records(batch)
        if self._bindings:
            changes, self._bindings = list(self._bindings.values()), {}
            await self._write_bindings(changes)

    def _walls(self) -> Callable[[float], datetime]:
        """Wall-clock time of the edge's monotonic instants, both clocks read once (for a
        whole batch)."""
        origin = self.clock.now() - timedelta(seconds=self.monotonic())
        return lambda monotonic: origin + timedelta(seconds=monotonic)

    @staticmethod
    def _row(record: CallRecordData, wall: Callable[[float], datetime]) -> dict[str, object]:
        # Keyed by column, for a Core INSERT of the table.
        return {
            "call_id": record.call_id,
            "project_id": record.project_id,
            "trunk_id": record.trunk_id,
            "trunk_name": record.trunk_name,
            "direction": record.direction,
            "from_uri": record.from_,
            "to_uri": record.to,
            "from_country": record.from_country,
            "to_country": record.to_country,
            "call_result": record.result.value,
            "create_time": wall(record.created),
            "answer_time": None if record.answered is None else wall(record.answered),
            "end_time": wall(record.ended),
            "duration_seconds": record.duration_seconds,
            "billing_duration_seconds": -(-record.duration_seconds // 60) * 60,
            "price_per_minute": 0.0,
            "price": 0.0,
            "currency": "USD",
            "sip_response_code": record.sip_response_code,
            "cause_code": None,
            "is_emergency": False,
            "region": "local",
            "transport": record.transport,
            "port": record.port,
            "pcap_id": None,
        }

    async def _insert(self, rows: list[dict[str, object]]) -> None:
        # A Core INSERT of plain rows into the table: the ORM's bulk insert (and more so
        # its unit of work) would cost several times the CPU per record, on the loop the
        # edge runs on.
        async with self.database.write_session() as session:
            await session.execute(insert(_CALL_RECORDS), rows)
            await session.commit()

    async def _write_records(self, batch: list[CallRecordData]) -> None:
        wall = self._walls()
        rows = [self._row(r, wall) for r in batch]
        try:
            await self._insert(rows)
            self.written += len(rows)
            return
        except IntegrityError:
            pass
        for row in rows:  # one bad row (a Call-ID seen before) costs only itself
            try:
                await self._insert([row])
                self.written += 1
            except IntegrityError:
                self.failed += 1

    async def _write_bindings(self, changes: list[tuple[Binding, bool]]) -> None:
        try:
            async with self.database.write_session() as session:
                for binding, removed in changes:
                    await self._store_binding(session, binding, removed)
                await session.commit()
            return
        except IntegrityError:
            pass
        for binding, removed in changes:  # a binding of an endpoint deleted meanwhile
            try:
                async with self.database.write_session() as session:
                    await self._store_binding(session, binding, removed)
                    await session.commit()
            except IntegrityError:
                self.failed += 1

    async def _store_binding(self, session: AsyncSession, binding: Binding, removed: bool) -> None:
        await session.execute(
            delete(SipRegistration).where(
                SipRegistration.sip_endpoint_id == binding.endpoint_id,
                SipRegistration.contact == binding.contact,
            )
        )
        if removed:
            return
        session.add(
            SipRegistration(
                id=new_ulid(),
                project_id=binding.project_id,
                sip_trunk_id=binding.trunk_id,
                sip_endpoint_id=binding.endpoint_id,
                contact=binding.contact[:512],
                target=str(binding.flow),
                source=str(binding.source),
                user_agent=binding.user_agent,
                expire_time=self._walls()(binding.expires_at),
                create_time=self.clock.now(),
            )
        )
        await session.flush()

    async def sweep(self) -> None:
        """Delete expired bindings."""
        async with self.database.write_session() as session:
            await session.execute(
                delete(SipRegistration).where(SipRegistration.expire_time <= self.clock.now())
            )
            await session.commit()

    async def close(self) -> None:
        await self.flush()


async def load_bindings(
    database: Database, clock: Clock, monotonic: Callable[[], float]
) -> list[Binding]:
    """The live bindings stored by a previous run, with monotonic expiry times."""
    now, mono = clock.now(), monotonic()
    async with database.read_session() as session:
        rows = await session.scalars(
            select(SipRegistration).where(SipRegistration.expire_time > now)
        )
        return [
            Binding(
                row.sip_endpoint_id,
                row.sip_trunk_id,
                row.project_id,
                row.contact,
                Flow.parse(row.target),
                Flow.parse(row.source),
                mono + (row.expire_time - now).total_seconds(),
                row.user_agent,
            )
            for row in rows
        ]
