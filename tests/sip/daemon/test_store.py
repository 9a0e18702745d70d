"""What the daemon writes for the edge, off the hot path: call records in batches (a
duplicate costs only itself), bindings kept for the API and reloaded by a restarted
edge. Monotonic edge times become the clock's wall time."""

from __future__ import annotations

from datetime import timedelta

from opentrunk.sip.daemon.store import StoreWriter, load_bindings
from opentrunk.sip.edge import Binding, CallRecordData, CallResult
from opentrunk.sip.element import Flow
from tests.api.factories import make_credential_list, make_trunk
from tests.conftest import PROJECT_ID


def record(call_id: str, trunk_id: str, *, answered: float | None = 100.0) -> CallRecordData:
    return CallRecordData(
        call_id=call_id, project_id=PROJECT_ID, trunk_id=trunk_id, trunk_name="Acme",
        direction="OUTBOUND", from_="+15550001111", to="+15551234567", from_country="US",
        to_country="US", result=CallResult.COMPLETED if answered else CallResult.BUSY,
        sip_response_code=200 if answered else 486, created=99.0, answered=answered,
        ended=161.0, transport="udp", port=5060,
    )  # fmt: skip


async def test_records_are_written_in_batches_with_wall_times(api, state, clock) -> None:
    trunk = await make_trunk(api)
    writer = StoreWriter(state.database, clock, lambda: 200.0)  # the edge's clock reads 200
    writer.add_record(record("a@test", trunk["id"]))
    writer.add_record(record("b@test", trunk["id"], answered=None))
    writer.add_record(record("a@test", trunk["id"]))  # the same Call-ID again
    await writer.flush()
    assert (writer.written, writer.failed) == (2, 1)

    response = await api.get("/calls", params={"trunkId": trunk["id"]})
    calls = {c["callId"]: c for c in response.json()["calls"]}
    assert set(calls) == {"a@test", "b@test"}
    answered = calls["a@test"]
    assert answered["callResult"] == "COMPLETED"
    assert answered["durationSeconds"] == 61  # outbound: answer to end
    assert answered["billingDurationSeconds"] == 120
    now = clock.now()
    # The edge's 100 s was 100 s before its 200 s "now": that long before the clock's now.
    answer_time = now - timedelta(seconds=100)
    assert answered["answerTime"].startswith(answer_time.strftime("%Y-%m-%dT%H:%M"))
    assert calls["b@test"]["callResult"] == "BUSY"


async def test_bindings_are_stored_and_reloaded(api, state, clock) -> None:
    trunk = await make_trunk(api)
    await make_credential_list(api, "pbx01")
    response = await api.post(
        f"/trunks/{trunk['id']}/endpoints",
        json={"name": "PBX", "isRegistered": True, "credentialUsername": "pbx01", "priority": 1},
    )
    endpoint = response.json()
    writer = StoreWriter(state.database, clock, lambda: 50.0)
    phone = Flow("UDP", "192.0.2.50", 5062)
    binding = Binding(
        endpoint["id"], trunk["id"], PROJECT_ID, "sip:pbx01@192.0.2.50:5062", phone, phone, 350.0,
        "PBX 1.0",
    )  # fmt: skip
    writer.add_binding(binding, False)
    writer.add_binding(binding, False)  # refreshed: still one row
    await writer.flush()

    path = f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}/registrations"
    (stored,) = (await api.get(path)).json()["registrations"]
    assert (stored["contact"], stored["target"]) == ("sip:pbx01@192.0.2.50:5062", str(phone))

    # A restarted edge (its monotonic clock now reads 1000) gets it back, 300 s left.
    (reloaded,) = await load_bindings(state.database, clock, lambda: 1000.0)
    assert (reloaded.endpoint_id, reloaded.flow) == (endpoint["id"], phone)
    assert 1299.0 < reloaded.expires_at <= 1300.0

    writer.add_binding(binding, True)  # unregistered
    await writer.flush()
    assert (await api.get(path)).json()["registrations"] == []


async def test_a_binding_of_a_deleted_endpoint_is_dropped(api, state, clock) -> None:
    trunk = await make_trunk(api)
    writer = StoreWriter(state.database, clock, lambda: 0.0)
    ghost = Flow("UDP", "192.0.2.9", 5060)
    writer.add_binding(
        Binding("01GONE", trunk["id"], PROJECT_ID, "sip:x@192.0.2.9", ghost, ghost, 60.0), False
    )
    await writer.flush()
    assert writer.failed == 1
