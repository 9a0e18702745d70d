"""SIP transactions (RFC 3261 §17, updated by RFC 6026): the four state machines.

Theory of operation
===================

A transaction is a request and the responses to it, between two adjacent hops. It
is what makes SIP reliable over UDP: the client retransmits its request until some
response comes back, the server answers a retransmitted request with its last
response again, and timers bound how long either side waits and how long the
finished transaction lingers to absorb stray retransmissions.

There are four machines: INVITE client, non-INVITE client, INVITE server, non-INVITE
server (§17.1.1, §17.1.2, §17.2.1, §17.2.2). Following RFC 6026, both INVITE machines
have an *Accepted* state: after a 2xx the client passes every retransmitted 2xx up to
the TU for timer M, and the server absorbs retransmitted INVITEs for timer L instead
of letting them start a new transaction.

Rule 1: every transition lives in ``TRANSITIONS`` below, keyed by machine, then state,
then event, giving the next state and the effects to perform in order. Nothing else
changes ``state``. An event missing from the table is absorbed when it comes from the
network or a timer (RFC 3261 discards unexpected responses) and is a
``LocalProtocolError`` when it comes from the TU (answering from a finished
transaction is a bug in the caller).

Rule 2: timers belong to states. ``STATE_TIMERS`` lists which timers may run in each
state; entering a state cancels the others (Timer B stops once the INVITE is
answered, for example), and effects start the new ones.

Rule 3: the transport is a parameter, not a branch in the tables. Over a reliable
transport the retransmission timers (A, E, G) are never started and the lingering
timers (D, I, J, K) last zero seconds, so the machine passes through the lingering
state at once.

Rule 4: no I/O and no clock. Every entry point takes ``now`` and returns a list of
actions (``SendMessage``, ``PassToTU``, ``TransactionTimeout``,
``TransactionTerminated``) for the caller to perform. Once ``next_deadline`` has
passed, ``on_timer(now)`` fires what is due; ``TransactionLayer.tick`` does that for
every live transaction. Messages are serialised once and the bytes reused for every
retransmission.

The ACK for a non-2xx final response is generated here (it is hop-by-hop); the ACK for
a 2xx is the TU's business (it is end-to-end, and goes through a proxy like any other
request). Also the TU's, not here: the 100 Trying an INVITE server should send within
200 ms (§17.2.1; an edge sends it at once) and a proxy's Timer C (§16.6 step 11),
which bounds how long a branch may stay in Proceeding.
"""

from __future__ import annotations

import enum
from typing import Generic

from ._actions import (
    Action,
    PassToTU,
    R,
    SendMessage,
    TransactionTerminated,
    TransactionTimeout,
)
from ._builders import make_ack
from ._errors import LocalProtocolError
from ._message import Request, Response
from ._timers import Timer, TimerConfig

__all__ = ["ClientTransaction", "Kind", "ServerTransaction", "State", "Transaction"]


class Kind(enum.Enum):
    # Members are singletons, equal only to themselves: hashing by identity keeps the
    # transition tables' lookups in C (Enum.__hash__ is Python code in 3.11, and a call
    # through the edge makes about a hundred such lookups).
    __hash__ = object.__hash__

    INVITE_CLIENT = "INVITE client"
    NON_INVITE_CLIENT = "non-INVITE client"
    INVITE_SERVER = "INVITE server"
    NON_INVITE_SERVER = "non-INVITE server"


class State(enum.Enum):
    # Members are singletons, equal only to themselves: hashing by identity keeps the
    # transition tables' lookups in C (Enum.__hash__ is Python code in 3.11, and a call
    # through the edge makes about a hundred such lookups).
    __hash__ = object.__hash__

    CALLING = "Calling"
    TRYING = "Trying"
    PROCEEDING = "Proceeding"
    COMPLETED = "Completed"
    CONFIRMED = "Confirmed"
    ACCEPTED = "Accepted"
    TERMINATED = "Terminated"


class _Event(enum.Enum):
    # Members are singletons, equal only to themselves: hashing by identity keeps the
    # transition tables' lookups in C (Enum.__hash__ is Python code in 3.11, and a call
    # through the edge makes about a hundred such lookups).
    __hash__ = object.__hash__

    START = "start"  # the client sends its request
    RECV_REQUEST = "request"  # a retransmission of the server's request
    RECV_ACK = "ACK"
    RECV_1XX = "1xx"
    RECV_2XX = "2xx"
    RECV_FINAL = "3xx-6xx"
    TU_1XX = "TU 1xx"
    TU_2XX = "TU 2xx"
    TU_FINAL = "TU 3xx-6xx"
    TRANSPORT_ERROR = "transport error"


