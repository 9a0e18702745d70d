"""The dialog side of the proxy: requests inside a call (ACK for 2xx, BYE, re-INVITE,
UPDATE, INFO...), responses nobody waits for, and the dialogs that call records and
Route-less requests need. The theory of operation is in ``proxy``.

Where an in-dialog request goes (``next_hop``):

1. Route entries that are ours (our Record-Route, or a trunk domain) are removed; if a
   Route is left, the request goes there, untouched otherwise (loose routing, §16.4).
2. Else, if the edge knows the dialog (by Call-ID), the request goes to the other side
   of it: the side is told by the From tag, the flow is where that side was seen
   (its Contact when that matches, else its source: NAT, TCP), and a Request-URI
   naming the edge itself is replaced by that side's Contact.
3. Else the Request-URI says where; if it names the edge, there is nowhere to go (481).
"""

from __future__ import annotations

from opentrunk.sip import (
    Address,
    ClientTransaction,
    Headers,
    LocalProtocolError,
    Request,
    Response,
    ServerTransaction,
    SipUri,
    Uri,
    parse_address,
    parse_via,
)
from opentrunk.sip.edge.calls import Branch, Dialog, InviteCall, Relay
from opentrunk.sip.edge.core import ProxyCore
from opentrunk.sip.edge.forwarding import Resolver, flow_for_uri, forward_request
from opentrunk.sip.edge.policy import CallFacts
from opentrunk.sip.edge.records import CallRecordData, CallResult
from opentrunk.sip.element import Flow

__all__ = ["DialogRouting", "peer_flow"]


def peer_flow(contact: Address | None, seen: Flow, resolve: Resolver) -> Flow:
    """Where to reach one side of a dialog: its Contact when that names the address it
    was seen at, else where it was seen (behind NAT, or over TCP)."""
    if contact is None or seen.reliable:
        return seen
    flow = flow_for_uri(contact.uri, resolve)
    if flow is None or flow.host != seen.host:
        return seen
    return flow


