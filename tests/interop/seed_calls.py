"""Call records for the interop run, written straight into the database a running server
uses (the SIP edge is what produces them in production).

``seed_calls(url, project_id, now)`` inserts them through the call-record service and
returns what the Node script should find, as JSON-ready data. By hand::

    .venv/bin/python -m tests.interop.seed_calls DATABASE_URL PROJECT_ID > calls.json
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from opentrunk.kit.ids import new_ulid
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.store.db import Database
from opentrunk.store.models import CallRecord
from opentrunk.trunking.calls import call_record_service

# (hours ago, direction, result, from, to, answered after s, duration s, billed s, per minute)
_CALLS = [
    (1, "OUTBOUND", "COMPLETED", "+17815550100", "+442071838750", 3, 60, 60, 0.004),
    (2, "INBOUND", "NO_ANSWER", "+4681234567", "+17815550100", None, 30, 0, 0.0),
    (3, "OUTBOUND", "BUSY", "+17815550101", "+14405550123", None, 0, 0, 0.0),
    (4, "INBOUND", "COMPLETED", "+14405550123", "+17815550100", 5, 125, 180, 0.0035),
    (5, "OUTBOUND", "FAILED", "+12125550000", "+442079460000", None, 0, 0, 0.0),
    (6, "OUTBOUND", "CANCEL", "+17815550100", "+15555550100", None, 0, 0, 0.0),
    (50, "OUTBOUND", "COMPLETED", "+17815550100", "+442071838750", 2, 30, 60, 0.004),
]


def _records(project_id: str, trunk_id: str, now: datetime) -> list[CallRecord]:
    rows = []
    for n, (hours, direction, result, from_, to, answer, duration, billed, per_minute) in enumerate(
        _CALLS
    ):
        created = now - timedelta(hours=hours, minutes=n)
        answered = created + timedelta(seconds=answer) if answer is not None else None
        ended = (answered or created) + timedelta(seconds=duration or 1)
        rows.append(
            CallRecord(
                call_id=f"interop-{new_ulid()}",
                project_id=project_id,
                trunk_id=trunk_id,
                trunk_name="interop calls",
                direction=direction,
                from_=from_,
                to=to,
                from_country=None,
                to_country=None,
                call_result=result,
                create_time=created,
                answer_time=answered,
                end_time=ended,
                duration_seconds=duration,
                billing_duration_seconds=billed,
                price_per_minute=per_minute,
                price=round(per_minute * billed / 60, 4),
                currency="USD",
                sip_response_code=200 if answered else 486,
                region="local",
                transport="udp",
                port=5060,
            )
        )
    return rows


def _wire(row: CallRecord) -> dict[str, Any]:
    return {
        "callId": row.call_id,
        "direction": row.direction,
        "callResult": row.call_result,
        "from": row.from_,
        "to": row.to,
        "createTime": format_rfc3339(row.create_time),
        "durationSeconds": row.duration_seconds,
        "billingDurationSeconds": row.billing_duration_seconds,
        "pricePerMinute": row.price_per_minute,
        "price": row.price,
    }


async def seed_calls(database_url: str, project_id: str, now: datetime) -> dict[str, Any]:
    """Insert the calls of one trunk, plus one call of another trunk that no filter by
    the first trunk may return; committed before returning."""
    # A quarter second past the second: the SDK sends Date bounds truncated to seconds.
    now = now.astimezone(UTC).replace(microsecond=250_000)
    trunk_id, other_trunk_id = new_ulid(), new_ulid()
    rows = _records(project_id, trunk_id, now)
    stray = _records(project_id, other_trunk_id, now)[0]
    database = Database(database_url)
    try:
        async with database.write_session() as session:
            await call_record_service.insert(session, [*rows, stray])
            await session.commit()
    finally:
        await database.dispose()
    return {
        "trunkId": trunk_id,
        "otherTrunkId": other_trunk_id,
        "otherTrunkCallId": stray.call_id,
        "calls": [_wire(r) for r in rows],
    }


if __name__ == "__main__":  # pragma: no cover - a convenience for running the script by hand
    url, project = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(seed_calls(url, project, datetime.now(UTC))), indent=2))
