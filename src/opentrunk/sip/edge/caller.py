"""Calls the platform places itself (the number-hosting voice challenge): a small user
agent client, a ``SipElement`` of its own next to the edge.

Theory of operation
===================
``call(target, number, headers=..., done=...)`` sends an INVITE for ``number`` to the
PSTN gateway ``target`` through a client transaction. What comes back decides:

* 1xx: nothing (the far end is trying or ringing);
* 2xx: ACK it (end to end, so sent here, statelessly), report 200 through ``done``, and
  hang up with BYE after ``hold_seconds`` (the time a callee needs to hear the code);
  a retransmitted 2xx is ACKed again;
* 3xx-6xx: the transaction ACKs it; report the status;
* no answer (Timer B): report 408.

``done`` is called once per call. A BYE from the far end is answered 200; anything
else addressed to the caller is answered 481. The code travels in the INVITE's headers
(``Subject`` and ``X-Opentrunk-Challenge-Code``): the edge carries no media to speak it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from opentrunk.sip import (
    Action,
    ClientTransaction,
    Headers,
    LocalProtocolError,
    PassToTU,
    Request,
    Response,
    SendMessage,
    ServerTransaction,
    SipUri,
    Transaction,
    TransactionLayer,
    TransactionTimeout,
    make_response,
    new_branch,
    new_tag,
    parse_uri,
)
from opentrunk.sip.edge.timers import TimerHeap
from opentrunk.sip.element import Flow, Sender

__all__ = ["Caller"]

Done = Callable[[int], None]


class _Call:
    __slots__ = ("call_id", "contact", "done", "invite", "reported", "target", "to")

    def __init__(self, invite: Request, target: Flow, done: Done) -> None:
        self.invite = invite
        self.target = target
        self.done = done
        self.call_id = invite.call_id
        self.reported = False
        self.to: str | None = None  # the To (with tag) of the answer, for the BYE
        self.contact: SipUri | None = None  # where in-dialog requests go


class Caller:
    def __init__(self, *, host: str, port: int, send: Sender, hold_seconds: float = 3.0) -> None:
        self.host = host
        self.port = port
        self.send = send
        self.hold_seconds = hold_seconds
        self.layer: TransactionLayer[Flow] = TransactionLayer()
        self._calls: dict[ClientTransaction[Flow], _Call] = {}
        self._hangups: TimerHeap[_Call] = TimerHeap()

    def call(
        self,
        target: Flow,
        number: str,
        now: float,
        *,
        done: Done,
        headers: Iterable[tuple[str, str]] = (),
        caller_id: str = "opentrunk",
    ) -> None:
        transport = target.transport
        uri = f"sip:{number}@{target.host}:{target.port}"
        if transport == "TCP":
            uri += ";transport=tcp"
        fields = [
            ("Via", f"SIP/2.0/{transport} {self.host}:{self.port};branch={new_branch()}"),
            ("Max-Forwards", "70"),
            ("From", f"<sip:{caller_id}@{self.host}:{self.port}>;tag={new_tag()}"),
            ("To", f"<{uri}>"),
            ("Call-ID", f"{new_tag()}{new_tag()}@{self.host}"),
            ("CSeq", "1 INVITE"),
            ("Contact", f"<sip:{caller_id}@{self.host}:{self.port}>"),
            *headers,
        ]
        invite = Request("INVITE", parse_uri(uri), Headers(fields))
        client, actions = self.layer.send_request(invite, target, now, reliable=target.reliable)
        self._calls[client] = _Call(invite, target, done)
        self._perform(actions, now)

    # --- SipElement -------------------------------------------------------------------

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        self._perform(self.layer.receive(message, flow, now, reliable=flow.reliable), now)

    def next_deadline(self) -> float | None:
        deadlines = [self.layer.next_deadline(), self._hangups.next_deadline()]
        return min((d for d in deadlines if d is not None), default=None)

    def tick(self, now: float) -> None:
        self._perform(self.layer.tick(now), now)
        for call in self._hangups.pop_due(now):
            self._bye(call, now)

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        self._perform(self.layer.transport_error(transaction, now), now)
        if isinstance(transaction, ClientTransaction):
            self._report(transaction, 503)

    # --- internals --------------------------------------------------------------------

    def _perform(self, actions: list[Action[Flow]], now: float) -> None:
        for action in actions:
            if isinstance(action, SendMessage):
                self.send(action.data, action.remote, action.transaction)
            elif isinstance(action, PassToTU):
                message, transaction = action.message, action.transaction
                if isinstance(message, Response):
                    self._on_response(message, transaction, now)
                elif isinstance(transaction, ServerTransaction):
                    status = 200 if message.method == "BYE" else 481
                    response = make_response(message, status, to_tag=new_tag())
                    self._perform(self.layer.send_response(transaction, response, now), now)
            elif isinstance(action, TransactionTimeout):
                if isinstance(action.transaction, ClientTransaction):
                    self._report(action.transaction, 408)
            elif isinstance(action.transaction, ClientTransaction):
                self._calls.pop(action.transaction, None)  # terminated

    def _on_response(
        self, response: Response, transaction: Transaction[Flow] | None, now: float
    ) -> None:
        if not isinstance(transaction, ClientTransaction) or response.status < 200:
            return
        call = self._calls.get(transaction)
        if call is None:
            return  # the answer to our BYE
        if response.status < 300:
            first = call.to is None
            call.to = response.headers.get("To")
            call.contact = response.contacts[0].sip_uri if response.contacts else None
            self._send_ack(call)
            if first:
                self._hangups.schedule(now + self.hold_seconds, call)
        self._report(transaction, response.status)

    def _report(self, transaction: ClientTransaction[Flow], status: int) -> None:
        call = self._calls.get(transaction)
        if call is not None and not call.reported:
            call.reported = True
            call.done(status)

    def _in_dialog(self, call: _Call, method: str, cseq: int, target: SipUri | None) -> Request:
        flow = call.target
        fields = [
            ("Via", f"SIP/2.0/{flow.transport} {self.host}:{self.port};branch={new_branch()}"),
            ("Max-Forwards", "70"),
            ("From", call.invite.headers.get("From") or ""),
            ("To", call.to or ""),
            ("Call-ID", call.call_id),
            ("CSeq", f"{cseq} {method}"),
        ]
        return Request(method, target or call.invite.uri, Headers(fields))

    def _send_ack(self, call: _Call) -> None:
        ack = self._in_dialog(call, "ACK", 1, call.contact)
        self.send(ack.to_bytes(), call.target, None)

    def _bye(self, call: _Call, now: float) -> None:
        bye = self._in_dialog(call, "BYE", 2, call.contact)
        target = call.target
        try:
            _, actions = self.layer.send_request(bye, target, now, reliable=target.reliable)
        except LocalProtocolError:
            return
        self._perform(actions, now)
