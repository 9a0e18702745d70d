"""Number hosting under load: text-enable orders of 500 numbers, end to end.

    .venv/bin/python bench/hosting/run.py [--numbers 500] [--database-url URL]

Two orders of N qualified numbers each (blanket LOA, a campaign, zero autopilot delays),
run by the worker as ``opentrunk serve`` runs it:

* order A has no callbackUrl: the latency of ``POST /hostingOrders:textEnableNumbers``,
  the time until the order is ``COMPLETED``, and the jobs and rows it left per table;
* order B sends its 4 x N callbacks to a real receiver on loopback, which checks their
  signatures: callbacks delivered per second (first to last arrival).

SQLite (a file in a temporary directory) unless ``--database-url`` names an empty
database (PostgreSQL: migrated here).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pydantic import SecretStr
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.api.hosting.receiver import Receiver

from opentrunk.api import create_app
from opentrunk.clock import ManualClock
from opentrunk.config import Settings
from opentrunk.hosting.handlers import registry as hosting_jobs
from opentrunk.store.base import Base
from opentrunk.store.db import Database
from opentrunk.webhooks import jobs as webhook_jobs
from opentrunk.worker import HandlerRegistry, Worker

PROJECT, KEY, SECRET = "bench-project", "bench-key", "bench-secret-value"


async def counts(database: Database) -> dict[str, int]:
    rows: dict[str, int] = {}
    async with database.read_session() as session:
        for table in Base.metadata.sorted_tables:
            n = await session.scalar(select(func.count()).select_from(table))
            if n:
                rows[table.name] = int(n)
    return rows


async def text_enable(
    api: httpx.AsyncClient, numbers: list[str], callback: str
) -> tuple[str, float]:
    started = time.perf_counter()
    response = await api.post(
        "/hostingOrders:textEnableNumbers",
        json={"regionCode": "US", "numbers": numbers, "servicePlanId": "bench-plan",
              "campaignId": "CBENCH1", "blanketLoaInfo": {}, "callbackUrl": callback},
    )  # fmt: skip
    latency = time.perf_counter() - started
    assert response.status_code == 200, response.text
    return response.json()["hostingOrderId"], latency


async def bench(n: int, database_url: str, data_dir: Path) -> None:
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        sinch_project_id=PROJECT,
        sinch_key_id=KEY,
        sinch_key_secret=SecretStr(SECRET),
        admin_token=SecretStr("bench-admin"),
        sandbox=True,
        hosting_autopilot_delay_seconds=0.0,
        public_url="http://bench.test",
        log_level="warning",
    )
    clock = ManualClock()
    app = create_app(settings, clock=clock)
    receiver = Receiver("bench-hmac")
    await receiver.start()
    jobs = HandlerRegistry()
    jobs.include(hosting_jobs)
    jobs.include(webhook_jobs)
    async with app.router.lifespan_context(app):
        database: Database = app.state.opentrunk.database
        worker = Worker(database, clock, jobs, settings, concurrency=16)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=f"http://bench.test/v1/projects/{PROJECT}",
            auth=(KEY, SECRET),
            timeout=300,
        ) as api:
            await api.patch("/callbackConfiguration", json={"hmacSecret": receiver.secret})
            first = [f"+1212{2_000_000 + i:07d}" for i in range(n)]
            second = [f"+1312{2_000_000 + i:07d}" for i in range(n)]
            for batch in (first, second):
                added = await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": batch})
                assert added.status_code == 200, added.text
            await worker.run_until_idle(max_rounds=100_000)

            before = await counts(database)
            order_a, latency = await text_enable(api, first, "")
            started = time.perf_counter()
            workflow_jobs = await worker.run_until_idle(max_rounds=100_000)
            to_completed = time.perf_counter() - started
            state = (await api.get(f"/hostingOrders/{order_a}")).json()["state"]
            assert state == "COMPLETED", state
            after = await counts(database)

            order_b, _ = await text_enable(api, second, receiver.url)
            await worker.run_until_idle(max_rounds=100_000)
            assert (await api.get(f"/hostingOrders/{order_b}")).json()["state"] == "COMPLETED"
        await worker.aclose()
    await receiver.stop()
    events = receiver.events()  # checks every signature
    spread = receiver.received[-1].at - receiver.received[0].at

    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"number hosting: a text-enable order of {n} numbers ({backend}, zero autopilot delays)")
    print(f"  POST :textEnableNumbers latency   {latency * 1000:9.1f} ms")
    print(
        f"  submitted -> COMPLETED            {to_completed * 1000:9.1f} ms  ({workflow_jobs} jobs)"
    )
    print(f"  callbacks delivered (signed)      {len(events):9d}  in {spread:.2f} s "
          f"= {len(events) / spread:.0f}/s  ({len(receiver.received)} POSTs)")  # fmt: skip
    print("  rows order A added, per table (it has no callbackUrl):")
    for table in sorted(after):
        grown = after[table] - before.get(table, 0)
        if grown:
            print(f"    {table:24s} {grown:7d}  ({grown / n:.2f} per number)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--numbers", type=int, default=500)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        asyncio.run(bench(args.numbers, url, Path(tmp)))


if __name__ == "__main__":
    main()
