"""The proxy's per-call state: an INVITE being routed, its branches, the dialogs it
created, and the plain relays of in-dialog requests.

These are mutable on purpose (the proxy updates them as responses arrive) and slotted
(thousands are alive at once under load).
"""

from __future__ import annotations

from collections import deque

from opentrunk.sip import ClientTransaction, Request, ServerTransaction, Uri
from opentrunk.sip.edge.policy import CallFacts
from opentrunk.sip.edge.targets import Target
from opentrunk.sip.edge.timers import TimerEntry
from opentrunk.sip.element import Flow

__all__ = ["Branch", "Dialog", "InviteCall", "Relay"]


class InviteCall:
    """An initial INVITE the proxy accepted, until its server transaction ends.

    Sequential forking: one branch at a time, the next target when a branch fails in
    a way that allows failover (no answer in time, 408, 5xx; inbound calls only).
    """

    __slots__ = (
        "branch",
        "cancelled",
        "created",
        "facts",
        "final_sent",
        "inbound",
        "rang_out",
        "request",
        "server",
        "source",
        "targets",
    )

    def __init__(
        self,
        server: ServerTransaction[Flow],
        request: Request,
        facts: CallFacts,
        source: Flow,
        created: float,
        targets: deque[Target],
        *,
        inbound: bool,
    ) -> None:
        self.server = server
        self.request = request
        self.facts = facts
        self.source = source
        self.created = created
        self.targets = targets
        self.inbound = inbound
        self.branch: Branch | None = None
        self.final_sent = False
        self.cancelled = False
        #: some branch rang until Timer C: the call went unanswered
        self.rang_out = False


class Branch:
    """One attempt of an ``InviteCall`` at one target."""

    __slots__ = (
        "call",
        "cancel_sent",
        "client",
        "dead",
        "hung_up",
        "provisional",
        "target",
        "timer",
    )

    def __init__(self, call: InviteCall, client: ClientTransaction[Flow], target: Target) -> None:
        self.call = call
        self.client = client
        self.target = target
        #: a provisional response came (so it may be cancelled; Timer C runs)
        self.provisional = False
        #: given up on (timed out, cancelled): its answers are no longer relayed
        self.dead = False
        self.cancel_sent = False
        self.hung_up = False
        self.timer: TimerEntry[Branch | Dialog] | None = None


class Dialog:
    """An answered call, until BYE: where each side is, and its call record so far."""

    __slots__ = (
        "answered",
        "call_id",
        "callee_contact",
        "callee_flow",
        "caller_contact",
        "caller_flow",
        "caller_tag",
        "created",
        "facts",
        "timer",
    )

    def __init__(
        self,
        call_id: str,
        facts: CallFacts,
        created: float,
        answered: float,
        *,
        caller_tag: str | None,
        caller_flow: Flow,
        caller_contact: Uri | None,
        callee_flow: Flow,
        callee_contact: Uri | None,
    ) -> None:
        self.call_id = call_id
        self.facts = facts
        self.created = created
        self.answered = answered
        self.caller_tag = caller_tag
        self.caller_flow = caller_flow
        self.caller_contact = caller_contact
        self.callee_flow = callee_flow
        self.callee_contact = callee_contact
        self.timer: TimerEntry[Branch | Dialog] | None = None


class Relay:
    """An in-dialog request forwarded statefully: its responses go back through
    ``server``."""

    __slots__ = ("server",)

    def __init__(self, server: ServerTransaction[Flow]) -> None:
        self.server = server
