"""The timers of RFC 3261 §17 (Table 4) and RFC 6026, and their durations."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Timer", "TimerConfig"]


class Timer(enum.Enum):
    # Members are singletons, equal only to themselves: hashing by identity keeps the
    # transition tables' lookups in C (Enum.__hash__ is Python code in 3.11, and a call
    # through the edge makes about a hundred such lookups).
    __hash__ = object.__hash__

    A = "A"  # INVITE client: retransmit the INVITE (unreliable transports)
    B = "B"  # INVITE client: give up waiting for any response
    D = "D"  # INVITE client: absorb retransmitted final responses
    E = "E"  # non-INVITE client: retransmit the request (unreliable transports)
    F = "F"  # non-INVITE client: give up waiting for a final response
    G = "G"  # INVITE server: retransmit the final response (unreliable transports)
    H = "H"  # INVITE server: give up waiting for the ACK
    I = "I"  # noqa: E741 - INVITE server: absorb retransmitted ACKs
    J = "J"  # non-INVITE server: absorb retransmitted requests
    K = "K"  # non-INVITE client: absorb retransmitted responses
    L = "L"  # INVITE server (RFC 6026): absorb retransmitted INVITEs after a 2xx
    M = "M"  # INVITE client (RFC 6026): pass retransmitted 2xx up after the first


_RETRANSMISSION_TIMERS = frozenset({Timer.A, Timer.E, Timer.G})
_LINGER_TIMERS = frozenset({Timer.D, Timer.I, Timer.J, Timer.K})
_WAIT_TIMERS = frozenset({Timer.J, Timer.L, Timer.M})


@dataclass(frozen=True, slots=True)
class TimerConfig:
    """RFC 3261 Table 4. ``d`` is Timer D over unreliable transports ("> 32 s").

    ``cap_timer_a``: RFC 3261 §17.1.1.2 doubles the INVITE retransmission interval
    without limit (0.5, 1, 2, 4, 8, 16 s), while §17.1.2.2 caps the non-INVITE one at
    T2. Some proxies (Kamailio's tm) cap both at T2; set this to do the same.

    ``wait``: how long a finished transaction lingers to absorb retransmissions
    (Timers J, L and M; Timer D has ``d``). RFC 3261 and RFC 6026 say 64*T1, 32 s over
    UDP. A proxy holds every transaction that finished within that time, so at
    hundreds of calls per second the 32 s dominate its memory (and a garbage-collected
    runtime's pauses); Kamailio's tm keeps them 5 s (its ``wt_timer``). None: 64*T1.
    """

    t1: float = 0.5
    t2: float = 4.0
    t4: float = 5.0
    d: float = 32.0
    cap_timer_a: bool = False
    wait: float | None = None

    def initial(self, timer: Timer, *, reliable: bool) -> float | None:
        """How long ``timer`` runs when started; None: not started on this transport."""
        if reliable and timer in _RETRANSMISSION_TIMERS:
            return None
        if reliable and timer in _LINGER_TIMERS:
            return 0.0
        if timer in _RETRANSMISSION_TIMERS:
            return self.t1
        if timer is Timer.D:
            return self.d
        if timer in (Timer.I, Timer.K):
            return self.t4
        if self.wait is not None and timer in _WAIT_TIMERS:
            return self.wait
        return 64 * self.t1  # B, F, H, J, L, M
