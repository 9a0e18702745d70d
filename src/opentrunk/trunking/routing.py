"""The route table: an in-memory, immutable snapshot of what the SIP edge needs to know
about every trunk, built from the database and swapped atomically when configuration
changes. The edge never queries the database per message.

Theory of operation
-------------------
Configuration is grouped by project (``ProjectRoutes``) because every API change is
made in one project: on a change the edge reloads that project only and builds a new
``RouteTable`` from the previous one with that project replaced. Lookups the edge makes
per message are dictionary hits (trunk by domain, trunk by DID) or a bisection (source
IP in a trunk's ACL ranges, merged into disjoint intervals).

Blocking rules: a rule matches when every criterion it has matches (country and/or
number prefix); a rule with no criteria matches every call in its direction.
"""

from __future__ import annotations

import bisect
import ipaddress
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.kit.countries import ALL_COUNTRIES, DEFAULT_ENABLED
from opentrunk.store.models import (
    AccessControlList,
    CallBlockingRule,
    CountryPermission,
    Credential,
    IpRange,
    PhoneNumber,
    SipEndpoint,
    Trunk,
    TrunkAccessControlList,
    TrunkCredentialList,
)

__all__ = [
    "BlockingRule",
    "CredentialHash",
    "EndpointRoute",
    "Ipv4RangeSet",
    "ProjectRoutes",
    "RouteTable",
    "TrunkRoute",
    "load_project_routes",
    "load_route_table",
]


