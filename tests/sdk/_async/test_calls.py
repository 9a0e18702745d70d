"""``client.calls``: finding calls with every filter, and the streamed CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from opentrunk.sdk import AsyncClient, NotFoundError
from tests.sdk.records import call_record


@pytest.fixture
async def history(client: AsyncClient, insert_calls, clock):
    """Five calls over the last five hours, one a week ago."""
    trunk = await client.trunks.create(name="T", host_name="calls")
    now = clock.now()
    records = [
        call_record("c1", now - timedelta(hours=1), trunk_id=trunk.id),
        call_record("c2", now - timedelta(hours=2), direction="INBOUND", from_="+442071234567",
                    from_country="GB", to="+15550001111", call_result="NO_ANSWER"),
        call_record("c3", now - timedelta(hours=3), to="+17815550000", call_result="BUSY"),
        call_record("c4", now - timedelta(hours=4), call_result="FAILED"),
        call_record("c5", now - timedelta(hours=5), call_result="CANCEL", trunk_id=trunk.id),
        call_record("old", now - timedelta(days=7)),
    ]  # fmt: skip
    await insert_calls(records)
    return {"trunk": trunk, "now": now}


async def _ids(calls) -> list[str]:
    return [c.call_id async for c in calls]


async def test_default_window_newest_first(client: AsyncClient, history):
    calls = [c async for c in client.calls.find()]
    assert [c.call_id for c in calls] == ["c1", "c2", "c3", "c4", "c5"]
    first = calls[0]
    assert (first.direction, first.from_, first.trunk_id) == (
        "outbound",
        "+15551230000",
        history["trunk"].id,
    )
    assert first.price is not None
    assert (first.price.amount, first.price.currency_code) == (
        0.004,
        "USD",
    )


async def test_every_filter(client: AsyncClient, history):
    now = history["now"]
    assert await _ids(client.calls.find(from_="+4420")) == ["c2"]
    assert await _ids(client.calls.find(to="+1781")) == ["c3"]
    assert await _ids(client.calls.find(trunk_id=history["trunk"].id)) == ["c1", "c5"]
    assert await _ids(client.calls.find(call_result=["BUSY", "FAILED"])) == ["c3", "c4"]
    assert await _ids(client.calls.find(direction="INBOUND")) == ["c2"]
    assert await _ids(
        client.calls.find(
            create_time_gte=now - timedelta(hours=3, minutes=30),
            create_time_lte=now - timedelta(hours=1, minutes=30),
        )
    ) == ["c2", "c3"]
    week_ago = (now - timedelta(days=7)).date()
    assert await _ids(client.calls.find(create_time=week_ago)) == ["old"]
    assert await _ids(client.calls.find(create_time=week_ago.isoformat()[:7])) in (
        ["old"],
        # the month of a week ago may also hold the recent calls
        ["c1", "c2", "c3", "c4", "c5", "old"],
    )


async def test_find_pages(client: AsyncClient, history):
    pages = [p async for p in client.calls.find(size=2).pages()]
    assert [len(p.items) for p in pages] == [2, 2, 1]
    assert pages[0].total == 5


async def test_export_streams_csv(client: AsyncClient, history, tmp_path):
    async with client.calls.export(direction="OUTBOUND", file_name="june") as export:
        assert export.file_name == "june.csv"
        lines = [line async for line in export.iter_lines() if line]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert [r["Call Id"] for r in rows] == ["c1", "c3", "c4", "c5"]
    assert rows[0]["Direction"] == "OUTBOUND"

    async with client.calls.export(call_result="BUSY") as export:
        saved = await export.save(tmp_path / export.file_name)
    assert saved.name == "EST_call_records.csv"
    assert saved.read_text().splitlines()[1].startswith('"')
    assert len(saved.read_text().splitlines()) == 2


async def test_pcap_of_an_unknown_capture(client: AsyncClient):
    # The edge records no packet captures yet: every id is unknown.
    with pytest.raises(NotFoundError) as caught:
        await client.calls.pcap("2b1f3c0e-2f55-4a7e-9d0c-4c1a2b3c4d5e", direction="INBOUND")
    assert caught.value.reason == "PCAP_NOT_FOUND"
