"""``client.call_blocking_rules``."""

from __future__ import annotations

from opentrunk.sdk import AsyncClient


async def test_create_list_update_delete(client: AsyncClient):
    rule = await client.call_blocking_rules.create(
        direction="OUTBOUND", name="No premium", callee_match="+1900"
    )
    assert (rule.direction, rule.callee_match, rule.caller_match) == ("outbound", "+1900", None)
    inbound = await client.call_blocking_rules.create(
        direction="INBOUND", caller_country="GB", caller_match="+44"
    )
    names = [r.name async for r in client.call_blocking_rules.list(sort="name,asc")]
    assert len(names) == 2

    changed = await client.call_blocking_rules.update(
        rule.id, direction="OUTBOUND", name="No premium", callee_country="US", callee_match="+1976"
    )
    assert (changed.callee_country, changed.callee_match) == ("US", "+1976")

    await client.call_blocking_rules.delete(rule.id)
    assert [r.id async for r in client.call_blocking_rules.list()] == [inbound.id]
