"""Where an inbound call is offered, in order.

A trunk's enabled endpoints are tried lowest ``priority`` value first. Endpoints of
equal priority take turns being first (round-robin per trunk and priority), the others
following in their usual order, so that each still backs up the rest. A static
endpoint is its address and port; a registered endpoint is each of its live bindings,
most recent first, and nothing at all while it is not registered.

Endpoints with ``TLS`` transport are skipped: the edge speaks UDP and TCP only.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from opentrunk.sip import Uri, format_host, parse_uri
from opentrunk.sip.edge.forwarding import Resolver
from opentrunk.sip.edge.registrar import Registrar
from opentrunk.sip.element import Flow
from opentrunk.trunking.routing import EndpointRoute, TrunkRoute

__all__ = ["Target", "TargetSelector"]


@dataclass(frozen=True, slots=True)
class Target:
    flow: Flow
    #: the Request-URI to send; None keeps the caller's
    uri: Uri | None
    endpoint_id: str | None = None


class TargetSelector:
    __slots__ = ("_turns",)

    def __init__(self) -> None:
        # (trunk id, priority) -> how many calls that group has taken
        self._turns: dict[tuple[str, int], int] = {}

    def select(
        self,
        trunk: TrunkRoute,
        number: str,
        registrar: Registrar,
        now: float,
        resolve: Resolver,
    ) -> list[Target]:
        targets: list[Target] = []
        for priority, group in groupby(trunk.endpoints, key=lambda e: e.priority):
            members = list(group)
            if len(members) > 1:
                key = (trunk.id, priority)
                turn = self._turns.get(key, 0)
                self._turns[key] = turn + 1
                start = turn % len(members)
                members = members[start:] + members[:start]
            for endpoint in members:
                targets += _endpoint_targets(endpoint, number, registrar, now, resolve)
        return targets

    def forget(self, keep: set[str]) -> None:
        for key in [k for k in self._turns if k[0] not in keep]:
            del self._turns[key]


def _endpoint_targets(
    endpoint: EndpointRoute, number: str, registrar: Registrar, now: float, resolve: Resolver
) -> list[Target]:
    if endpoint.transport not in ("UDP", "TCP"):
        return []
    if endpoint.is_registered:
        return [
            Target(binding.flow, parse_uri(binding.contact), endpoint.id)
            for binding in registrar.bindings(endpoint.id, now)
        ]
    if endpoint.address is None:
        return []
    address = resolve(endpoint.address)
    if address is None:
        return []
    params = ";transport=tcp" if endpoint.transport == "TCP" else ""
    uri = parse_uri(f"sip:{number}@{format_host(endpoint.address)}:{endpoint.port}{params}")
    return [Target(Flow(endpoint.transport, address, endpoint.port), uri, endpoint.id)]