class DialogRouting(ProxyCore):
    # --- where in-dialog requests go --------------------------------------------------

    def is_own(self, uri: Uri) -> bool:
        if not isinstance(uri, SipUri):
            return False
        host = uri.host.lower()
        if host == self.config.host:
            return (uri.port or 5060) in (self.config.port, self.config.public_port)
        return self.routes.trunk_for_domain(host) is not None

    def next_hop(self, request: Request, source: Flow) -> tuple[Flow, Uri | None, int] | None:
        """``(flow, new Request-URI or None, how many top Route entries to remove)``."""
        routes = request.headers.get_all("Route")
        strip = 0
        for value in routes:
            if value in self.own_routes or self.is_own(parse_address(value).uri):
                strip += 1
            else:
                break
        if strip < len(routes):
            flow = flow_for_uri(parse_address(routes[strip]).uri, self.resolve)
            return None if flow is None else (flow, None, strip)
        uri = request.uri
        dialog = self.dialogs.get(request.call_id)
        if dialog is not None:
            if request.from_tag == dialog.caller_tag:
                flow, contact = dialog.callee_flow, dialog.callee_contact
            else:
                flow, contact = dialog.caller_flow, dialog.caller_contact
            new_uri = contact if contact is not None and self.is_own(uri) else None
            return flow, new_uri, strip
        if self.is_own(uri):
            return None
        flow = flow_for_uri(uri, self.resolve)
        return None if flow is None else (flow, None, strip)

    # --- relaying ---------------------------------------------------------------------

    def relay_in_dialog(
        self, request: Request, server: ServerTransaction[Flow], source: Flow, now: float
    ) -> None:
        if request.method == "INVITE":
            self.respond(server, request, 100, now)
        max_forwards = request.max_forwards
        if max_forwards is not None and max_forwards <= 0:
            self.respond(server, request, 483, now)
            return
        hop = self.next_hop(request, source)
        if hop is None:
            self.respond(server, request, 481, now)
            return
        flow, uri, strip = hop
        forwarded = forward_request(request, via=self.via_for(flow), uri=uri, strip_routes=strip)
        try:
            client, actions = self.layer.send_request(forwarded, flow, now, reliable=flow.reliable)
        except LocalProtocolError:
            self.respond(server, request, 500, now)
            return
        self.relays[client] = Relay(server)
        if request.method == "BYE":
            dialog = self.dialogs.get(request.call_id)
            if dialog is not None:
                self.end_dialog(dialog, now)
        self.perform(actions, now, None)

    def relay_ack(self, request: Request, source: Flow, now: float) -> None:
        """An ACK for a 2xx: forwarded statelessly (§16.11), or dropped."""
        max_forwards = request.max_forwards
        if max_forwards is not None and max_forwards <= 0:
            return
        hop = self.next_hop(request, source)
        if hop is None:
            return
        flow, uri, strip = hop
        forwarded = forward_request(request, via=self.via_for(flow), uri=uri, strip_routes=strip)
        self.send(forwarded.to_bytes(), flow, None)

    def relay_response(self, relay: Relay, response: Response, now: float) -> None:
        if response.status != 100:
            self.relay(relay.server, response.pop_via(), now)

    def relay_stray_response(self, response: Response) -> None:
        """A response no transaction waits for (a 2xx retransmitted late): sent on to
        the Via below ours, statelessly (§16.7, §16.11)."""
        vias = response.headers.get_all("Via")
        if len(vias) < 2 or f" {self.sent_by};" not in vias[0]:
            return
        via = parse_via(vias[1])
        address = self.resolve(via.received or via.host)
        if address is None or via.transport not in ("UDP", "TCP"):
            return
        flow = Flow(via.transport, address, via.rport or via.port or 5060)
        self.send(response.pop_via().to_bytes(), flow, None)

    # --- dialogs and their records ----------------------------------------------------

    def open_dialog(self, call: InviteCall, branch: Branch, response: Response, now: float) -> None:
        request = call.request
        caller = request.contacts[0] if request.contacts else None
        callee = response.contacts[0] if response.contacts else None
        dialog = Dialog(
            request.call_id,
            call.facts,
            call.created,
            now,
            caller_tag=request.from_tag,
            caller_flow=peer_flow(caller, call.server.remote, self.resolve),
            caller_contact=None if caller is None else caller.uri,
            callee_flow=peer_flow(callee, branch.target.flow, self.resolve),
            callee_contact=None if callee is None else callee.uri,
        )
        previous = self.dialogs.get(dialog.call_id)
        if previous is not None:
            self.end_dialog(previous, now)
        self.dialogs[dialog.call_id] = dialog
        dialog.timer = self.timers.schedule(now + self.config.max_call_seconds, dialog)

    def close_dialogs(self, now: float) -> None:
        """Write the records of calls still up (at shutdown)."""
        for dialog in list(self.dialogs.values()):
            self.end_dialog(dialog, now)

    def end_dialog(self, dialog: Dialog, now: float) -> None:
        if self.dialogs.get(dialog.call_id) is dialog:
            del self.dialogs[dialog.call_id]
        self.timers.cancel(dialog.timer)
        dialog.timer = None
        self.record_call(
            dialog.call_id, dialog.facts, dialog.caller_flow, CallResult.COMPLETED, 200,
            dialog.created, dialog.answered, now,
        )  # fmt: skip

    def record_call(
        self,
        call_id: str,
        facts: CallFacts,
        source: Flow,
        result: CallResult,
        status: int,
        created: float,
        answered: float | None,
        ended: float,
    ) -> None:
        trunk = facts.trunk
        self.emit(
            CallRecordData(
                call_id[:128], trunk.project_id, trunk.id, trunk.name, facts.direction,
                facts.from_number, facts.to_number, facts.from_country, facts.to_country,
                result, status, created, answered, ended, source.transport.lower(), source.port,
            )
        )  # fmt: skip

    def hang_up(self, branch: Branch, response: Response, now: float) -> None:
        """A branch given up on answered 2xx: ACK it, and BYE it once (§16.7 lets a
        proxy forward such a 2xx, but its caller has had its answer already)."""
        invite = branch.client.request
        target = response.contacts[0].uri if response.contacts else invite.uri
        flow = branch.target.flow
        routes = [
            ("Route", value)
            for value in reversed(response.headers.get_all("Record-Route"))
            if value not in self.own_routes
        ]
        common = [
            ("Max-Forwards", "70"),
            ("From", invite.headers.get("From") or ""),
            ("To", response.headers.get("To") or ""),
            ("Call-ID", invite.call_id),
        ]
        number = invite.cseq.number

        def request(method: str, cseq: int) -> Request:
            via = ("Via", self.via_for(flow))
            fields = [via, *common, ("CSeq", f"{cseq} {method}"), *routes]
            return Request(method, target, Headers(fields))

        self.send(request("ACK", number).to_bytes(), flow, None)
        if branch.hung_up:
            return
        branch.hung_up = True
        self.stats.hung_up += 1
        bye = request("BYE", number + 1)
        try:
            _, actions = self.layer.send_request(bye, flow, now, reliable=flow.reliable)
        except LocalProtocolError:
            return
        self.perform(actions, now, None)

    def is_ours(self, client: ClientTransaction[Flow]) -> bool:
        return client in self.branches or client in self.relays
