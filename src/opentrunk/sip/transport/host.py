"""The shell around one ``SipElement``: its sockets (UDP and TCP on one address), its
clock and its one timer.

* Datagrams are parsed here; a datagram that fails to parse is answered (400, 505,
  513) when enough of it was read, else dropped and counted. CR/LF keep-alives are
  ignored.
* Time is the loop's monotonic clock, read once per message and passed in.
* The shell alone schedules timers: after each burst of messages and every tick it
  asks the element for its next deadline and keeps one ``loop.call_at`` handle for
  the earliest (moved earlier when needed, never later: firing early costs one empty
  tick).
* Shared (``start(..., shared=True)``): several processes run an element each on the
  same public port (``SO_REUSEPORT``), and each also listens on a port of its own.
  The element puts its own port in its Via and Record-Route, so responses and
  in-dialog requests come back to the process that holds the transaction or dialog;
  only initial requests arrive on the public port, where the kernel keeps what one
  peer sends from one port on one process (retransmissions and CANCELs included).
  Requests go out from the own port (a peer that answers to the source address
  reaches the right process too), except to registered contacts
  (``shared_destination``), whose NAT lets in only what comes from the port they
  registered with; a response goes out from the port its request came to: the public
  one for an initial request, the own one for an in-dialog request (one with a To
  tag). A response that reaches the shared port of the wrong process is passed on
  (``foreign``, ``relay``; the other side calls ``inject``).
* ``drain`` stops new work from arriving at the element only in the sense the element
  decides (the edge refuses new calls while draining); the shell waits for the
  element to report itself idle, up to a time limit, then closes the sockets.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from opentrunk.sip import (
    DatagramParser,
    RemoteProtocolError,
    Request,
    Response,
    ServerTransaction,
    SipProtocolError,
    Transaction,
    error_response,
    is_keepalive,
    new_tag,
)
from opentrunk.sip.element import Flow, SipElement
from opentrunk.sip.transport.tcp import TcpTransport
from opentrunk.sip.transport.udp import UdpTransport

__all__ = ["ElementHost", "HostStats"]

log = logging.getLogger("opentrunk.sip")


class HostStats:
    __slots__ = ("element_errors", "parse_errors", "received")

    def __init__(self) -> None:
        self.received = 0
        self.parse_errors = 0
        self.element_errors = 0


class ElementHost:
    """Runs ``element`` on ``host:port`` (UDP and TCP).

    >>> host = ElementHost(edge)  # doctest: +SKIP
    >>> await host.start("127.0.0.1", 5060)  # doctest: +SKIP
    """

    def __init__(self, element: SipElement | None, *, tcp_idle_timeout: float = 600.0) -> None:
        #: may be attached after ``start`` (an element that needs to know its port);
        #: until then messages are dropped
        self.element = element
        self.stats = HostStats()
        self.parser = DatagramParser()
        self.udp: UdpTransport | None = None
        self.tcp = TcpTransport(self._message, self._transport_error, idle_timeout=tcp_idle_timeout)
        self.address: tuple[str, int] = ("", 0)
        #: shared mode: this process's own port (UDP and TCP), else None
        self.own: UdpTransport | None = None
        self.own_address: tuple[str, int] | None = None
        #: shared mode: destinations requests go to from the shared port (registered
        #: contacts, behind NATs that let in only what comes from where they registered)
        self.shared_destination: Callable[[Flow], bool] | None = None
        #: shared mode: for a response that came to the shared port, the process it
        #: belongs to if not this one, and how to pass it there
        self.foreign: Callable[[Response], int | None] | None = None
        self.relay: Callable[[int, bytes, tuple[str, int]], None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0
        self._reschedule_soon = False

    async def start(self, host: str, port: int, *, shared: bool = False) -> tuple[str, int]:
        """Bind UDP and TCP on the same port: ``port``, or for 0 a free one (the port
        the kernel gives UDP may be taken for TCP: then another is tried).

        ``shared``: ``port`` may be bound by other processes too (for 0, the free port
        found is the one they then bind), and a free port of this process's own is
        bound as well (``own_address``)."""
        self._loop = asyncio.get_running_loop()
        if shared:
            self.udp, self.address = await self._bind(host, port, self._datagram, True)
            try:
                self.own, self.own_address = await self._bind(host, 0, self._own_datagram)
            except BaseException:
                self.udp.close()
                raise
            return self.address
        self.udp, self.address = await self._bind(host, port, self._datagram)
        return self.address

    async def _bind(
        self,
        host: str,
        port: int,
        on_datagram: Callable[[bytes, tuple[str, int]], None],
        reuse_port: bool = False,
    ) -> tuple[UdpTransport, tuple[str, int]]:
        for attempt in range(1 if port else 20):
            udp = await UdpTransport.bind(host, port, on_datagram, reuse_port=reuse_port)
            address = udp.local_address
            try:
                await self.tcp.listen(host, address[1], reuse_port=reuse_port)
            except OSError:
                udp.close()
                if port or attempt == 19:
                    raise
                continue
            except BaseException:
                udp.close()
                raise
            return udp, address
        raise AssertionError("unreachable")

    # --- the element's sender ---------------------------------------------------------

    def send(self, data: bytes, flow: Flow, transaction: Transaction[Flow] | None) -> None:
        if flow.transport == "UDP":
            udp = self.udp
            if self.own is not None and self._from_own(data, flow, transaction):
                udp = self.own
            if udp is not None:
                udp.sendto(data, (flow.host, flow.port))
        else:
            self.tcp.send(data, flow, transaction)

    def _from_own(self, data: bytes, flow: Flow, transaction: Transaction[Flow] | None) -> bool:
        """Shared mode: whether to send from the own port. A request goes from there
        (its answers come back to it), except to a registered contact; so does an
        answer to an in-dialog request (it came to the own port, which the
        Record-Route named). An answer to an initial request, or one relayed without a
        transaction (a retransmitted 2xx), goes from the shared port its request came
        to, and so does a request to a registered contact: a NAT in front of the peer
        lets in only what comes from there. (Answers to such a request that come back
        to the shared port reach the right process through ``foreign``.)"""
        if isinstance(transaction, ServerTransaction):
            return transaction.request.to_tag is not None
        if transaction is None and data.startswith(b"SIP/"):
            return False
        shared = self.shared_destination
        return shared is None or not shared(flow)

    # --- input ------------------------------------------------------------------------

    def _datagram(self, data: bytes, addr: tuple[str, int]) -> None:
        self._received(data, addr, self.udp)

    def _own_datagram(self, data: bytes, addr: tuple[str, int]) -> None:
        self._received(data, addr, self.own)

    def inject(self, data: bytes, addr: tuple[str, int]) -> None:
        """A datagram another process received on the shared port for this one."""
        self._received(data, addr, self.udp, relayed=True)

    def _received(
        self,
        data: bytes,
        addr: tuple[str, int],
        udp: UdpTransport | None,
        *,
        relayed: bool = False,
    ) -> None:
        if is_keepalive(data):
            return
        try:
            message = self.parser.parse(data)
        except RemoteProtocolError as exc:
            self.stats.parse_errors += 1
            answer = error_response(exc, to_tag=new_tag())
            if answer is not None and udp is not None:
                udp.sendto(answer.to_bytes(), addr)
            return
        if (
            self.foreign is not None
            and self.relay is not None
            and not relayed
            and udp is self.udp
            and isinstance(message, Response)
        ):
            owner = self.foreign(message)
            if owner is not None:
                self.relay(owner, data, addr)
                return
        self._message(message, Flow("UDP", addr[0], addr[1]))

    def _message(self, message: Request | Response, flow: Flow) -> None:
        assert self._loop is not None
        self.stats.received += 1
        element = self.element
        if element is None:
            return
        try:
            element.receive(message, flow, self._loop.time())
        except SipProtocolError:
            self.stats.parse_errors += 1  # a malformed header read late; already counted
        except Exception:
            self.stats.element_errors += 1
            log.exception("SIP element failed on a message from %s", flow)
        if not self._reschedule_soon:
            # Once per burst of messages, not per message: a new deadline is at least
            # a retransmission interval away, far beyond one turn of the loop.
            self._reschedule_soon = True
            self._loop.call_soon(self._rescheduled)

    def _transport_error(self, transaction: Transaction[Flow]) -> None:
        element = self.element
        if element is not None:
            self._guarded(lambda now: element.transport_error(transaction, now))

    # --- time -------------------------------------------------------------------------

    def _rescheduled(self) -> None:
        self._reschedule_soon = False
        self.reschedule()

    def reschedule(self) -> None:
        """Look at the element's next deadline again (after driving it from outside,
        e.g. asking it to place a call)."""
        if self.element is None:
            return
        deadline = self.element.next_deadline()
        if deadline is None:
            return
        if self._timer is not None:
            if deadline >= self._timer_at:
                return
            self._timer.cancel()
        assert self._loop is not None
        self._timer_at = deadline
        self._timer = self._loop.call_at(deadline, self._fire)

    def _fire(self) -> None:
        self._timer = None
        if self.element is not None:
            self._guarded(self.element.tick)

    def _guarded(self, step: Callable[[float], None]) -> None:
        assert self._loop is not None
        try:
            step(self._loop.time())
        except Exception:
            self.stats.element_errors += 1
            log.exception("SIP element failed on a timer")
        self.reschedule()

    # --- lifecycle --------------------------------------------------------------------

    async def drain(self, idle: Callable[[], bool], limit: float) -> None:
        """Wait until ``idle()`` (checked every 50 ms) or ``limit`` seconds, then close
        the sockets."""
        for _ in range(max(1, round(limit / 0.05))):
            if idle():
                break
            await asyncio.sleep(0.05)
        await self.close()

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for udp in (self.udp, self.own):
            if udp is not None:
                udp.close()
        await self.tcp.close()