_TU_EVENTS = frozenset({_Event.TU_1XX, _Event.TU_2XX, _Event.TU_FINAL})


class _Do(enum.Enum):
    # Members are singletons, equal only to themselves: hashing by identity keeps the
    # transition tables' lookups in C (Enum.__hash__ is Python code in 3.11, and a call
    # through the edge makes about a hundred such lookups).
    __hash__ = object.__hash__

    SEND_REQUEST = enum.auto()  # (re)send the request
    SEND_ACK = enum.auto()  # send the ACK for the final response (built once)
    PASS_TO_TU = enum.auto()  # hand the received message up
    SEND_RESPONSE = enum.auto()  # send the TU's response and remember it
    RESEND_RESPONSE = enum.auto()  # send the last response again, if there is one
    REPORT_TIMEOUT = enum.auto()
    START_A = enum.auto()
    START_B = enum.auto()
    START_D = enum.auto()
    START_E = enum.auto()
    START_F = enum.auto()
    START_G = enum.auto()
    START_H = enum.auto()
    START_I = enum.auto()
    START_J = enum.auto()
    START_K = enum.auto()
    START_L = enum.auto()
    START_M = enum.auto()
    BACKOFF_A = enum.auto()  # restart with twice the interval (§17.1.1.2)
    BACKOFF_E = enum.auto()  # restart with min(2 * interval, T2) (§17.1.2.2)
    E_AT_T2 = enum.auto()  # restart E with T2 (Proceeding, §17.1.2.2)
    BACKOFF_G = enum.auto()  # restart with min(2 * interval, T2) (§17.2.1)


_S, _E, _T, _D = State, _Event, Timer, _Do
_Row = tuple[State, tuple[_Do, ...]]

