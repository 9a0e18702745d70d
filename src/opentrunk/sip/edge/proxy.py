"""The SIP edge: a transaction-stateful proxy that Record-Routes, with dialog state for
call records.

Why a proxy and not a B2BUA
===========================
An Elastic SIP Trunk only decides *whether* a call may pass and *where* it goes; it
does not change what the two ends say to each other. A proxy does exactly that and no
more: the customer's PBX and the carrier keep one dialog end to end (their tags,
CSeqs, SDP and extensions pass through untouched), there is one transaction per hop
instead of two, and nothing has to be translated between two dialogs. It is also what
the benchmark compares against (Kamailio with ``tm`` + ``rr``). What a B2BUA would
add (topology hiding, media anchoring, fixing broken peers) is not part of the product.

The proxy still keeps a little dialog state (``Dialog``: where each side is, when the
call was answered), for two reasons: a call record needs the answer and BYE times, and
simple user agents (SIPp's built-in scenarios) send BYE to the proxy's address without
a Route header, which only dialog state can route.

Theory of operation
===================
Everything arrives through ``receive(message, flow, now)``. RFC 3581 is applied to a
request's top Via (``received``, ``rport``), then the transaction layer matches it:
retransmissions are absorbed there; a new request comes up as ``PassToTU`` with its
server transaction.

* **An initial INVITE** gets 100 Trying at once, then Max-Forwards and loop checks,
  then policy (``policy.check_outbound`` from a customer, ``policy.check_inbound``
  from a carrier address). Admitted, it becomes an ``InviteCall`` with a list of
  targets: the PSTN gateway, or the trunk's endpoints in order (``targets``). The call
  tries one ``Branch`` at a time (a client transaction to one target):

  ========================  ===============================================================
  branch event              effect
  ========================  ===============================================================
  no response at all        after ``failover_timeout``: the branch is given up (408)
  100 Trying                the branch is alive; Timer C (``ring_timeout``) starts
  180/183                   relayed upstream; Timer C restarts (§16.7 step 2)
  Timer C fires             CANCEL sent to the branch, which is given up (480 if last)
  2xx                       relayed upstream, a ``Dialog`` opens; later 2xx relayed too
  408, 5xx (inbound)        next target; none left: 503 (or 480 when one rang out)
  other 3xx-6xx             relayed upstream: the call's answer (486 stays 486)
  ========================  ===============================================================

  A branch given up keeps its client transaction (it retransmits until Timer B, as
  RFC 3261 requires), but its answers are no longer relayed; if it answers 2xx all the
  same, the proxy ACKs it and hangs it up with a BYE (``hang_up``), since the caller
  has moved on.
* **CANCEL** is answered 200 (or 481 when it matches nothing); the call answers its
  caller 487 at once and cancels its branch: with CANCEL if the branch has sent a
  provisional response, else as soon as it does.
* **ACK for a 2xx and in-dialog requests** are routed by Route (our own entries
  removed, §16.4), else by the dialog (to the other side's contact and flow), else by
  the Request-URI. ACK is forwarded statelessly; everything else through a
  ``Relay`` (one server and one client transaction). BYE ends the dialog and writes
  its record.
* **REGISTER** goes to the registrar, **OPTIONS** is answered 200, any other request
  outside a dialog is 405.

A call record (``records.CallRecordData``) is emitted once per admitted INVITE: at its
final non-2xx answer, or at BYE (or after ``max_call_seconds``) for an answered call.
"""

from __future__ import annotations

from collections import deque

from opentrunk.sip import (
    ClientTransaction,
    LocalProtocolError,
    Request,
    Response,
    ServerTransaction,
    State,
    Transaction,
    make_cancel,
)
from opentrunk.sip.edge.calls import Branch, InviteCall
from opentrunk.sip.edge.dialogs import DialogRouting
from opentrunk.sip.edge.forwarding import forward_request, is_loop, reply_flow
from opentrunk.sip.edge.policy import Admit, check_inbound, check_outbound
from opentrunk.sip.edge.records import CallResult, result_for_status
from opentrunk.sip.edge.targets import Target
from opentrunk.sip.element import Flow

__all__ = ["Edge"]

_ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, UPDATE, INFO, PRACK, REFER, NOTIFY"
_OPTIONS_HEADERS = (("Allow", _ALLOW), ("Accept", "application/sdp"))
_FAILOVER = frozenset({408, *range(500, 600)})
_ANSWERING = frozenset({State.TRYING, State.PROCEEDING})


