"""Several edge processes on one port (``OPENTRUNK_SIP_PROCESSES``): starting the others,
and what they must share.

The first process (the one ``opentrunk serve`` runs) binds the public SIP port with
``SO_REUSEPORT`` and starts the others with the same settings, each its own index.
Every process owns the calls whose initial request the kernel gave it (see
``ElementHost``), so transactions and dialogs need no sharing. Two things do:

* the per-trunk ``callsPerSecond`` bucket: a process that admits a call tells the
  others, which take the token from their own bucket of that trunk;
* registrations: a process that adds, refreshes or removes a binding tells the
  others, which apply it to their registrar, so an inbound call reaches a registered
  endpoint whichever process it lands on. The one that took the REGISTER writes the
  binding to the database and reports its expiry; the others only mirror it.

And one thing travels between them: requests to a registered contact leave from the
shared port (its NAT lets in nothing else), so a contact that answers to the source
address answers to the shared port, where the kernel may give the response to
another process. That process passes the datagram, with where it came from, to the
one its branch names (``relay``).

They tell each other over Unix datagram sockets in a private directory (one per
process, named by its index): a datagram is one change, sent without waiting, and a
sibling not (yet or any longer) listening is skipped. The shared state is therefore
a few microseconds to milliseconds behind: two processes may admit the last token
of a bucket at the same moment, and an inbound call that follows a REGISTER within
that time may not see the binding yet.

The route table needs nothing here: each process follows the configuration itself
(``RouteWatcher``). The built-in PSTN simulator, the voice challenge dialer and the
sweep of expired registrations run in the first process only.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import json
import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from opentrunk.config import Settings
from opentrunk.sip.edge.rate import CallRateLimiter
from opentrunk.sip.edge.registrar import Binding
from opentrunk.sip.element import Flow

__all__ = [
    "SharedRateLimiter",
    "Siblings",
    "child_environment",
    "socket_path",
    "start_children",
]

log = logging.getLogger("opentrunk.sip")

_RATE = b"R"
_BINDING = b"B"
_DATAGRAM = b"D"
#: a relayed datagram (at most 64 KiB) and its source
_MAX_MESSAGE = 65_536 + 128
_PR_SET_PDEATHSIG = 1


def socket_path(directory: Path, index: int) -> Path:
    """Where edge process ``index`` listens for the others (made once it is ready)."""
    return directory / f"{index}.sock"


class Siblings:
    """This process's end of the channel between the edge processes."""

    def __init__(
        self,
        directory: Path,
        index: int,
        count: int,
        *,
        on_rate: Callable[[str, int], None],
        on_binding: Callable[[Binding, bool], None],
        on_datagram: Callable[[bytes, tuple[str, int]], None] = lambda data, addr: None,
    ) -> None:
        self.directory = directory
        self.index = index
        self.on_rate = on_rate
        self.on_binding = on_binding
        self.on_datagram = on_datagram
        self.received = 0
        self.undeliverable = 0
        self._peers = [str(socket_path(directory, i)) for i in range(count) if i != index]
        self._path = socket_path(directory, index)
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path.unlink()  # left by a process that died
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.setblocking(False)
        sock.bind(str(self._path))
        with contextlib.suppress(OSError):  # room for bursts of relayed datagrams
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self._sock = sock
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(sock.fileno(), self._readable)

    def close(self) -> None:
        if self._sock is not None:
            if self._loop is not None:
                self._loop.remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None
            with contextlib.suppress(FileNotFoundError):
                self._path.unlink()

    # --- telling the others -----------------------------------------------------------

    def admitted(self, trunk_id: str, rate: int) -> None:
        self._send(b"%s%d %s" % (_RATE, rate, trunk_id.encode()))

    def binding_changed(self, binding: Binding, removed: bool) -> None:
        self._send(_BINDING + json.dumps(_binding_fields(binding, removed)).encode())

    def relay(self, index: int, datagram: bytes, source: tuple[str, int]) -> None:
        """Pass a datagram that came from ``source`` to process ``index``."""
        header = f"{source[0]} {source[1]}\n".encode()
        self._send(_DATAGRAM + header + datagram, [str(socket_path(self.directory, index))])

    def _send(self, data: bytes, peers: list[str] | None = None) -> None:
        sock = self._sock
        if sock is None:
            return
        for peer in self._peers if peers is None else peers:
            try:
                sock.sendto(data, peer)
            except OSError:  # not listening (yet, or any more), or its queue is full
                self.undeliverable += 1

    # --- hearing from them ------------------------------------------------------------

    def _readable(self) -> None:
        sock = self._sock
        while sock is not None:
            try:
                data = sock.recv(_MAX_MESSAGE)
            except OSError:  # nothing more to read (BlockingIOError), or closed
                return
            self.received += 1
            try:
                self._dispatch(data)
            except Exception:
                log.warning("ignored a malformed message from a sibling edge", exc_info=True)

    def _dispatch(self, data: bytes) -> None:
        kind, body = data[:1], data[1:]
        if kind == _RATE:
            rate, _, trunk_id = body.partition(b" ")
            self.on_rate(trunk_id.decode(), int(rate))
        elif kind == _BINDING:
            binding, removed = _binding_from(json.loads(body))
            self.on_binding(binding, removed)
        elif kind == _DATAGRAM:
            header, _, datagram = body.partition(b"\n")
            host, _, port = header.decode().partition(" ")
            self.on_datagram(datagram, (host, int(port)))