class Ipv4RangeSet:
    """IPv4 ranges merged into disjoint, sorted intervals; membership by bisection."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, networks: Iterable[ipaddress.IPv4Network] = ()) -> None:
        intervals = sorted((int(n.network_address), int(n.broadcast_address)) for n in networks)
        starts: list[int] = []
        ends: list[int] = []
        for start, end in intervals:
            if ends and start <= ends[-1] + 1:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts = starts
        self._ends = ends

    def __contains__(self, address: str | int) -> bool:
        if isinstance(address, str):
            try:
                value = int(ipaddress.IPv4Address(address))
            except ValueError:
                return False
        else:
            value = address
        i = bisect.bisect_right(self._starts, value) - 1
        return i >= 0 and value <= self._ends[i]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def __len__(self) -> int:
        return len(self._starts)


@dataclass(frozen=True, slots=True)
class CredentialHash:
    username: str
    realm: str
    ha1_md5: str
    ha1_sha256: str


@dataclass(frozen=True, slots=True)
class EndpointRoute:
    id: str
    name: str
    priority: int
    is_registered: bool
    address: str | None
    port: int
    transport: str
    credential_username: str | None


@dataclass(frozen=True, slots=True)
class BlockingRule:
    id: str
    direction: str  # INBOUND or OUTBOUND
    country: str | None
    prefix: str | None

    def matches(self, number: str, country: str | None) -> bool:
        if self.country is not None and self.country != country:
            return False
        if self.prefix is not None:
            wanted = self.prefix.lstrip("+")
            if not number.lstrip("+").startswith(wanted):
                return False
        return True


@dataclass(frozen=True, slots=True)
class TrunkRoute:
    id: str
    project_id: str
    name: str
    domain: str
    calls_per_second: int
    acl: Ipv4RangeSet
    #: Usernames of the credential lists linked to this trunk.
    credentials: Mapping[str, CredentialHash]
    #: Enabled endpoints, lowest priority value first (stable by id within a priority).
    endpoints: tuple[EndpointRoute, ...]
    enable_call_forward: bool = False
    call_forward_number: str = ""

    @property
    def has_outbound_auth(self) -> bool:
        return bool(self.acl) or bool(self.credentials)


@dataclass(frozen=True, slots=True)
class ProjectRoutes:
    project_id: str
    trunks: tuple[TrunkRoute, ...]
    #: DID (E.164) → trunk id.
    numbers: Mapping[str, str]
    enabled_countries: frozenset[str]
    blocking_rules: tuple[BlockingRule, ...]

    def blocked(self, direction: str, number: str, country: str | None) -> BlockingRule | None:
        for rule in self.blocking_rules:
            if rule.direction == direction and rule.matches(number, country):
                return rule
        return None


@dataclass(frozen=True, slots=True)
class RouteTable:
    projects: Mapping[str, ProjectRoutes] = field(default_factory=dict)
    by_domain: Mapping[str, TrunkRoute] = field(default_factory=dict)
    by_id: Mapping[str, TrunkRoute] = field(default_factory=dict)
    by_number: Mapping[str, TrunkRoute] = field(default_factory=dict)

    @classmethod
    def of(cls, projects: Iterable[ProjectRoutes]) -> RouteTable:
        by_project = {p.project_id: p for p in projects}
        by_id = {t.id: t for p in by_project.values() for t in p.trunks}
        return cls(
            projects=by_project,
            by_domain={t.domain: t for t in by_id.values()},
            by_id=by_id,
            by_number={
                number: by_id[trunk_id]
                for p in by_project.values()
                for number, trunk_id in p.numbers.items()
                if trunk_id in by_id
            },
        )

    def with_project(self, routes: ProjectRoutes) -> RouteTable:
        projects = dict(self.projects)
        projects[routes.project_id] = routes
        return RouteTable.of(projects.values())

    def trunk_for_domain(self, host: str) -> TrunkRoute | None:
        return self.by_domain.get(host.lower().rstrip("."))

    def project(self, project_id: str) -> ProjectRoutes | None:
        return self.projects.get(project_id)


def _endpoint_routes(rows: Sequence[SipEndpoint]) -> tuple[EndpointRoute, ...]:
    ordered = sorted((r for r in rows if r.enabled), key=lambda r: (r.priority, r.id))
    return tuple(
        EndpointRoute(
            id=r.id, name=r.name, priority=r.priority, is_registered=r.is_registered,
            address=r.address, port=r.port, transport=r.transport,
            credential_username=r.credential_username,
        )
        for r in ordered
    )  # fmt: skip


async def load_project_routes(session: AsyncSession, project_id: str) -> ProjectRoutes:
    """Everything the edge needs about one project, in a handful of queries."""
    trunks = list(await session.scalars(select(Trunk).where(Trunk.project_id == project_id)))
    trunk_ids = [t.id for t in trunks]

    ranges: dict[str, list[ipaddress.IPv4Network]] = defaultdict(list)
    rows = await session.execute(
        select(TrunkAccessControlList.trunk_id, IpRange.ip_address, IpRange.range)
        .join(
            AccessControlList, AccessControlList.id == TrunkAccessControlList.access_control_list_id
        )
        .join(IpRange, IpRange.access_control_list_id == AccessControlList.id)
        .where(TrunkAccessControlList.trunk_id.in_(trunk_ids), AccessControlList.enabled.is_(True))
    )
    for trunk_id, address, prefix in rows:
        ranges[trunk_id].append(ipaddress.IPv4Network((address, prefix), strict=False))

    credentials: dict[str, dict[str, CredentialHash]] = defaultdict(dict)
    linked = await session.execute(
        select(TrunkCredentialList.trunk_id, Credential)
        .join(Credential, Credential.credential_list_id == TrunkCredentialList.credential_list_id)
        .where(TrunkCredentialList.trunk_id.in_(trunk_ids))
    )
    for trunk_id, credential in linked:
        credentials[trunk_id][credential.username] = CredentialHash(
            credential.username, credential.realm, credential.ha1_md5, credential.ha1_sha256
        )

    endpoints: dict[str, list[SipEndpoint]] = defaultdict(list)
    for endpoint in await session.scalars(
        select(SipEndpoint).where(SipEndpoint.sip_trunk_id.in_(trunk_ids))
    ):
        endpoints[endpoint.sip_trunk_id].append(endpoint)

    numbers = {
        number: trunk_id
        for number, trunk_id in await session.execute(
            select(PhoneNumber.phone_number, PhoneNumber.sip_trunk_id).where(
                PhoneNumber.project_id == project_id
            )
        )
    }
    overrides = {
        row.iso_code: row.enabled
        for row in await session.scalars(
            select(CountryPermission).where(CountryPermission.project_id == project_id)
        )
    }
    enabled = frozenset(
        c.iso_code
        for c in ALL_COUNTRIES
        if overrides.get(c.iso_code, c.iso_code in DEFAULT_ENABLED)
    )
    rules = tuple(
        BlockingRule(
            id=r.id,
            direction=r.direction,
            country=r.caller_country if r.direction == "INBOUND" else r.callee_country,
            prefix=r.caller_match if r.direction == "INBOUND" else r.callee_match,
        )
        for r in await session.scalars(
            select(CallBlockingRule)
            .where(CallBlockingRule.project_id == project_id)
            .order_by(CallBlockingRule.id)
        )
    )
    return ProjectRoutes(
        project_id=project_id,
        trunks=tuple(
            TrunkRoute(
                id=t.id,
                project_id=t.project_id,
                name=t.name,
                domain=f"{t.host_name}.{t.top_level_domain}".lower(),
                calls_per_second=t.calls_per_second,
                acl=Ipv4RangeSet(ranges.get(t.id, ())),
                credentials=credentials.get(t.id, {}),
                endpoints=_endpoint_routes(endpoints.get(t.id, [])),
                enable_call_forward=t.enable_call_forward,
                call_forward_number=t.call_forward_number,
            )
            for t in trunks
        ),
        numbers=numbers,
        enabled_countries=enabled,
        blocking_rules=rules,
    )


async def load_route_table(session: AsyncSession) -> RouteTable:
    """The whole table: every project that has at least one trunk."""
    project_ids = list(await session.scalars(select(Trunk.project_id).distinct()))
    return RouteTable.of([await load_project_routes(session, p) for p in project_ids])
