"""Edge policy: may this INVITE go where it asks? Pure functions over the route table.

Outbound (a customer calling out through its trunk), in Sinch's order:

1. the Request-URI host must be a trunk domain, else **404**;
2. the source address must be in an ACL linked to the trunk, and/or the request must
   carry digest credentials of the trunk's credential lists (both when both are
   linked; **407** to ask for them, **403** for wrong ones or ones made for another
   Request-URI than this one or ``server_uri``, the edge itself); a trunk with
   neither accepts no outbound call (**403**);
3. the ``From`` host must be the trunk domain, else **403**;
4. the destination's country (from the E.164 number, with ``phonenumbers``) must be
   enabled in the project's country permissions, and no outbound blocking rule may
   match, else **403**;
5. the trunk's ``callsPerSecond`` must not be exceeded, else **603**.

Inbound (a carrier calling a customer's number): the number must be assigned to a
trunk (**404**) and no inbound blocking rule may match (**403**); which endpoints to
try is ``targets``' business.

Calls refused before they are authenticated (steps 1-2, an unknown number) leave no
call record: a stranger's traffic must not fill a customer's call history, nor make
the edge write to the database. Every other outcome does.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from opentrunk.kit.e164 import country_of
from opentrunk.sip import DigestAuthenticator, Request, SipUri
from opentrunk.sip.edge.auth import DigestOutcome, challenge_header, check_digest
from opentrunk.sip.edge.rate import CallRateLimiter
from opentrunk.sip.element import Flow
from opentrunk.trunking.routing import RouteTable, TrunkRoute

__all__ = [
    "Admit",
    "CallFacts",
    "Reject",
    "check_inbound",
    "check_outbound",
    "number_country",
    "number_of",
]


@dataclass(frozen=True, slots=True)
class CallFacts:
    """What the call record of an admitted (or refused, once authenticated) call needs."""

    trunk: TrunkRoute
    direction: str  # INBOUND or OUTBOUND
    from_number: str
    to_number: str
    from_country: str | None
    to_country: str | None


@dataclass(frozen=True, slots=True)
class Admit:
    call: CallFacts


@dataclass(frozen=True, slots=True)
class Reject:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...] = ()
    #: set when the refusal is recorded in the call history
    call: CallFacts | None = None


_VISUAL_SEPARATORS = str.maketrans("", "", "-.() ")


@functools.lru_cache(maxsize=65536)
def number_of(user: str | None) -> str:
    """The E.164 form of a URI's user part (``15551234567`` → ``+15551234567``;
    ``0046...`` → ``+46...``); anything else comes back as it was."""
    if not user:
        return ""
    text = user.partition(";")[0].translate(_VISUAL_SEPARATORS)
    if text.startswith("+"):
        return text
    if text.isdigit():
        return "+" + (text[2:] if text.startswith("00") else text)
    return user


@functools.lru_cache(maxsize=65536)
def number_country(number: str) -> str | None:
    """ISO country of an E.164 number, cached: parsing with ``phonenumbers`` costs tens
    of microseconds, and a trunk calls the same numbers again and again."""
    if not number.startswith("+") or not number[1:].isdigit():
        return None
    return country_of(number)


def _user(request: Request) -> str | None:
    uri = request.uri
    return uri.user_decoded if isinstance(uri, SipUri) else None


def check_outbound(
    table: RouteTable,
    request: Request,
    source: Flow,
    now: float,
    *,
    authenticator: DigestAuthenticator,
    realm: str,
    rate: CallRateLimiter,
    server_uri: SipUri | None = None,
) -> Admit | Reject:
    uri = request.uri
    trunk = table.trunk_for_domain(uri.host) if isinstance(uri, SipUri) else None
    if trunk is None:
        return Reject(404, "Not Found - unknown trunk domain")

    # 2. ACL and/or digest: whatever is linked must be satisfied.
    if not trunk.has_outbound_auth:
        return Reject(403, "Forbidden - no access control list or credential list")
    if trunk.acl and source.host not in trunk.acl:
        return Reject(403, "Forbidden - source address not allowed")
    if trunk.credentials:
        outcome, _ = check_digest(
            authenticator,
            request.headers.get_all("Proxy-Authorization"),
            realm=realm,
            method="INVITE",
            uri=uri,
            credentials=trunk.credentials,
            now=now,
            server_uri=server_uri,
        )
        if outcome is DigestOutcome.FORBIDDEN:
            return Reject(403, "Forbidden - bad credentials")
        if outcome is not DigestOutcome.OK:
            stale = outcome is DigestOutcome.STALE
            header = challenge_header(authenticator, realm, now, stale=stale)
            return Reject(407, "Proxy Authentication Required", (("Proxy-Authenticate", header),))

    from_uri = request.from_.uri
    to_number = number_of(_user(request))
    from_number = number_of(from_uri.user_decoded if isinstance(from_uri, SipUri) else None)
    to_country = number_country(to_number)
    facts = CallFacts(
        trunk, "OUTBOUND", from_number, to_number, number_country(from_number), to_country
    )

    # 3. The From domain.
    if not isinstance(from_uri, SipUri) or from_uri.host.lower().rstrip(".") != trunk.domain:
        return Reject(403, "Forbidden - From domain must be the trunk domain", call=facts)

    # 4. Country permissions and blocking rules.
    project = table.project(trunk.project_id)
    if to_country is None or project is None or to_country not in project.enabled_countries:
        return Reject(403, "Forbidden - destination country not enabled", call=facts)
    if project.blocking_rules and project.blocked("OUTBOUND", to_number, to_country):
        return Reject(403, "Forbidden - blocked by a call blocking rule", call=facts)

    # 5. Calls per second.
    if not rate.allow(trunk.id, trunk.calls_per_second, now):
        return Reject(603, "Decline - calls per second exceeded", call=facts)
    return Admit(facts)


def check_inbound(table: RouteTable, request: Request) -> Admit | Reject:
    to_number = number_of(_user(request))
    trunk = table.by_number.get(to_number)
    if trunk is None:
        return Reject(404, "Not Found - number not assigned")
    from_uri = request.from_.uri
    from_number = number_of(from_uri.user_decoded if isinstance(from_uri, SipUri) else None)
    from_country = number_country(from_number)
    facts = CallFacts(
        trunk, "INBOUND", from_number, to_number, from_country, number_country(to_number)
    )
    project = table.project(trunk.project_id)
    if project is not None and project.blocked("INBOUND", from_number, from_country):
        return Reject(403, "Forbidden - blocked by a call blocking rule", call=facts)
    return Admit(facts)