class Edge(DialogRouting):
    """The edge proxy, a ``SipElement``: built with its configuration, the route table
    and the callbacks it reports through (``send``, ``on_record``, ``on_binding``).

    >>> edge = Edge(config, table, authenticator=auth, send=lambda d, f, t: sent.append(d))
    ... # doctest: +SKIP
    >>> edge.receive(invite, Flow("UDP", "192.0.2.7", 5060), now=0.0)  # doctest: +SKIP
    """

    # --- the SipElement interface -----------------------------------------------------

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        if isinstance(message, Request):
            via = message.top_via
            reply_to = reply_flow(via, flow)
            if flow.transport == "UDP" and (via.has_rport or via.host != flow.host):
                # RFC 3581 §4 (and §18.2.1): tell the client where its request came from.
                if via.has_rport:
                    via = via.with_params(received=flow.host, rport=str(flow.port))
                else:
                    via = via.with_params(received=flow.host)
                message = message.with_top_via(via)
            actions = self.layer.receive(message, reply_to, now, reliable=flow.reliable)
        else:
            actions = self.layer.receive(message, flow, now, reliable=flow.reliable)
        self.perform(actions, now, flow)

    def next_deadline(self) -> float | None:
        best = self.layer.next_deadline()
        for deadline in (self.timers.next_deadline(), self.registrar.next_deadline()):
            if deadline is not None and (best is None or deadline < best):
                best = deadline
        return best

    def tick(self, now: float) -> None:
        self.perform(self.layer.tick(now), now, None)
        for item in self.timers.pop_due(now):
            if isinstance(item, Branch):
                self._branch_timer(item, now)
            else:
                self.end_dialog(item, now)
        self.registrar.expire(now)

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        self.perform(self.layer.transport_error(transaction, now), now, None)
        if isinstance(transaction, ClientTransaction):
            branch = self.branches.get(transaction)
            if branch is not None and not branch.dead:
                self._give_up(branch, now, rang_out=False)

    @property
    def idle(self) -> bool:
        """No call or in-dialog request is waiting for its final answer."""
        return all(call.final_sent for call in self.calls.values()) and not any(
            relay.server.state in _ANSWERING for relay in self.relays.values()
        )

    # --- requests ---------------------------------------------------------------------

    def on_request(
        self, request: Request, server: ServerTransaction[Flow] | None, source: Flow, now: float
    ) -> None:
        method = request.method
        if method == "ACK":
            self.relay_ack(request, source, now)
            return
        assert server is not None
        if request.to_tag is not None:
            self.relay_in_dialog(request, server, source, now)
        elif method == "INVITE":
            self._new_call(request, server, source, now)
        elif method == "CANCEL":
            self._cancel(request, server, now)
        elif method == "REGISTER":
            answer = self.registrar.register(
                request, source, now,
                table=self.routes, authenticator=self.authenticator, resolve=self.resolve,
            )  # fmt: skip
            self.respond(server, request, answer.status, now, answer.reason, answer.headers)
        elif method == "OPTIONS":
            self.respond(server, request, 200, now, None, _OPTIONS_HEADERS)
        else:
            self.respond(server, request, 405, now, None, (("Allow", _ALLOW),))

    def _new_call(
        self, request: Request, server: ServerTransaction[Flow], source: Flow, now: float
    ) -> None:
        self.respond(server, request, 100, now)
        if self.draining:
            self.respond(server, request, 503, now, "Service Unavailable - shutting down")
            return
        max_forwards = request.max_forwards
        if max_forwards is not None and max_forwards <= 0:
            self.respond(server, request, 483, now)
            return
        if is_loop(request, self.config.host, self.config.port):
            self.stats.loops += 1
            self.respond(server, request, 482, now)
            return
        inbound = source in self.config.carriers
        if inbound:
            decision = check_inbound(self.routes, request)
        else:
            decision = check_outbound(
                self.routes, request, source, now,
                authenticator=self.authenticator, realm=self.config.realm, rate=self.rate,
                server_uri=self.config.server_uri,
            )  # fmt: skip
        if not isinstance(decision, Admit):
            self.stats.refused += 1
            self.respond(server, request, decision.status, now, decision.reason, decision.headers)
            if decision.call is not None:
                self.record_call(
                    request.call_id, decision.call, source, CallResult.FAILED,
                    decision.status, now, None, now,
                )  # fmt: skip
            return
        facts = decision.call
        if inbound:
            number = facts.to_number
            selected = self.selector.select(facts.trunk, number, self.registrar, now, self.resolve)
            targets = deque(selected)
        else:
            targets = deque((Target(self.config.gateway, None),))
        self.stats.calls += 1
        call = InviteCall(server, request, facts, source, now, targets, inbound=inbound)
        self.calls[server] = call
        self._next_branch(call, now)

    # --- branches ---------------------------------------------------------------------

    def _next_branch(self, call: InviteCall, now: float) -> None:
        request = call.request
        record_route = self.record_route[call.source.transport]
        while call.targets:
            target = call.targets.popleft()
            flow = target.flow
            forwarded = forward_request(
                request,
                via=self.via_for(flow, request),
                uri=target.uri,
                record_route=record_route,
            )
            try:
                client, actions = self.layer.send_request(
                    forwarded, flow, now, reliable=flow.reliable
                )
            except LocalProtocolError:
                continue
            branch = Branch(call, client, target)
            call.branch = branch
            self.branches[client] = branch
            branch.timer = self.timers.schedule(now + self.config.failover_timeout, branch)
            self.perform(actions, now, None)
            return
        self._exhausted(call, now)

    def on_response(
        self, response: Response, client: ClientTransaction[Flow] | None, now: float
    ) -> None:
        if client is None:
            self.relay_stray_response(response)
            return
        branch = self.branches.get(client)
        if branch is not None:
            self._branch_response(branch, response, now)
            return
        relay = self.relays.get(client)
        if relay is not None:
            self.relay_response(relay, response, now)
        # else: the answer to a CANCEL or BYE of our own

    def _branch_response(self, branch: Branch, response: Response, now: float) -> None:
        call = branch.call
        status = response.status
        if branch.dead:
            if status < 200:
                self._send_cancel(branch, now)  # it rings after all: stop it
            elif status < 300:
                self.hang_up(branch, response, now)
            return
        if status < 200:
            branch.provisional = True
            if call.cancelled:
                self._send_cancel(branch, now)
                branch.dead = True
                return
            self.timers.cancel(branch.timer)
            branch.timer = self.timers.schedule(now + self.config.ring_timeout, branch)
            if status > 100:
                self.relay(call.server, response.pop_via(), now)
            return
        if status < 300:
            self.relay(call.server, response.pop_via(), now)
            if not call.final_sent:
                call.final_sent = True
                self.timers.cancel(branch.timer)
                branch.timer = None
                self.open_dialog(call, branch, response, now)
            return
        self.timers.cancel(branch.timer)
        branch.timer = None
        branch.dead = True
        if call.final_sent:
            return
        if call.inbound and status in _FAILOVER:
            self._next_branch(call, now)
            return
        self._finish(call, status, now, response.pop_via())

    def _branch_timer(self, branch: Branch, now: float) -> None:
        branch.timer = None
        if branch.dead:
            return
        if branch.provisional:
            self._send_cancel(branch, now)  # Timer C (§16.8)
        self._give_up(branch, now, rang_out=branch.provisional)

    def on_timeout(self, transaction: Transaction[Flow], now: float) -> None:
        if not isinstance(transaction, ClientTransaction):
            return  # Timer H: the caller never ACKed our final answer; nothing to do
        branch = self.branches.get(transaction)
        if branch is not None:
            if not branch.dead:
                self._give_up(branch, now, rang_out=False)
            return
        relay = self.relays.get(transaction)
        if relay is not None:
            self.respond(relay.server, relay.server.request, 408, now)

    def _give_up(self, branch: Branch, now: float, *, rang_out: bool) -> None:
        """The branch failed by timeout: fail over, or answer the caller."""
        self.timers.cancel(branch.timer)
        branch.timer = None
        branch.dead = True
        call = branch.call
        call.rang_out = call.rang_out or rang_out
        if call.final_sent:
            return
        if call.inbound and call.targets:
            self._next_branch(call, now)
        else:
            self._exhausted(call, now)

    def _exhausted(self, call: InviteCall, now: float) -> None:
        if call.rang_out:
            self._finish(call, 480, now, reason="Temporarily Unavailable - no answer")
        elif call.inbound:
            self._finish(call, 503, now, reason="Service Unavailable - no endpoint reachable")
        else:
            self._finish(call, 408, now, reason="Request Timeout - no answer from the PSTN")

    def _finish(
        self,
        call: InviteCall,
        status: int,
        now: float,
        response: Response | None = None,
        reason: str | None = None,
    ) -> None:
        """Send the call's final non-2xx answer and write its record."""
        call.final_sent = True
        if response is None:
            self.respond(call.server, call.request, status, now, reason)
        else:
            self.relay(call.server, response, now)
        self.record_call(
            call.request.call_id, call.facts, call.source,
            result_for_status(status, cancelled=call.cancelled), status, call.created, None, now,
        )  # fmt: skip

    # --- CANCEL -----------------------------------------------------------------------

    def _cancel(self, cancel: Request, server: ServerTransaction[Flow], now: float) -> None:
        invite_server = self.layer.find_cancel_target(cancel)
        if invite_server is None:
            self.respond(server, cancel, 481, now)
            return
        self.respond(server, cancel, 200, now)
        call = self.calls.get(invite_server)
        if call is None or call.final_sent:
            return
        call.cancelled = True
        call.targets.clear()
        branch = call.branch
        if branch is not None and not branch.dead:
            self.timers.cancel(branch.timer)
            branch.timer = None
            branch.dead = True
            if branch.provisional:
                self._send_cancel(branch, now)
        self._finish(call, 487, now)

    def _send_cancel(self, branch: Branch, now: float) -> None:
        if branch.cancel_sent:
            return
        branch.cancel_sent = True
        flow = branch.target.flow
        try:
            _, actions = self.layer.send_request(
                make_cancel(branch.client.request), flow, now, reliable=flow.reliable
            )
        except LocalProtocolError:
            return
        self.perform(actions, now, None)
