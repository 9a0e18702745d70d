"""The table columns of EST objects (shared: trunks are listed by several commands)."""

from __future__ import annotations

from opentrunk.cli._output import Column
from opentrunk.sdk.types import (
    AccessControlList,
    Call,
    CallBlockingRule,
    CountryPermission,
    CredentialList,
    IpRange,
    PhoneNumber,
    SipEndpoint,
    Trunk,
)

__all__ = [
    "ACL_COLUMNS",
    "BLOCKING_RULE_COLUMNS",
    "CALL_COLUMNS",
    "COUNTRY_COLUMNS",
    "CREDENTIAL_LIST_COLUMNS",
    "ENDPOINT_COLUMNS",
    "IP_RANGE_COLUMNS",
    "PHONE_NUMBER_COLUMNS",
    "TRUNK_COLUMNS",
]

TRUNK_COLUMNS: list[Column[Trunk]] = [
    Column("ID", lambda t: t.id),
    Column("NAME", lambda t: t.name),
    Column("DOMAIN", lambda t: t.domain),
    Column("CPS", lambda t: t.calls_per_second),
    Column("CALLER NAME", lambda t: t.enable_caller_name),
    Column("FORWARD TO", lambda t: t.call_forward_number if t.enable_call_forward else None),
]

CREDENTIAL_LIST_COLUMNS: list[Column[CredentialList]] = [
    Column("ID", lambda c: c.id),
    Column("NAME", lambda c: c.name),
    Column("USERNAMES", lambda c: [x.username for x in c.credentials]),
]

ACL_COLUMNS: list[Column[AccessControlList]] = [
    Column("ID", lambda a: a.id),
    Column("NAME", lambda a: a.name),
    Column("ENABLED", lambda a: a.enabled),
    Column("RANGES", lambda a: [f"{r.ip_address}/{r.range}" for r in a.ip_ranges]),
]

IP_RANGE_COLUMNS: list[Column[IpRange]] = [
    Column("ID", lambda r: r.id),
    Column("RANGE", lambda r: f"{r.ip_address}/{r.range}"),
    Column("DESCRIPTION", lambda r: r.description),
]

ENDPOINT_COLUMNS: list[Column[SipEndpoint]] = [
    Column("ID", lambda e: e.id),
    Column("NAME", lambda e: e.name),
    Column("PRIORITY", lambda e: e.priority),
    Column("TARGET", lambda e: f"{e.address}:{e.port}" if e.address else e.credential_username),
    Column("TRANSPORT", lambda e: e.transport),
    Column("ENABLED", lambda e: e.enabled),
]

PHONE_NUMBER_COLUMNS: list[Column[PhoneNumber]] = [
    Column("NUMBER", lambda n: n.phone_number),
    Column("COUNTRY", lambda n: n.country_code),
    Column("TRUNK", lambda n: n.sip_trunk_id),
    Column("ASSIGNED", lambda n: n.create_time),
]

COUNTRY_COLUMNS: list[Column[CountryPermission]] = [
    Column("CODE", lambda c: c.iso_code),
    Column("NAME", lambda c: c.name),
    Column("CONTINENT", lambda c: c.continent),
    Column("DIALING CODES", lambda c: c.country_dialing_codes),
    Column("ENABLED", lambda c: c.enabled),
]

CALL_COLUMNS: list[Column[Call]] = [
    Column("TIME", lambda c: c.create_time),
    Column("CALL ID", lambda c: c.call_id),
    Column("DIRECTION", lambda c: c.direction),
    Column("FROM", lambda c: c.from_),
    Column("TO", lambda c: c.to),
    Column("RESULT", lambda c: c.call_result),
    Column("SECONDS", lambda c: c.duration_seconds),
    Column("PRICE", lambda c: f"{c.price.amount:.4f} {c.price.currency_code}" if c.price else None),
]

BLOCKING_RULE_COLUMNS: list[Column[CallBlockingRule]] = [
    Column("ID", lambda r: r.id),
    Column("NAME", lambda r: r.name),
    Column("DIRECTION", lambda r: r.direction),
    Column("CALLER", lambda r: " ".join(filter(None, [r.caller_country, r.caller_match]))),
    Column("CALLEE", lambda r: " ".join(filter(None, [r.callee_country, r.callee_match]))),
]
