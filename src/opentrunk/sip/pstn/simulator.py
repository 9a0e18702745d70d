"""The built-in PSTN simulator: a user agent server that plays the far end of outbound
calls, so that a fresh ``opentrunk serve`` (no ``OPENTRUNK_PSTN_GATEWAY``) completes
calls end to end. A ``SipElement``, run by the same shell as the edge on its own port.

Theory of operation
===================
Each INVITE gets a ``_Call`` whose ``Behaviour`` comes from the number called
(``behaviour``). The simulator answers through the INVITE's server transaction:
180 Ringing unless the behaviour says otherwise, then, at once or when the call's timer
fires, 200 OK (with an SDP answer and a Contact) or the behaviour's failure status.
A CANCEL before that ends the call with 487. An answered call is a dialog until BYE
(either way) and answers re-INVITE, UPDATE, INFO and OPTIONS with 200.

Every call is remembered in ``history`` (the most recent ``history_size``): number,
outcome, and the headers it came with (the voice challenge's code travels in one).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from opentrunk.sip import (
    Action,
    PassToTU,
    Request,
    Response,
    SendMessage,
    ServerTransaction,
    SipUri,
    Transaction,
    TransactionLayer,
    make_response,
    new_tag,
)
from opentrunk.sip.edge.timers import TimerEntry, TimerHeap
from opentrunk.sip.element import Flow, Sender
from opentrunk.sip.pstn.behaviour import Behaviour, Outcome, behaviour_for

__all__ = ["PstnSimulator", "SimulatedCall"]


@dataclass(slots=True)
class SimulatedCall:
    """One call the simulator took (its entry in ``history``)."""

    call_id: str
    number: str
    caller: str
    status: int = 0
    answered: bool = False
    ended: bool = False
    #: headers other than the usual ones (``X-...``), as received
    extra_headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


_USUAL = frozenset(
    {
        "via",
        "from",
        "to",
        "call-id",
        "cseq",
        "contact",
        "max-forwards",
        "record-route",
        "route",
        "content-type",
        "content-length",
        "user-agent",
        "allow",
        "supported",
        "proxy-authorization",
    }
)


class _Call:
    __slots__ = ("behaviour", "record", "request", "server", "tag", "timer")

    def __init__(
        self,
        request: Request,
        server: ServerTransaction[Flow],
        behaviour: Behaviour,
        record: SimulatedCall,
    ) -> None:
        self.request = request
        self.server = server
        self.behaviour = behaviour
        self.record = record
        self.tag = new_tag()
        self.timer: TimerEntry[_Call] | None = None


class PstnSimulator:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        send: Sender,
        ring_seconds: float = 2.0,
        no_answer_seconds: float = 30.0,
        history_size: int = 1000,
    ) -> None:
        self.host = host
        self.port = port
        self.send = send
        self.ring_seconds = ring_seconds
        self.no_answer_seconds = no_answer_seconds
        self.layer: TransactionLayer[Flow] = TransactionLayer()
        self.history: deque[SimulatedCall] = deque(maxlen=history_size)
        self._pending: dict[ServerTransaction[Flow], _Call] = {}
        self._answered: dict[str, SimulatedCall] = {}
        self._timers: TimerHeap[_Call] = TimerHeap()
        self._sdp = (
            f"v=0\r\no=pstn 1 1 IN IP4 {host}\r\ns=opentrunk PSTN simulator\r\n"
            f"c=IN IP4 {host}\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\na=sendrecv\r\n"
        ).encode()

    # --- SipElement -------------------------------------------------------------------

    def receive(self, message: Request | Response, flow: Flow, now: float) -> None:
        self._perform(self.layer.receive(message, flow, now, reliable=flow.reliable), now)

    def next_deadline(self) -> float | None:
        deadlines = [self.layer.next_deadline(), self._timers.next_deadline()]
        return min((d for d in deadlines if d is not None), default=None)

    def tick(self, now: float) -> None:
        self._perform(self.layer.tick(now), now)
        for call in self._timers.pop_due(now):
            if call.server in self._pending:
                self._conclude(call, now)

    def transport_error(self, transaction: Transaction[Flow], now: float) -> None:
        self._perform(self.layer.transport_error(transaction, now), now)

    # --- internals --------------------------------------------------------------------

    def _perform(self, actions: list[Action[Flow]], now: float) -> None:
        for action in actions:
            if isinstance(action, SendMessage):
                self.send(action.data, action.remote, action.transaction)
            elif isinstance(action, PassToTU):
                message, server = action.message, action.transaction
                if isinstance(message, Request) and isinstance(server, ServerTransaction):
                    self._on_request(message, server, now)
                elif isinstance(message, Request) and message.method == "ACK":
                    pass  # the ACK for our 2xx: the call is up
            elif isinstance(action.transaction, ServerTransaction):
                self._pending.pop(action.transaction, None)  # timeout or terminated

    def _respond(
        self,
        server: ServerTransaction[Flow],
        request: Request,
        status: int,
        now: float,
        *,
        tag: str | None = None,
        body: bytes = b"",
    ) -> None:
        headers: list[tuple[str, str]] = []
        if 100 < status < 300 and request.method == "INVITE":
            # A dialog-creating response carries the Record-Route set (§12.1.1).
            headers += [("Record-Route", rr) for rr in request.headers.get_all("Record-Route")]
        if 200 <= status < 300 and request.method in ("INVITE", "UPDATE"):
            number = request.uri.user if isinstance(request.uri, SipUri) else None
            contact = f"<sip:{number or 'pstn'}@{self.host}:{self.port}>"
            headers += [("Contact", contact), ("Content-Type", "application/sdp")]
            body = self._sdp
        response = make_response(
            request, status, to_tag=tag or new_tag(), headers=headers, body=body
        )
        self._perform(self.layer.send_response(server, response, now), now)

    def _on_request(self, request: Request, server: ServerTransaction[Flow], now: float) -> None:
        method = request.method
        if method == "INVITE" and request.to_tag is None:
            self._invite(request, server, now)
        elif method == "CANCEL":
            self._respond(server, request, 200, now)
            target = self.layer.find_cancel_target(request)
            call = None if target is None else self._pending.pop(target, None)
            if call is not None:
                self._timers.cancel(call.timer)
                call.record.status = 487
                self._respond(call.server, call.request, 487, now, tag=call.tag)
        elif method == "BYE":
            record = self._answered.pop(request.call_id, None)
            if record is not None:
                record.ended = True
            self._respond(server, request, 200 if record is not None else 481, now)
        elif method == "REGISTER":
            self._respond(server, request, 405, now)
        else:
            self._respond(server, request, 200, now)

    def _invite(self, request: Request, server: ServerTransaction[Flow], now: float) -> None:
        number = request.uri.user_decoded if isinstance(request.uri, SipUri) else ""
        behaviour = behaviour_for(number or "")
        record = SimulatedCall(
            request.call_id,
            number or "",
            request.headers.get("From") or "",
            extra_headers={
                name: value for name, value in request.headers if name.lower() not in _USUAL
            },
            body=request.body,
        )
        self.history.append(record)
        if behaviour.outcome is Outcome.SILENT:
            return
        call = _Call(request, server, behaviour, record)
        self._pending[server] = call
        if behaviour.ring:
            self._respond(server, request, 180, now, tag=call.tag)
        if behaviour.outcome is Outcome.RING_FOREVER:
            call.timer = self._timers.schedule(now + self.no_answer_seconds, call)
        elif behaviour.delayed:
            call.timer = self._timers.schedule(now + self.ring_seconds, call)
        else:
            self._conclude(call, now)

    def _conclude(self, call: _Call, now: float) -> None:
        self._pending.pop(call.server, None)
        status = call.behaviour.status
        call.record.status = status
        if status == 200:
            call.record.answered = True
            self._answered[call.request.call_id] = call.record
            if len(self._answered) > self.history.maxlen:  # type: ignore[operator]
                del self._answered[next(iter(self._answered))]  # never hung up
        self._respond(call.server, call.request, status, now, tag=call.tag)
