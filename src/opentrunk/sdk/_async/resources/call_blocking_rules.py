"""``client.call_blocking_rules``: calls refused by caller or callee country and prefix."""

from __future__ import annotations

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._paging import NumberedPages
from opentrunk.sdk._request import JSON, APIRequest, body, query, segment
from opentrunk.sdk.types.call_blocking_rules import CallBlockingRule, Direction

__all__ = ["AsyncCallBlockingRules"]


def _rule_body(
    direction: Direction,
    name: str | None,
    caller_country: str | None,
    callee_country: str | None,
    caller_match: str | None,
    callee_match: str | None,
) -> dict[str, JSON]:
    return body(
        direction=direction,
        name=name,
        callerCountry=caller_country,
        calleeCountry=callee_country,
        callerMatch=caller_match,
        calleeMatch=callee_match,
    )


class AsyncCallBlockingRules(AsyncResource):
    async def create(
        self,
        *,
        direction: Direction,
        name: str | None = None,
        caller_country: str | None = None,
        callee_country: str | None = None,
        caller_match: str | None = None,
        callee_match: str | None = None,
    ) -> CallBlockingRule:
        """Block inbound calls (by caller) or outbound calls (by callee).

        Example::

            rule = await client.call_blocking_rules.create(
                direction="OUTBOUND", name="No premium", callee_match="+1900"
            )
        """
        payload = _rule_body(
            direction, name, caller_country, callee_country, caller_match, callee_match
        )
        request = APIRequest("POST", "trunking", "/callBlockingRules", json=payload)
        return await self._transport.fetch(request, CallBlockingRule)

    def list(
        self, *, sort: str | None = None, page: int | None = None, size: int | None = None
    ) -> AsyncPaginator[CallBlockingRule]:
        """Every rule of the project (``sort`` e.g. ``"name,asc"``).

        Example::

            async for rule in client.call_blocking_rules.list():
                print(rule.direction, rule.callee_match or rule.caller_match)
        """
        params = query(sort=sort, page=page, size=size)
        request = APIRequest("GET", "trunking", "/callBlockingRules", params)
        return self._paginate(request, NumberedPages("callBlockingRules"), CallBlockingRule)

    async def update(
        self,
        rule_id: str,
        *,
        direction: Direction,
        name: str | None = None,
        caller_country: str | None = None,
        callee_country: str | None = None,
        caller_match: str | None = None,
        callee_match: str | None = None,
    ) -> CallBlockingRule:
        """Replace a rule.

        Example::

            rule = await client.call_blocking_rules.update(
                rule.id, direction="OUTBOUND", callee_match="+1976"
            )
        """
        payload = _rule_body(
            direction, name, caller_country, callee_country, caller_match, callee_match
        )
        path = f"/callBlockingRules/{segment(rule_id)}"
        request = APIRequest("PUT", "trunking", path, json=payload)
        return await self._transport.fetch(request, CallBlockingRule)

    async def delete(self, rule_id: str) -> None:
        """Delete a rule.

        Example::

            await client.call_blocking_rules.delete(rule.id)
        """
        path = f"/callBlockingRules/{segment(rule_id)}"
        await self._transport.send(APIRequest("DELETE", "trunking", path))
