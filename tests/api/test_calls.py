"""Call history (find) and the CSV export, over records inserted through the service
the SIP edge uses."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from opentrunk.store.models import CallRecord
from opentrunk.trunking.calls import CSV_COLUMNS, call_record_service
from tests.api.factories import make_trunk, violated_fields
from tests.conftest import PROJECT_ID


async def _insert(state, *records: CallRecord) -> None:
    async with state.database.write_session() as session:
        await call_record_service.insert(session, list(records))
        await session.commit()


def _record(call_id: str, created: datetime, **fields: object) -> CallRecord:
    values: dict[str, object] = {
        "project_id": PROJECT_ID, "direction": "OUTBOUND", "from_": "+15551230000",
        "to": "+15559870000", "call_result": "COMPLETED", "create_time": created,
        "answer_time": created + timedelta(seconds=3), "end_time": created + timedelta(seconds=7),
        "duration_seconds": 4, "billing_duration_seconds": 60, "price_per_minute": 0.004,
        "price": 0.004, "to_country": "US", "from_country": "US", "sip_response_code": 200,
    }  # fmt: skip
    values.update(fields)
    return CallRecord(call_id=call_id, **values)


@pytest.fixture
async def calls(api, state, clock):
    """Five calls over the last day, one a week ago, and one of another project."""
    trunk = await make_trunk(api)
    now = clock.now()
    records = [
        _record("c1", now - timedelta(hours=1), trunk_id=trunk["id"], trunk_name="Trunk acme"),
        _record("c2", now - timedelta(hours=2), direction="INBOUND", from_="+442071234567",
                from_country="GB", to="+15550001111", call_result="NO_ANSWER"),
        _record("c3", now - timedelta(hours=3), to="+17815550000", call_result="BUSY"),
        _record("c4", now - timedelta(hours=4), call_result="FAILED", sip_response_code=503),
        _record("c5", now - timedelta(hours=5), call_result="CANCEL", trunk_id=trunk["id"]),
        _record("old", now - timedelta(days=7)),
    ]  # fmt: skip
    await _insert(state, *records)
    return {"trunk": trunk, "now": now}


def _ids(response) -> list[str]:
    return [c["callId"] for c in response.json()["calls"]]


class TestFind:
    async def test_default_window_is_the_last_day_newest_first(self, api, calls):
        response = await api.get("/calls")
        assert response.status_code == 200
        assert _ids(response) == ["c1", "c2", "c3", "c4", "c5"]
        first = response.json()["calls"][0]
        assert first["direction"] == "outbound"
        assert first["price"] == {"currencyCode": "USD", "amount": 0.004}
        assert first["billingDurationSeconds"] == 60
        assert first["trunkId"] == calls["trunk"]["id"]
        assert response.json()["pageSize"] == 100

    async def test_prefix_filters_with_an_unescaped_plus(self, api, calls):
        # The official SDK sends from=+44... without escaping: it arrives as a space.
        response = await api.get("/calls?from=+4420")
        assert _ids(response) == ["c2"]
        assert _ids(await api.get("/calls", params={"to": "+1781"})) == ["c3"]

    async def test_trunk_result_direction_filters(self, api, calls):
        assert _ids(await api.get("/calls", params={"trunkId": calls["trunk"]["id"]})) == [
            "c1",
            "c5",
        ]
        assert _ids(await api.get("/calls", params={"callResult": "busy,failed"})) == ["c3", "c4"]
        assert _ids(await api.get("/calls", params={"direction": "inbound"})) == ["c2"]
        both = await api.get("/calls", params={"direction": "INBOUND,OUTBOUND"})
        assert len(_ids(both)) == 5

    async def test_invalid_enum_is_400(self, api, calls):
        response = await api.get("/calls", params={"callResult": "ANSWERED"})
        assert response.status_code == 400
        assert "callResult" in violated_fields(response)

    async def test_empty_enum_is_400_on_find_and_export(self, api, calls):
        for path in ("/calls", "/calls/export"):
            response = await api.get(path, params={"callResult": ""})
            assert response.status_code == 400
            assert "callResult" in violated_fields(response)

    async def test_create_time_period_and_bounds(self, api, calls):
        old_day = (calls["now"] - timedelta(days=7)).strftime("%Y-%m-%d")
        assert _ids(await api.get("/calls", params={"createTime": old_day})) == ["old"]
        since = (calls["now"] - timedelta(hours=2, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")
        # createTime>=X is parsed as the key "createTime>" with the value X.
        assert _ids(await api.get(f"/calls?createTime>={since}Z")) == ["c1", "c2"]
        until = (calls["now"] - timedelta(hours=3, minutes=30)).strftime("%Y-%m-%dT%H:%M:%S")
        assert _ids(await api.get(f"/calls?createTime<={until}")) == ["c4", "c5", "old"]
        assert (await api.get("/calls", params={"createTime": "yesterday"})).status_code == 400

    async def test_bounds_name_periods_as_the_sdk_sends_them(self, api, calls, state):
        # The SDK's own example: from 2024-02-01 to 2024-02-29 is all of February, so
        # "<=" a day includes that whole day; "<" a day is before it.
        old_day = (calls["now"] - timedelta(days=7)).strftime("%Y-%m-%d")
        assert _ids(await api.get(f"/calls?createTime>={old_day}&createTime<={old_day}")) == ["old"]
        assert "old" not in _ids(
            await api.get(f"/calls?createTime>={old_day}&createTime<{old_day}")
        )
        # The SDK sends a Date bound truncated to the second: the call made later within
        # that second is still "<=" it, and not "<" it.
        second = (calls["now"] - timedelta(minutes=30)).replace(microsecond=0)
        await _insert(state, _record("late", second + timedelta(milliseconds=750)))
        stamp = second.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert _ids(await api.get(f"/calls?createTime>={stamp}&createTime<={stamp}")) == ["late"]
        assert _ids(await api.get(f"/calls?createTime>={stamp}&createTime<{stamp}")) == []
        assert "late" not in _ids(await api.get(f"/calls?createTime>{stamp}"))

    async def test_pagination(self, api, calls):
        first = (await api.get("/calls", params={"size": 2})).json()
        assert (first["totalItems"], first["pageNumber"], first["pageSize"]) == (5, 1, 2)
        pages = [_ids(await api.get("/calls", params={"size": 2, "page": p})) for p in (1, 2, 3)]
        assert pages == [["c1", "c2"], ["c3", "c4"], ["c5"]]
        assert (await api.get("/calls", params={"size": 1001})).status_code == 400

    async def test_other_projects_calls_are_invisible(self, api, calls, state, other_tenant):
        await _insert(state, _record("theirs", calls["now"], project_id=other_tenant.project_id))
        assert "theirs" not in _ids(await api.get("/calls"))
        assert _ids(await other_tenant.client.get("/calls")) == ["theirs"]


class TestExport:
    async def test_csv_columns_rows_and_file_name(self, api, calls):
        response = await api.get("/calls/export", headers={"Accept": "text/plain"})
        assert response.status_code == 200
        assert 'filename="EST_call_records.csv"' in response.headers["content-disposition"]
        assert response.text.startswith('"Timestamp","Call Id"')
        rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(rows[0]) == CSV_COLUMNS
        assert [r[1] for r in rows[1:]] == ["c1", "c2", "c3", "c4", "c5"]
        c1 = dict(zip(rows[0], rows[1], strict=True))
        assert c1["Direction"] == "OUTBOUND"
        assert c1["Price Per Minute"] == "0.0040 USD"
        assert c1["Trunk Name"] == "Trunk acme"
        assert c1["SIP Response Code"] == "200"

    async def test_export_filters_and_file_name(self, api, calls):
        response = await api.get(
            "/calls/export",
            params={"fromCountryCode": "GB", "fileName": "my export", "emergencyOnly": "false"},
        )
        rows = list(csv.reader(io.StringIO(response.text)))
        assert [r[1] for r in rows[1:]] == ["c2"]
        assert 'filename="my_export.csv"' in response.headers["content-disposition"]
        nothing = await api.get("/calls/export", params={"hasChildren": "true"})
        assert len(nothing.text.strip().splitlines()) == 1

    async def test_export_streams_many_rows(self, api, state, clock):
        now = clock.now()
        await _insert(
            state, *[_record(f"bulk{i:04d}", now - timedelta(seconds=i)) for i in range(1200)]
        )
        response = await api.get("/calls/export")
        assert len(response.text.strip().splitlines()) == 1201

    async def test_export_of_a_foreign_project_is_403(self, api, calls, other_tenant):
        response = await api.get("/calls/export", params={"projectIds": other_tenant.project_id})
        assert response.status_code == 403


async def test_pcap_of_unknown_call_is_404(api):
    response = await api.get("/calls/records/0b8e3c61-1111-4a5e-9a8f-23a1b1c2d3e4/pcap")
    assert response.status_code == 404


def test_record_fixture_is_utc():
    assert _record("x", datetime(2024, 1, 1, tzinfo=UTC)).create_time.tzinfo is UTC