TRANSITIONS: dict[Kind, dict[State, dict[_Event | Timer, _Row]]] = {
    # §17.1.1, Figure 5 with RFC 6026 Figure 3
    Kind.INVITE_CLIENT: {
        _S.CALLING: {
            _E.START: (_S.CALLING, (_D.SEND_REQUEST, _D.START_A, _D.START_B)),
            _T.A: (_S.CALLING, (_D.SEND_REQUEST, _D.BACKOFF_A)),
            _T.B: (_S.TERMINATED, (_D.REPORT_TIMEOUT,)),
            _E.RECV_1XX: (_S.PROCEEDING, (_D.PASS_TO_TU,)),
            _E.RECV_2XX: (_S.ACCEPTED, (_D.PASS_TO_TU, _D.START_M)),
            _E.RECV_FINAL: (_S.COMPLETED, (_D.PASS_TO_TU, _D.SEND_ACK, _D.START_D)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.PROCEEDING: {
            _E.RECV_1XX: (_S.PROCEEDING, (_D.PASS_TO_TU,)),
            _E.RECV_2XX: (_S.ACCEPTED, (_D.PASS_TO_TU, _D.START_M)),
            _E.RECV_FINAL: (_S.COMPLETED, (_D.PASS_TO_TU, _D.SEND_ACK, _D.START_D)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.COMPLETED: {
            _E.RECV_FINAL: (_S.COMPLETED, (_D.SEND_ACK,)),
            _T.D: (_S.TERMINATED, ()),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.ACCEPTED: {
            _E.RECV_2XX: (_S.ACCEPTED, (_D.PASS_TO_TU,)),
            _T.M: (_S.TERMINATED, ()),
        },
    },
    # §17.1.2, Figure 6
    Kind.NON_INVITE_CLIENT: {
        _S.TRYING: {
            _E.START: (_S.TRYING, (_D.SEND_REQUEST, _D.START_E, _D.START_F)),
            _T.E: (_S.TRYING, (_D.SEND_REQUEST, _D.BACKOFF_E)),
            _T.F: (_S.TERMINATED, (_D.REPORT_TIMEOUT,)),
            _E.RECV_1XX: (_S.PROCEEDING, (_D.PASS_TO_TU,)),
            _E.RECV_2XX: (_S.COMPLETED, (_D.PASS_TO_TU, _D.START_K)),
            _E.RECV_FINAL: (_S.COMPLETED, (_D.PASS_TO_TU, _D.START_K)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.PROCEEDING: {
            _T.E: (_S.PROCEEDING, (_D.SEND_REQUEST, _D.E_AT_T2)),
            _T.F: (_S.TERMINATED, (_D.REPORT_TIMEOUT,)),
            _E.RECV_1XX: (_S.PROCEEDING, (_D.PASS_TO_TU,)),
            _E.RECV_2XX: (_S.COMPLETED, (_D.PASS_TO_TU, _D.START_K)),
            _E.RECV_FINAL: (_S.COMPLETED, (_D.PASS_TO_TU, _D.START_K)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.COMPLETED: {
            _T.K: (_S.TERMINATED, ()),
        },
    },
    # §17.2.1, Figure 7 with RFC 6026 Figure 5
    Kind.INVITE_SERVER: {
        _S.PROCEEDING: {
            _E.RECV_REQUEST: (_S.PROCEEDING, (_D.RESEND_RESPONSE,)),
            _E.TU_1XX: (_S.PROCEEDING, (_D.SEND_RESPONSE,)),
            _E.TU_2XX: (_S.ACCEPTED, (_D.SEND_RESPONSE, _D.START_L)),
            _E.TU_FINAL: (_S.COMPLETED, (_D.SEND_RESPONSE, _D.START_G, _D.START_H)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.COMPLETED: {
            _E.RECV_REQUEST: (_S.COMPLETED, (_D.RESEND_RESPONSE,)),
            _E.RECV_ACK: (_S.CONFIRMED, (_D.START_I,)),
            _T.G: (_S.COMPLETED, (_D.RESEND_RESPONSE, _D.BACKOFF_G)),
            _T.H: (_S.TERMINATED, (_D.REPORT_TIMEOUT,)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.CONFIRMED: {
            _T.I: (_S.TERMINATED, ()),
        },
        _S.ACCEPTED: {
            # An ACK with the INVITE's branch (a UA reusing it for the 2xx ACK): the
            # TU relays it like any other ACK for a 2xx.
            _E.RECV_ACK: (_S.ACCEPTED, (_D.PASS_TO_TU,)),
            _E.TU_2XX: (_S.ACCEPTED, (_D.SEND_RESPONSE,)),
            _T.L: (_S.TERMINATED, ()),
        },
    },
    # §17.2.2, Figure 8
    Kind.NON_INVITE_SERVER: {
        _S.TRYING: {
            _E.TU_1XX: (_S.PROCEEDING, (_D.SEND_RESPONSE,)),
            _E.TU_2XX: (_S.COMPLETED, (_D.SEND_RESPONSE, _D.START_J)),
            _E.TU_FINAL: (_S.COMPLETED, (_D.SEND_RESPONSE, _D.START_J)),
        },
        _S.PROCEEDING: {
            _E.RECV_REQUEST: (_S.PROCEEDING, (_D.RESEND_RESPONSE,)),
            _E.TU_1XX: (_S.PROCEEDING, (_D.SEND_RESPONSE,)),
            _E.TU_2XX: (_S.COMPLETED, (_D.SEND_RESPONSE, _D.START_J)),
            _E.TU_FINAL: (_S.COMPLETED, (_D.SEND_RESPONSE, _D.START_J)),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
        _S.COMPLETED: {
            _E.RECV_REQUEST: (_S.COMPLETED, (_D.RESEND_RESPONSE,)),
            _T.J: (_S.TERMINATED, ()),
            _E.TRANSPORT_ERROR: (_S.TERMINATED, ()),
        },
    },
}

INITIAL_STATE = {
    Kind.INVITE_CLIENT: _S.CALLING,
    Kind.NON_INVITE_CLIENT: _S.TRYING,
    Kind.INVITE_SERVER: _S.PROCEEDING,
    Kind.NON_INVITE_SERVER: _S.TRYING,
}

_TIMERS = {timer.value: timer for timer in Timer}
# A timer's name by the timer, in a dict: ``Enum.value`` is a Python-level property.
_NAMES = {timer: timer.value for timer in Timer}
_FINISHED = frozenset({State.COMPLETED, State.CONFIRMED, State.ACCEPTED, State.TERMINATED})

STATE_TIMERS: dict[Kind, dict[State, frozenset[Timer]]] = {
    Kind.INVITE_CLIENT: {
        _S.CALLING: frozenset({_T.A, _T.B}),
        _S.COMPLETED: frozenset({_T.D}),
        _S.ACCEPTED: frozenset({_T.M}),
    },
    Kind.NON_INVITE_CLIENT: {
        _S.TRYING: frozenset({_T.E, _T.F}),
        _S.PROCEEDING: frozenset({_T.E, _T.F}),
        _S.COMPLETED: frozenset({_T.K}),
    },
    Kind.INVITE_SERVER: {
        _S.COMPLETED: frozenset({_T.G, _T.H}),
        _S.CONFIRMED: frozenset({_T.I}),
        _S.ACCEPTED: frozenset({_T.L}),
    },
    Kind.NON_INVITE_SERVER: {
        _S.COMPLETED: frozenset({_T.J}),
    },
}

# The same by the timers' names, which ``_deadlines`` is keyed by.
_STATE_TIMER_NAMES: dict[Kind, dict[State, frozenset[str]]] = {
    kind: {state: frozenset(_NAMES[t] for t in timers) for state, timers in states.items()}
    for kind, states in STATE_TIMERS.items()
}
_NO_TIMERS: frozenset[str] = frozenset()

_STARTS = {getattr(_Do, f"START_{timer.name}"): timer for timer in Timer}
_BACKOFFS = {_D.BACKOFF_A: _T.A, _D.BACKOFF_E: _T.E, _D.BACKOFF_G: _T.G}


# --- the machines -------------------------------------------------------------------


class Transaction(Generic[R]):
    """What the four machines share: state, timers and the interpreter of the table."""

    __slots__ = (
        "_ack",
        "_deadlines",
        "_intervals",
        "_request_data",
        "_response_data",
        "config",
        "key",
        "kind",
        "last_response",
        "reliable",
        "remote",
        "request",
        "scheduled",
        "state",
    )

    def __init__(
        self,
        kind: Kind,
        request: Request,
        remote: R,
        *,
        reliable: bool,
        key: tuple[str, ...],
        config: TimerConfig,
    ) -> None:
        self.kind = kind
        self.request = request
        self.remote = remote
        self.reliable = reliable
        self.key = key
        self.config = config
        self.state = INITIAL_STATE[kind]
        self.last_response: Response | None = None
        #: the deadline under which the layer has filed this transaction
        self.scheduled: float | None = None
        # Keyed by the timers' names: a dict of strings and floats is one the garbage
        # collector never tracks (an Enum member key would make it tracked), and finished
        # transactions linger by the thousand.
        self._deadlines: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._request_data: bytes | None = None
        self._response_data: bytes | None = None
        self._ack: tuple[Request, bytes] | None = None

    def __repr__(self) -> str:
        return f"<{self.kind.value} transaction {self.key} {self.state.value}>"

    @property
    def terminated(self) -> bool:
        return self.state is State.TERMINATED

    @property
    def next_deadline(self) -> float | None:
        """When ``on_timer`` must be called next, or None if no timer runs."""
        deadlines = self._deadlines
        return min(deadlines.values()) if deadlines else None

    def timer_deadline(self, timer: Timer) -> float | None:
        return self._deadlines.get(_NAMES[timer])

    def on_timer(self, now: float) -> list[Action[R]]:
        """Fire every timer due at ``now``, earliest first."""
        actions: list[Action[R]] = []
        deadlines = self._deadlines
        while deadlines and self.state is not State.TERMINATED:
            name = min(deadlines, key=deadlines.__getitem__)
            if deadlines[name] > now:
                break
            del deadlines[name]
            actions += self._handle(_TIMERS[name], now, None)
        return actions

    def on_transport_error(self, now: float) -> list[Action[R]]:
        """The transport could not deliver a message of this transaction (§17.1.4)."""
        return self._handle(_Event.TRANSPORT_ERROR, now, None)

    def _handle(
        self,
        event: _Event | Timer,
        now: float,
        message: Request | Response | None,
        data: bytes | None = None,
    ) -> list[Action[R]]:
        row = TRANSITIONS[self.kind].get(self.state, {}).get(event)
        if row is None:
            if event in _TU_EVENTS:
                raise LocalProtocolError(
                    f"cannot send a response ({event.value}) from the {self.state.value} "
                    f"state of an {self.kind.value} transaction"
                )
            return []
        new_state, effects = row
        finishing = False
        if new_state is not self.state:
            self.state = new_state
            finishing = new_state in _FINISHED
            deadlines = self._deadlines
            if deadlines:
                allowed = _STATE_TIMER_NAMES[self.kind].get(new_state, _NO_TIMERS)
                for name in tuple(deadlines):
                    if name not in allowed:
                        del deadlines[name]
        actions: list[Action[R]] = []
        for effect in effects:
            self._apply(effect, now, message, data, actions)
        if finishing:
            # From here on its messages are only matched (by key) and sent again (as
            # bytes), and thousands of finished transactions linger at once.
            self.request.forget_parsed()
            if self.last_response is not None:
                self.last_response.forget_parsed()
        if self.state is State.TERMINATED:
            self._deadlines.clear()
            actions.append(TransactionTerminated(self))
        elif self._deadlines and min(self._deadlines.values()) <= now:
            actions += self.on_timer(now)  # a zero-length timer (reliable transport)
        return actions

    def _apply(
        self,
        effect: _Do,
        now: float,
        message: Request | Response | None,
        data: bytes | None,
        actions: list[Action[R]],
    ) -> None:
        if (timer := _STARTS.get(effect)) is not None:
            name = _NAMES[timer]
            interval = self.config.initial(timer, reliable=self.reliable)
            if interval is not None:
                self._intervals[name] = interval
                self._deadlines[name] = now + interval
        elif (timer := _BACKOFFS.get(effect)) is not None:
            name = _NAMES[timer]
            interval = 2 * self._intervals[name]
            if timer is not Timer.A or self.config.cap_timer_a:
                interval = min(interval, self.config.t2)
            self._intervals[name] = interval
            self._deadlines[name] = now + interval
        elif effect is _Do.E_AT_T2:
            self._intervals[_NAMES[Timer.E]] = self.config.t2
            self._deadlines[_NAMES[Timer.E]] = now + self.config.t2
        elif effect is _Do.SEND_REQUEST:
            if self._request_data is None:
                self._request_data = self.request.to_bytes()
            actions.append(SendMessage(self.request, self._request_data, self.remote, self))
        elif effect is _Do.PASS_TO_TU:
            assert message is not None
            actions.append(PassToTU(message, self))
        elif effect is _Do.SEND_ACK:
            assert isinstance(message, Response)
            if self._ack is None:
                ack = make_ack(self.request, message)
                self._ack = (ack, ack.to_bytes())
            actions.append(SendMessage(self._ack[0], self._ack[1], self.remote, self))
        elif effect is _Do.SEND_RESPONSE:
            assert isinstance(message, Response)
            assert data is not None
            self.last_response, self._response_data = message, data
            actions.append(SendMessage(message, data, self.remote, self))
        elif effect is _Do.RESEND_RESPONSE:
            if self.last_response is not None and self._response_data is not None:
                actions.append(
                    SendMessage(self.last_response, self._response_data, self.remote, self)
                )
        elif effect is _Do.REPORT_TIMEOUT:
            actions.append(TransactionTimeout(self))


def _response_event(status: int, *, from_tu: bool) -> _Event:
    if status < 200:
        return _Event.TU_1XX if from_tu else _Event.RECV_1XX
    if status < 300:
        return _Event.TU_2XX if from_tu else _Event.RECV_2XX
    return _Event.TU_FINAL if from_tu else _Event.RECV_FINAL


class ClientTransaction(Transaction[R]):
    """Sends a request and collects its responses."""

    __slots__ = ()

    def start(self, now: float) -> list[Action[R]]:
        """Send the request for the first time and start the timers."""
        return self._handle(_Event.START, now, None)

    def receive_response(self, response: Response, now: float) -> list[Action[R]]:
        return self._handle(_response_event(response.status, from_tu=False), now, response)


class ServerTransaction(Transaction[R]):
    """Receives a request; the TU answers it through ``send_response``."""

    __slots__ = ()

    def receive_request(self, request: Request, now: float) -> list[Action[R]]:
        """A retransmission of the request, or (INVITE) the ACK for a final response."""
        event = _Event.RECV_ACK if request.method == "ACK" else _Event.RECV_REQUEST
        return self._handle(event, now, request)

    def send_response(self, response: Response, now: float) -> list[Action[R]]:
        # Serialised before the transition, so that a response that cannot be written
        # (LocalProtocolError) leaves the transaction as it was.
        data = response.to_bytes()
        event = _response_event(response.status, from_tu=True)
        return self._handle(event, now, response, data)
