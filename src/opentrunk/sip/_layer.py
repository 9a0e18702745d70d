"""The transaction layer: the table of live transactions, matching, and deadlines.

Incoming messages are matched to transactions by the rules of RFC 3261:

* a response matches the client transaction whose request had the same top-Via
  branch and the same CSeq method (§17.1.3);
* a request matches the server transaction with the same top-Via branch, sent-by and
  method, an ACK counting as INVITE (§17.2.3). A branch without the magic cookie
  (an RFC 2543 peer) falls back to Request-URI, From tag, Call-ID, CSeq number and top
  Via, which is close to §17.2.3's fallback without comparing To tags;
* a CANCEL targets the INVITE server transaction it would match if it were the
  INVITE (§9.2).

The layer keeps a heap of deadlines so that ``next_deadline()`` and ``tick(now)`` cost
O(log n) however many transactions are live; entries made obsolete by a state change
stay in the heap and are skipped when they surface.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Generic

from ._actions import Action, PassToTU, R
from ._errors import LocalProtocolError
from ._message import Request, Response
from ._timers import TimerConfig
from ._transaction import ClientTransaction, Kind, ServerTransaction, State, Transaction

__all__ = ["TransactionLayer", "client_key", "server_key"]

Key = tuple[str, ...]


def server_key(request: Request, *, method: str | None = None) -> Key:
    """The key a request is matched to server transactions by (§17.2.3)."""
    via = request.top_via
    if method is None:
        method = "INVITE" if request.method == "ACK" else request.method
    if via.is_rfc3261_branch:
        assert via.branch is not None
        port = "" if via.port is None else str(via.port)
        return (via.branch, via.host.lower(), port, method)
    return (
        "rfc2543",
        str(request.uri),
        request.from_tag or "",
        request.call_id,
        str(request.cseq.number),
        method,
        str(via),
    )


def client_key(message: Request | Response) -> Key:
    """The key of a request we send, or of a response to it (§17.1.3)."""
    branch = message.top_via.branch or ""
    method = message.method if isinstance(message, Request) else message.cseq.method
    return (branch, method)


class TransactionLayer(Generic[R]):
    """All live transactions of one edge.

    ``R`` is whatever the caller uses to say where a message goes (an address tuple,
    a connection): the layer stores it and hands it back in ``SendMessage``.

    >>> layer: TransactionLayer[tuple[str, int]] = TransactionLayer()
    >>> actions = layer.receive(request, ("192.0.2.1", 5060), now, reliable=False)  # doctest: +SKIP
    """

    def __init__(self, *, timers: TimerConfig | None = None) -> None:
        self.timers = timers or TimerConfig()
        self._server: dict[Key, ServerTransaction[R]] = {}
        self._client: dict[Key, ClientTransaction[R]] = {}
        self._heap: list[tuple[float, int, Transaction[R]]] = []
        self._sequence = itertools.count()

    def __len__(self) -> int:
        return len(self._server) + len(self._client)

    @property
    def server_transactions(self) -> int:
        return len(self._server)

    @property
    def client_transactions(self) -> int:
        return len(self._client)

    # --- input from the network ---------------------------------------------------------

    def receive(
        self, message: Request | Response, remote: R, now: float, *, reliable: bool
    ) -> list[Action[R]]:
        """Route a parsed message from the network.

        A new request creates a server transaction and comes back as ``PassToTU``;
        ``remote`` is where that transaction will send its responses. Retransmissions
        are answered or absorbed here and never reach the TU.
        """
        if isinstance(message, Response):
            client = self._client.get(client_key(message))
            if client is None:
                return [PassToTU(message, None)]
            return self._after(client, client.receive_response(message, now))
        key = server_key(message)
        server = self._server.get(key)
        if message.method == "ACK":
            if server is None or server.kind is not Kind.INVITE_SERVER:
                return [PassToTU(message, None)]
            return self._after(server, server.receive_request(message, now))
        if server is not None:
            return self._after(server, server.receive_request(message, now))
        kind = Kind.INVITE_SERVER if message.method == "INVITE" else Kind.NON_INVITE_SERVER
        server = ServerTransaction(
            kind, message, remote, reliable=reliable, key=key, config=self.timers
        )
        self._server[key] = server
        return [PassToTU(message, server)]

    # --- input from the TU -------------------------------------------------------------

    def send_request(
        self, request: Request, remote: R, now: float, *, reliable: bool
    ) -> tuple[ClientTransaction[R], list[Action[R]]]:
        """Start a client transaction for ``request``, whose top Via must be ours with
        a fresh RFC 3261 branch. An ACK is not a transaction: send it directly."""
        if request.method == "ACK":
            raise LocalProtocolError("an ACK is sent without a transaction")
        if not request.top_via.is_rfc3261_branch:
            raise LocalProtocolError("the top Via needs a branch starting with z9hG4bK")
        key = client_key(request)
        if key in self._client:
            raise LocalProtocolError(f"a client transaction {key} already exists")
        kind = Kind.INVITE_CLIENT if request.method == "INVITE" else Kind.NON_INVITE_CLIENT
        client = ClientTransaction(
            kind, request, remote, reliable=reliable, key=key, config=self.timers
        )
        self._client[key] = client
        return client, self._after(client, client.start(now))

    def send_response(
        self, transaction: ServerTransaction[R], response: Response, now: float
    ) -> list[Action[R]]:
        """Answer through a server transaction (the only way a stateful element
        responds)."""
        return self._after(transaction, transaction.send_response(response, now))

    def transport_error(self, transaction: Transaction[R], now: float) -> list[Action[R]]:
        """Report that a message of ``transaction`` could not be sent (§17.1.4)."""
        return self._after(transaction, transaction.on_transport_error(now))

    def find_cancel_target(self, cancel: Request) -> ServerTransaction[R] | None:
        """The live INVITE server transaction a CANCEL is for (§9.2), if any."""
        if cancel.method != "CANCEL":
            raise LocalProtocolError(f"{cancel.method} is not a CANCEL")
        server = self._server.get(server_key(cancel, method="INVITE"))
        if server is None or server.kind is not Kind.INVITE_SERVER:
            return None
        return server

    # --- time ---------------------------------------------------------------------------

    def next_deadline(self) -> float | None:
        """When ``tick`` must next be called, or None when no timer runs."""
        heap = self._heap
        while heap:
            deadline, _, transaction = heap[0]
            if transaction.scheduled == deadline and not transaction.terminated:
                return deadline
            heapq.heappop(heap)
        return None

    def tick(self, now: float) -> list[Action[R]]:
        """Fire every timer due at ``now``."""
        actions: list[Action[R]] = []
        heap = self._heap
        while heap and heap[0][0] <= now:
            deadline, _, transaction = heapq.heappop(heap)
            if transaction.scheduled != deadline or transaction.terminated:
                continue
            transaction.scheduled = None
            actions += self._after(transaction, transaction.on_timer(now))
        return actions

    def _after(self, transaction: Transaction[R], actions: list[Action[R]]) -> list[Action[R]]:
        if transaction.state is State.TERMINATED:
            table: dict[Key, ServerTransaction[R]] | dict[Key, ClientTransaction[R]]
            table = self._server if isinstance(transaction, ServerTransaction) else self._client
            if table.get(transaction.key) is transaction:
                del table[transaction.key]
            return actions
        deadline = transaction.next_deadline
        if deadline is not None and deadline != transaction.scheduled:
            heapq.heappush(self._heap, (deadline, next(self._sequence), transaction))
        transaction.scheduled = deadline
        return actions
