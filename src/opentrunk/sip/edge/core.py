"""The proxy's plumbing, shared by the call side (``proxy``) and the dialog side
(``dialogs``): the transaction layer and the state tables, performing the layer's
actions, answering, and stamping our Via on what we forward."""

from __future__ import annotations

from collections.abc import Callable

from opentrunk.sip import (
    Action,
    ClientTransaction,
    DigestAuthenticator,
    LocalProtocolError,
    PassToTU,
    RemoteProtocolError,
    Request,
    Response,
    SendMessage,
    ServerTransaction,
    TimerConfig,
    Transaction,
    TransactionLayer,
    TransactionTimeout,
    make_response,
    new_tag,
)
from opentrunk.sip.edge.calls import Branch, Dialog, InviteCall, Relay
from opentrunk.sip.edge.config import EdgeConfig
from opentrunk.sip.edge.forwarding import BranchMaker, Resolver, literal_address, loop_hash
from opentrunk.sip.edge.rate import CallRateLimiter
from opentrunk.sip.edge.records import CallRecordData
from opentrunk.sip.edge.registrar import Binding, Registrar
from opentrunk.sip.edge.targets import TargetSelector
from opentrunk.sip.edge.timers import TimerHeap
from opentrunk.sip.element import Flow, Sender
from opentrunk.trunking.routing import RouteTable

__all__ = ["EdgeStats", "ProxyCore"]

_NO_LOOP = "0" * 8


class EdgeStats:
    """Counters for monitoring (read by the daemon, never logged per message)."""

    __slots__ = ("calls", "hung_up", "loops", "records", "refused")

    def __init__(self) -> None:
        self.calls = 0
        self.refused = 0
        self.loops = 0
        self.records = 0
        self.hung_up = 0


def _record_routes(hostport: str) -> dict[str, str]:
    """The Record-Route value naming ``hostport``, by transport."""
    return {"UDP": f"<sip:{hostport};lr>", "TCP": f"<sip:{hostport};transport=tcp;lr>"}


class ProxyCore:
    def __init__(
        self,
        config: EdgeConfig,
        routes: RouteTable,
        *,
        authenticator: DigestAuthenticator,
        send: Sender,
        on_record: Callable[[CallRecordData], None] | None = None,
        on_binding: Callable[[Binding, bool], None] | None = None,
        resolve: Resolver = literal_address,
    ) -> None:
        self.config = config
        #: the configuration the edge enforces; the daemon swaps it when it changes
        self.routes = routes
        self.authenticator = authenticator
        self.send = send
        self.on_record = on_record
        self.resolve = resolve
        self.layer: TransactionLayer[Flow] = TransactionLayer(
            timers=TimerConfig(wait=config.transaction_wait)
        )
        self.registrar = Registrar(config, on_change=on_binding)
        self.rate = CallRateLimiter()
        self.selector = TargetSelector()
        self.stats = EdgeStats()
        #: once set, new calls are refused with 503 (graceful shutdown)
        self.draining = False
        self.calls: dict[ServerTransaction[Flow], InviteCall] = {}
        self.branches: dict[ClientTransaction[Flow], Branch] = {}
        self.relays: dict[ClientTransaction[Flow], Relay] = {}
        self.dialogs: dict[str, Dialog] = {}
        self.timers: TimerHeap[Branch | Dialog] = TimerHeap()
        self.new_branch = BranchMaker(config.process)
        hostport = f"{config.host}:{config.port}"
        self.sent_by = hostport
        self.via_prefix = {
            "UDP": f"SIP/2.0/UDP {hostport};branch=",
            "TCP": f"SIP/2.0/TCP {hostport};branch=",
        }
        self.record_route = _record_routes(hostport)
        own_routes = set(self.record_route.values())
        if config.public_port is not None:  # a Route to the shared port names us too
            own_routes.update(_record_routes(f"{config.host}:{config.public_port}").values())
        self.own_routes = frozenset(own_routes)

    # --- hooks (the subclasses') ------------------------------------------------------

    def on_request(
        self, request: Request, server: ServerTransaction[Flow] | None, source: Flow, now: float
    ) -> None:
        raise NotImplementedError

    def on_response(
        self, response: Response, client: ClientTransaction[Flow] | None, now: float
    ) -> None:
        raise NotImplementedError

    def on_timeout(self, transaction: Transaction[Flow], now: float) -> None:
        raise NotImplementedError

    # --- the transaction layer's actions ----------------------------------------------

    def perform(self, actions: list[Action[Flow]], now: float, source: Flow | None) -> None:
        for action in actions:
            if isinstance(action, SendMessage):
                self.send(action.data, action.remote, action.transaction)
            elif isinstance(action, PassToTU):
                message, transaction = action.message, action.transaction
                if isinstance(message, Request):
                    assert source is not None, "a request always comes from somewhere"
                    assert transaction is None or isinstance(transaction, ServerTransaction)
                    try:
                        self.on_request(message, transaction, source, now)
                    except RemoteProtocolError:
                        # A header read only now (a Route, an Authorization) is
                        # malformed: the request is answered rather than left hanging.
                        if transaction is not None:
                            self.respond(transaction, message, 400, now)
                else:
                    assert transaction is None or isinstance(transaction, ClientTransaction)
                    self.on_response(message, transaction, now)
            elif isinstance(action, TransactionTimeout):
                self.on_timeout(action.transaction, now)
            else:
                transaction = action.transaction
                if isinstance(transaction, ServerTransaction):
                    call = self.calls.pop(transaction, None)
                    if call is not None:
                        call.branch = None  # break the call <-> branch cycle for refcounting
                elif isinstance(transaction, ClientTransaction):
                    self.branches.pop(transaction, None)
                    self.relays.pop(transaction, None)

    def respond(
        self,
        server: ServerTransaction[Flow],
        request: Request,
        status: int,
        now: float,
        reason: str | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        """Answer ``request`` through its server transaction (a no-op if it has already
        sent its final answer)."""
        to_tag = None if status == 100 else new_tag()
        response = make_response(request, status, reason, to_tag=to_tag, headers=headers)
        self.relay(server, response, now)

    def relay(self, server: ServerTransaction[Flow], response: Response, now: float) -> None:
        try:
            actions = self.layer.send_response(server, response, now)
        except LocalProtocolError:
            return  # the transaction has already answered, or is gone
        self.perform(actions, now, None)

    def via_for(self, flow: Flow, request: Request | None = None) -> str:
        """Our Via for a request sent on ``flow``; its branch carries the loop hash of
        ``request`` (an initial request, whose loops the edge detects) or none."""
        loop = _NO_LOOP if request is None else loop_hash(request)
        return self.via_prefix[flow.transport] + self.new_branch(loop)

    def emit(self, record: CallRecordData) -> None:
        self.stats.records += 1
        if self.on_record is not None:
            self.on_record(record)