def _binding_fields(binding: Binding, removed: bool) -> dict[str, object]:
    return {
        "endpoint": binding.endpoint_id,
        "trunk": binding.trunk_id,
        "project": binding.project_id,
        "contact": binding.contact,
        "flow": list(binding.flow),
        "source": list(binding.source),
        "expiresAt": binding.expires_at,
        "userAgent": binding.user_agent,
        "removed": removed,
    }


def _binding_from(fields: dict[str, object]) -> tuple[Binding, bool]:
    flow, source = fields["flow"], fields["source"]
    assert isinstance(flow, list)
    assert isinstance(source, list)
    binding = Binding(
        endpoint_id=str(fields["endpoint"]),
        trunk_id=str(fields["trunk"]),
        project_id=str(fields["project"]),
        contact=str(fields["contact"]),
        flow=Flow(str(flow[0]), str(flow[1]), int(flow[2])),
        source=Flow(str(source[0]), str(source[1]), int(source[2])),
        expires_at=float(fields["expiresAt"]),  # type: ignore[arg-type]
        user_agent=str(fields["userAgent"]),
    )
    return binding, bool(fields["removed"])


class SharedRateLimiter(CallRateLimiter):
    """A ``CallRateLimiter`` that reports each call it admits (to the siblings)."""

    __slots__ = ("on_admit",)

    def __init__(self, on_admit: Callable[[str, int], None]) -> None:
        super().__init__()
        self.on_admit = on_admit

    def allow(self, trunk_id: str, rate: int, now: float) -> bool:
        if super().allow(trunk_id, rate, now):
            self.on_admit(trunk_id, rate)
            return True
        return False


# --- starting the other processes -----------------------------------------------------


def child_environment(settings: Settings, index: int, **overrides: str) -> dict[str, str]:
    """The environment of edge process ``index``: this one's, with every setting
    written out (some may have come from the command line) and ``overrides``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENTRUNK_")}
    for name, field in Settings.model_fields.items():
        value = getattr(settings, name)
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        if isinstance(value, bool):
            value = "true" if value else "false"
        alias = field.validation_alias
        key = alias if isinstance(alias, str) else f"OPENTRUNK_{name.upper()}"
        env[key] = str(value)
    env.update(
        OPENTRUNK_ROLE="sip",
        OPENTRUNK_SIP_PROCESS_INDEX=str(index),
        OPENTRUNK_DATA_DIR=str(settings.data_dir.resolve()),
    )
    env.update(overrides)
    return env


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def start_children(settings: Settings, **overrides: str) -> list[subprocess.Popen[bytes]]:
    """Start edge processes 1 .. ``sip_processes - 1`` (``opentrunk serve``, role
    ``sip``); each gets SIGTERM if this process dies."""
    command = [sys.executable, "-c", "from opentrunk.cli import main; main()", "serve"]
    preexec = _die_with_parent if sys.platform.startswith("linux") else None
    return [
        subprocess.Popen(
            command, env=child_environment(settings, index, **overrides), preexec_fn=preexec
        )
        for index in range(1, settings.sip_processes)
    ]
