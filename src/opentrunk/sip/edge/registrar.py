"""The registrar: REGISTER from registered endpoints, and the live bindings inbound
calls are routed to (RFC 3261 §10.3).

A REGISTER goes to the trunk domain (``sip:acme.pstn.sinch.com``). The edge challenges
it (401), checks the digest against the credential lists linked to the trunk, and binds
the contacts to the trunk's enabled registered endpoint(s) whose
``credentialUsername`` is the authenticated user. No such endpoint: 401, as Sinch
answers when the credential list is not linked.

A binding lasts ``expires`` seconds (the contact's parameter, else the Expires header,
else ``default_expires``), at most ``max_expires``; under ``min_expires`` the REGISTER
is refused with 423 and Min-Expires. ``expires=0`` removes a binding, ``Contact: *``
with ``Expires: 0`` removes them all. A REGISTER without Contact lists the bindings.

Where an inbound call goes: the contact's address, unless the contact names another
host than the one the REGISTER came from (the endpoint is behind NAT and wrote its
private address) or the REGISTER came over TCP; then the call goes back the way the
REGISTER came (its source address, its connection), as Kamailio's nathelper does.

Bindings live in memory here, keyed by endpoint and contact URI; every change is also
reported (``on_change``) so that the daemon stores it for the API to show and for a
restart to reload.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from opentrunk.sip import Address, DigestAuthenticator, RemoteProtocolError, Request, SipUri
from opentrunk.sip.edge.auth import DigestOutcome, challenge_header, check_digest
from opentrunk.sip.edge.config import EdgeConfig
from opentrunk.sip.edge.forwarding import Resolver, flow_for_uri
from opentrunk.sip.edge.timers import TimerEntry, TimerHeap
from opentrunk.sip.element import Flow
from opentrunk.trunking.routing import RouteTable

__all__ = ["Binding", "RegisterAnswer", "Registrar"]


@dataclass(frozen=True, slots=True)
class Binding:
    endpoint_id: str
    trunk_id: str
    project_id: str
    #: the Contact URI as registered (the Request-URI of calls to it)
    contact: str
    #: where calls to it are sent
    flow: Flow
    #: where the REGISTER came from
    source: Flow
    #: monotonic seconds
    expires_at: float
    user_agent: str = ""

    def remaining(self, now: float) -> int:
        return max(0, round(self.expires_at - now))


@dataclass(frozen=True, slots=True)
class RegisterAnswer:
    status: int
    reason: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


class Registrar:
    """Bindings by endpoint, with their expiry."""

    def __init__(
        self, config: EdgeConfig, *, on_change: Callable[[Binding, bool], None] | None = None
    ) -> None:
        self.config = config
        self._bindings: dict[str, dict[str, Binding]] = {}
        self._expiry: TimerHeap[Binding] = TimerHeap()
        self._entries: dict[tuple[str, str], TimerEntry[Binding]] = {}
        #: ``on_change(binding, removed)``
        self.on_change = on_change
        #: bindings another edge process took the REGISTER of (``mirror``)
        self._mirrored: set[tuple[str, str]] = set()
        #: where calls to live bindings go, and how many bindings each
        self._flows: dict[Flow, int] = {}

    def __len__(self) -> int:
        return sum(len(b) for b in self._bindings.values())

    def bindings(self, endpoint_id: str, now: float) -> list[Binding]:
        """The live bindings of an endpoint, most recently registered first."""
        found = self._bindings.get(endpoint_id)
        if not found:
            return []
        return sorted(
            (b for b in found.values() if b.expires_at > now), key=lambda b: -b.expires_at
        )

    def restore(self, bindings: Iterable[Binding]) -> None:
        """Bindings read back from storage at start (no change is reported)."""
        for binding in bindings:
            self._put(binding)

    def has_flow(self, flow: Flow) -> bool:
        """Whether calls to a live binding go to ``flow`` (a registered contact)."""
        return flow in self._flows

    def _count_flow(self, flow: Flow, change: int) -> None:
        count = self._flows.get(flow, 0) + change
        if count > 0:
            self._flows[flow] = count
        else:
            self._flows.pop(flow, None)

    def mirror(self, binding: Binding, removed: bool) -> None:
        """Apply a change another edge process made and reported (``on_change``
        there). A mirrored binding expires here without being reported; a removal
        does not undo a refresh that came in meanwhile."""
        key = (binding.endpoint_id, binding.contact)
        current = self._bindings.get(binding.endpoint_id, {}).get(binding.contact)
        if removed:
            if current is not None and current.expires_at <= binding.expires_at:
                self._remove(current, report=False)
            return
        self._put(binding)
        self._mirrored.add(key)

    def _put(self, binding: Binding) -> None:
        key = (binding.endpoint_id, binding.contact)
        self._mirrored.discard(key)
        self._expiry.cancel(self._entries.pop(key, None))
        found = self._bindings.setdefault(binding.endpoint_id, {})
        replaced = found.get(binding.contact)
        if replaced is not None:
            self._count_flow(replaced.flow, -1)
        found[binding.contact] = binding
        self._count_flow(binding.flow, 1)
        self._entries[key] = self._expiry.schedule(binding.expires_at, binding)

    def _remove(self, binding: Binding, *, report: bool) -> None:
        key = (binding.endpoint_id, binding.contact)
        if key in self._mirrored:
            self._mirrored.discard(key)
            report = False
        self._expiry.cancel(self._entries.pop(key, None))
        found = self._bindings.get(binding.endpoint_id)
        if found is not None:
            removed = found.pop(binding.contact, None)
            if removed is not None:
                self._count_flow(removed.flow, -1)
            if not found:
                del self._bindings[binding.endpoint_id]
        if report and self.on_change is not None:
            self.on_change(binding, True)

    def next_deadline(self) -> float | None:
        return self._expiry.next_deadline()

    def expire(self, now: float) -> None:
        for binding in self._expiry.pop_due(now):
            self._entries.pop((binding.endpoint_id, binding.contact), None)
            current = self._bindings.get(binding.endpoint_id, {}).get(binding.contact)
            if current is binding:
                self._remove(binding, report=True)

    def forget_endpoints(self, keep: set[str]) -> None:
        """Drop the bindings of endpoints that were deleted or disabled."""
        for endpoint_id in [e for e in self._bindings if e not in keep]:
            for binding in list(self._bindings[endpoint_id].values()):
                self._remove(binding, report=True)

    # --- REGISTER ---------------------------------------------------------------------

    def register(
        self,
        request: Request,
        source: Flow,
        now: float,
        *,
        table: RouteTable,
        authenticator: DigestAuthenticator,
        resolve: Resolver,
    ) -> RegisterAnswer:
        config = self.config
        uri = request.uri
        trunk = table.trunk_for_domain(uri.host) if isinstance(uri, SipUri) else None
        if trunk is None:
            return RegisterAnswer(404, "Not Found - unknown trunk domain")
        outcome, username = check_digest(
            authenticator,
            request.headers.get_all("Authorization"),
            realm=config.realm,
            method="REGISTER",
            uri=uri,
            credentials=trunk.credentials,
            now=now,
            server_uri=config.server_uri,
        )
        if outcome is DigestOutcome.FORBIDDEN:
            return RegisterAnswer(403, "Forbidden - bad credentials")
        if outcome is not DigestOutcome.OK:
            stale = outcome is DigestOutcome.STALE
            header = challenge_header(authenticator, config.realm, now, stale=stale)
            return RegisterAnswer(401, None, (("WWW-Authenticate", header),))
        endpoints = [
            e for e in trunk.endpoints if e.is_registered and e.credential_username == username
        ]
        if not endpoints:
            header = challenge_header(authenticator, config.realm, now, stale=False)
            return RegisterAnswer(
                401, "Unauthorized - no registered endpoint for this user",
                (("WWW-Authenticate", header),),
            )  # fmt: skip

        try:
            changes = self._changes(request, source, now, resolve)
        except _Refused as refused:
            return refused.answer
        except RemoteProtocolError:
            return RegisterAnswer(400, "Bad Request - invalid Contact or Expires")
        user_agent = (request.headers.get("User-Agent") or "")[:255]
        for endpoint in endpoints:
            if changes is _REMOVE_ALL:
                for binding in list(self._bindings.get(endpoint.id, {}).values()):
                    self._remove(binding, report=True)
                continue
            for contact, flow, expires in changes:
                current = self._bindings.get(endpoint.id, {}).get(contact)
                if expires == 0:
                    if current is not None:
                        self._remove(current, report=True)
                    continue
                binding = Binding(
                    endpoint.id, trunk.id, trunk.project_id, contact, flow, source,
                    now + expires, user_agent,
                )  # fmt: skip
                self._put(binding)
                if self.on_change is not None:
                    self.on_change(binding, False)
        live = self.bindings(endpoints[0].id, now)
        contacts = tuple(("Contact", f"<{b.contact}>;expires={b.remaining(now)}") for b in live)
        return RegisterAnswer(200, None, contacts)

    def _changes(
        self, request: Request, source: Flow, now: float, resolve: Resolver
    ) -> list[tuple[str, Flow, int]]:
        config = self.config
        if request.is_contact_wildcard:
            if request.expires != 0:
                raise _Refused(RegisterAnswer(400, "Bad Request - Contact: * needs Expires: 0"))
            return _REMOVE_ALL
        default = request.expires
        changes: list[tuple[str, Flow, int]] = []
        for contact in request.contacts:
            expires = contact.expires
            if expires is None:
                expires = config.default_expires if default is None else default
            expires = min(expires, config.max_expires)
            if 0 < expires < config.min_expires:
                raise _Refused(
                    RegisterAnswer(423, None, (("Min-Expires", str(config.min_expires)),))
                )
            changes.append((str(contact.uri), _target(contact, source, resolve), expires))
        return changes


_REMOVE_ALL: list[tuple[str, Flow, int]] = []


class _Refused(Exception):
    def __init__(self, answer: RegisterAnswer) -> None:
        self.answer = answer


def _target(contact: Address, source: Flow, resolve: Resolver) -> Flow:
    if source.reliable:
        return source
    flow = flow_for_uri(contact.uri, resolve)
    if flow is None or flow.host != source.host or flow.transport != source.transport:
        return source
    return flow
