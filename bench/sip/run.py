"""Throughput of the SIP edge next to Kamailio, on the same machine, in the same run
(see README.md beside this file).

For each system under test, a SIPp UAC drives INVITE/200/ACK/BYE/200 calls through it to a
SIPp UAS at rising rates. A step is *clean* when no call failed, nothing was retransmitted
(sent or received, by the UAC or the UAS), no message was unexpected or timed out, and the
UAC reached at least ``--min-rate`` of the rate asked for (a generator starved of CPU is
not a clean result either). The run of a system stops at its first unclean step.

Systems:

    sipp       the UAC straight into the UAS: the rig's own ceiling
    kamailio   Kamailio 5.6, stateful, with bench/sip/kamailio.cfg (permissions ACL,
               pipelimit CPS, dispatcher priority routing with a backup, Record-Route)
    opentrunk  ``opentrunk serve`` with full policy, configured through its REST API:
               a trunk, an ACL holding the UAC's address, callsPerSecond raised (the
               operator API), the destination country enabled, the PSTN gateway = the UAS

Nothing is installed here: ``sipp`` (Debian package ``sip-tester``) and ``kamailio`` must
be on PATH. Everything listens on 127.0.0.1; every process started is stopped by its PID.

    .venv/bin/python bench/sip/run.py                      # about 2-3 minutes
    .venv/bin/python bench/sip/run.py --systems kamailio,opentrunk --step-seconds 6
    .venv/bin/python bench/sip/run.py --rates 50 --step-seconds 1 --json out.json
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
KAMAILIO_CFG = HERE / "kamailio.cfg"
HOST = "127.0.0.1"
INSTALL_HINT = (
    "apt-get install -y sip-tester kamailio kamailio-extra-modules kamailio-utils-modules"
)
SYSTEMS = ("sipp", "kamailio", "opentrunk")
DEFAULT_RATES = (
    100,
    250,
    500,
    750,
    1000,
    1500,
    1750,
    2000,
    2250,
    2500,
    3000,
    3500,
    4000,
    4500,
    5000,
    5500,
    6000,
    7000,
)
#: distinct called numbers, cycled through by the UAC (the edge caches per number)
NUMBERS = 20_000
PROJECT_ID = "bench-sip-project"
KEY_ID = "bench-sip-key"
KEY_SECRET = "bench-sip-secret-long-enough"
HOST_NAME = "bench-sip"


# --- processes --------------------------------------------------------------------------------


class Processes:
    """Every process this run starts, stopped by PID (and reaped) however the run ends."""

    def __init__(self) -> None:
        self._running: list[subprocess.Popen[bytes]] = []

    def start(
        self, command: Sequence[str], *, log: Path, cwd: Path | None = None, **kw: Any
    ) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            process = subprocess.Popen(
                list(command), cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, **kw
            )
        self._running.append(process)
        return process

    def stop(
        self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 10.0
    ) -> int:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(sig)
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                process.wait()
        with contextlib.suppress(ValueError):
            self._running.remove(process)
        return process.returncode

    def stop_all(self) -> None:
        for process in reversed(list(self._running)):
            self.stop(process, wait=5.0)


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def free_tcp_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def udp_port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
        return False


def sip_ping(port: int, timeout: float = 0.5) -> int | None:
    """Status code of the answer to an OPTIONS sent to 127.0.0.1:port, or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((HOST, 0))
        sock.settimeout(timeout)
        local = sock.getsockname()[1]
        token = secrets.token_hex(8)
        message = (
            f"OPTIONS sip:{HOST}:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {HOST}:{local};branch=z9hG4bK{token}\r\n"
            "Max-Forwards: 70\r\n"
            f"From: <sip:bench@{HOST}>;tag={token}\r\n"
            f"To: <sip:{HOST}:{port}>\r\n"
            f"Call-ID: {token}@{HOST}\r\n"
            "CSeq: 1 OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n"
        )
        sock.sendto(message.encode(), (HOST, port))
        try:
            answer = sock.recv(65535)
        except OSError:
            return None
    parts = answer.split(b" ", 2)
    if len(parts) >= 2 and parts[0] == b"SIP/2.0" and parts[1].isdigit():
        return int(parts[1])
    return None


def wait_for(what: str, ready: Any, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before it was ready")
        if ready():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} not ready within {timeout:.0f} s")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its descendants, from /proc (0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for child in tree_pids(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / ticks


def tree_pids(pid: int) -> list[int]:
    """A process and its descendants (opentrunk's other edge processes), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))  # ppid: field 4
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process and its descendants."""
    total = None
    for member in tree_pids(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{member}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total = (total or 0.0) + int(line.split()[1]) / 1024
    return total


# --- systems under test ----------------------------------------------------------------------


class System(Protocol):
    name: str

    def start(self, uas_port: int) -> int:
        """Start; return the UDP port the UAC calls."""

    #: whether the RSS of pid() is the system's memory (not so with shared memory)
    rss: bool

    def pid(self) -> int | None:
        """The process (with its children) whose CPU is the system's (None: not measured)."""

    def stop(self) -> None: ...


class Direct:
    """No proxy: the UAC calls the UAS itself."""

    name = "sipp"
    rss = False

    def start(self, uas_port: int) -> int:
        return uas_port

    def pid(self) -> int | None:
        return None

    def stop(self) -> None:
        pass


class Kamailio:
    name = "kamailio"
    rss = False  # its memory is a shared segment (-m 1024), not the main process's RSS

    def __init__(self, processes: Processes, workdir: Path, domain: str) -> None:
        self._processes = processes
        self._dir = workdir / "kamailio"
        self._domain = domain
        self._process: subprocess.Popen[bytes] | None = None
        self._main_pid: int | None = None

    def start(self, uas_port: int) -> int:
        db = self._dir / "db"
        db.mkdir(parents=True)
        # db_text tables of the permissions module: the UAC's address is the ACL (group 1).
        (db / "version").write_text("table_name(string) table_version(int)\naddress:6\n")
        (db / "address").write_text(
            "id(int,auto) grp(int) ip_addr(string) mask(int) port(int) tag(string,null)\n"
            f"1:1:{HOST}:32:0:bench-uac\n"
        )
        # Set 1: the far end first (Kamailio tries the higher priority value first), and a
        # backup destination where nothing listens (used only after fr_timer, on failure).
        dispatcher = self._dir / "dispatcher.list"
        backup = free_udp_port()
        dispatcher.write_text(f"1 sip:{HOST}:{uas_port} 0 10\n1 sip:{HOST}:{backup} 0 5\n")
        port = free_udp_port()
        pidfile = self._dir / "kamailio.pid"
        command = [
            "kamailio", "-f", str(KAMAILIO_CFG), "-DD", "-E", "-m", "1024", "-M", "16",
            "-P", str(pidfile), "-l", f"udp:{HOST}:{port}",
            "-A", f'ACL_DB_URL="text://{db}"',
            "-A", f'DISPATCHER_LIST="{dispatcher}"',
            "-A", f'TRUNK_DOMAIN="{self._domain}"',
            "-A", "TRUNK_CPS=1000000",
        ]  # fmt: skip
        self._process = self._processes.start(command, log=self._dir / "kamailio.log")
        wait_for("kamailio", lambda: sip_ping(port) is not None, self._process, 20)
        self._main_pid = int(pidfile.read_text().strip())
        if self._main_pid != self._process.pid:  # -DD keeps the main process in the foreground
            raise RuntimeError(f"kamailio main pid {self._main_pid} != {self._process.pid}")
        return port

    def pid(self) -> int | None:
        return self._main_pid

    def stop(self) -> None:
        if self._process is not None:
            self._processes.stop(self._process, wait=15)  # the main process ends its children


class Opentrunk:
    name = "opentrunk"
    rss = True

    def __init__(self, processes: Processes, workdir: Path, sip_processes: int = 1) -> None:
        self._processes = processes
        self._dir = workdir / "opentrunk"
        self.sip_processes = sip_processes
        self._process: subprocess.Popen[bytes] | None = None
        self.domain = ""
        self.notes: list[str] = []
        #: the operator API's token (``callsPerSecond`` is set through it)
        self._admin_token = secrets.token_urlsafe(32)

    def start(self, uas_port: int) -> int:
        import httpx

        self._dir.mkdir(parents=True)
        http_port, sip_port = free_tcp_port(), free_udp_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))}
        env.update(
            SINCH_PROJECT_ID=PROJECT_ID,
            SINCH_KEY_ID=KEY_ID,
            SINCH_KEY_SECRET=KEY_SECRET,
            OPENTRUNK_ADMIN_TOKEN=self._admin_token,
            OPENTRUNK_DATA_DIR=str(self._dir / "data"),
            OPENTRUNK_HTTP_HOST=HOST,
            OPENTRUNK_HTTP_PORT=str(http_port),
            OPENTRUNK_SIP_HOST=HOST,
            OPENTRUNK_SIP_PORT=str(sip_port),
            OPENTRUNK_PSTN_GATEWAY=f"{HOST}:{uas_port}",
            OPENTRUNK_LOG_LEVEL="warning",
            OPENTRUNK_SIP_PROCESSES=str(self.sip_processes),
        )
        sibling = Path(sys.executable).with_name("opentrunk")  # this environment's first
        opentrunk = str(sibling) if sibling.exists() else shutil.which("opentrunk") or "opentrunk"
        self._process = self._processes.start(
            [opentrunk, "serve"], log=self._dir / "serve.log", env=env
        )
        url = f"http://{HOST}:{http_port}"
        began = time.monotonic()

        def http_ready() -> bool:
            try:
                return httpx.get(f"{url}/healthz", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        wait_for("opentrunk serve (HTTP)", http_ready, self._process, 60)
        wait_for(
            "opentrunk serve (SIP OPTIONS)",
            lambda: sip_ping(sip_port) is not None,
            self._process,
            15,
        )
        ready = time.monotonic()
        self.domain = self._configure(url)
        if self.sip_processes > 1:
            # The first edge process hears of the API's changes at once; the others
            # through the database, polled every 0.25 s (sip/daemon/routes.py).
            time.sleep(1.0)
        self.notes.append(
            f"serve answered HTTP and SIP OPTIONS after {ready - began:.1f} s; "
            f"configured through the API in {time.monotonic() - ready:.1f} s"
        )
        return sip_port

    def _configure(self, url: str) -> str:
        """Full policy through the REST API; returns the trunk domain."""
        import httpx

        api = f"/v1/projects/{PROJECT_ID}"
        with httpx.Client(base_url=url, auth=(KEY_ID, KEY_SECRET), timeout=30) as http:

            def call(method: str, path: str, body: object = None) -> Any:
                response = http.request(method, api + path, json=body)
                if response.status_code >= 300:
                    raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
                return response.json() if response.content else None

            trunk = call("POST", "/trunks", {"name": "bench", "hostName": HOST_NAME})
            cps_route = self._raise_cps(url, trunk["id"])
            acl = call(
                "POST",
                "/accessControlLists",
                {"name": "bench UAC", "ipRanges": [{"ipAddress": HOST, "range": 32}]},
            )
            call("POST", f"/trunks/{trunk['id']}/accessControlLists",
                 {"accessControlListIds": [acl["id"]]})  # fmt: skip
            call("PUT", "/countryPermissions/US", {"enabled": True})
            # Each configuration change above makes the edge reload the project.
            seen = call("GET", f"/trunks/{trunk['id']}")
            if int(seen["callsPerSecond"]) != CPS:
                raise RuntimeError(f"callsPerSecond is {seen['callsPerSecond']}, not {CPS}")
            self.notes.append(f"callsPerSecond raised to {CPS} {cps_route}")
            return str(trunk.get("domain") or f"{HOST_NAME}.pstn.sinch.com")

    def _raise_cps(self, url: str, trunk_id: str) -> str:
        """``callsPerSecond`` is read-only in the EST API (Sinch raises it on request);
        opentrunk's operator route sets it, with the admin token this run gave the server.
        The change makes the edge reload the project with the new value."""
        import httpx

        path = f"/admin/projects/{PROJECT_ID}/trunks/{trunk_id}"
        bearer = {"Authorization": f"Bearer {self._admin_token}"}
        with httpx.Client(base_url=url, headers=bearer, timeout=30) as admin:
            response = admin.patch(path, json={"callsPerSecond": CPS})
        if response.status_code != 200:
            raise RuntimeError(f"PATCH {path}: {response.status_code} {response.text}")
        return f"(through the operator route PATCH {path})"

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def stop(self) -> None:
        if self._process is not None:
            self._processes.stop(self._process, wait=20)


CPS = 1_000_000


# --- one step ----------------------------------------------------------------------------------


@dataclass
class Step:
    rate: int
    calls: int
    #: 1 for the first run of this rate, 2 for its retry (--tries)
    attempt: int = 1
    achieved: float = 0.0
    successful: int = 0
    failed: int = 0
    retransmissions: int = 0
    timeouts: int = 0
    unexpected: int = 0
    seconds: float = 0.0
    sut_cpu_seconds: float | None = None
    sut_rss_mb: float | None = None
    clean: bool = False
    why: str = ""
    #: the SIPp message counters that were not zero (which message was retransmitted...)
    detail: list[str] = field(default_factory=list)
    #: with --py-spy: where the edge's time went during the step
    profile: list[str] = field(default_factory=list)


def _frame_place(frame: str) -> str:
    """``Edge.receive (opentrunk/sip/edge/proxy.py:117)`` → where its self time is counted."""
    where = frame.rpartition(" (")[2].rstrip(")").rpartition(":")[0] or frame
    for package in ("sqlalchemy", "aiosqlite", "phonenumbers", "uvloop"):
        if where.startswith(package + "/"):
            return package
    if where == "asyncio/runners.py":
        return "event loop (uvloop: polling, callbacks)"
    return where


def profile_summary(path: Path, top: int = 10) -> list[str]:
    """Self time by file and inclusive time of opentrunk functions, from py-spy's raw
    (collapsed stacks) output."""
    if not path.exists():
        return ["no profile (py-spy wrote nothing; is ptrace allowed?)"]
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit() or not stack:
            continue
        samples, frames = int(count), stack.split(";")
        total += samples
        place = _frame_place(frames[-1])
        own[place] = own.get(place, 0) + samples
        for name in {f.rpartition(":")[0] + ")" for f in frames if "(opentrunk/" in f}:
            inclusive[name] = inclusive.get(name, 0) + samples
    if not total:
        return ["no samples"]

    def ranked(counts: dict[str, int]) -> str:
        best = sorted(counts.items(), key=lambda item: -item[1])[:top]
        return ", ".join(f"{100 * n / total:.0f}% {name}" for name, n in best)

    main = {k: v for k, v in inclusive.items() if v < 0.75 * total}  # below the loop's frames
    return [f"{total} samples; self: {ranked(own)}", f"inclusive: {ranked(main)}"]


def _last_row(path: Path) -> dict[str, str]:
    rows = _rows(path)
    return rows[-1] if rows else {}


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter=";") if row]


def _number(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0


def _one(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    return found[-1] if found else directory / pattern.replace("*", "missing")


def _counts(path: Path, suffix: str) -> int:
    row = _last_row(path)
    return int(sum(_number(v) for k, v in row.items() if k and k.endswith(suffix)))


def _nonzero(path: Path, side: str) -> list[str]:
    """``uac 0_INVITE_Retrans=12``-style entries for the counters that signal trouble."""
    row = _last_row(path)
    return [
        f"{side} {k}={int(_number(v))}"
        for k, v in row.items()
        if k and k.endswith(("_Retrans", "_Timeout", "_Unexp")) and _number(v)
    ]


def _epoch(stamp: str | None) -> float:
    """SIPp's ``date<TAB>time<TAB>epoch`` time stamps: the epoch part."""
    return _number((stamp or "").rpartition("\t")[2])


def achieved_rate(rows: list[dict[str, str]], calls: int) -> float:
    """Calls placed per second while the UAC was still placing them: at the last sample
    before the last call, calls placed so far / time since the UAC started (samples every
    100 ms; a sample after the end would count the idle tail)."""
    placing = [r for r in rows if 0 < _number(r.get("OutgoingCall(C)")) < calls]
    if placing:
        last = placing[-1]
        elapsed = _epoch(last.get("CurrentTime")) - _epoch(last.get("StartTime"))
        if elapsed > 0:
            return _number(last.get("OutgoingCall(C)")) / elapsed
    for row in rows:  # too short to sample: SIPp's own figure when the last call was placed
        if _number(row.get("OutgoingCall(C)")) >= calls:
            return _number(row.get("CallRate(C)"))
    return 0.0


def run_step(
    processes: Processes,
    system: System,
    target_port: int,
    uas_port: int,
    rate: int,
    args: argparse.Namespace,
    workdir: Path,
    calls_file: Path,
    attempt: int = 1,
) -> Step:
    calls = max(1, round(rate * args.step_seconds))
    step = Step(rate=rate, calls=calls, attempt=attempt)
    here = workdir / f"{system.name}-{rate}-{attempt}"
    here.mkdir(parents=True)
    stats = ["-trace_stat", "-trace_counts", "-fd", "100ms"]
    uas = processes.start(
        ["sipp", "-sf", str(SCENARIOS / "uas.xml"), "-i", HOST, "-p", str(uas_port),
         "-nostdin", *stats],
        cwd=here, log=here / "uas.log",
    )  # fmt: skip
    wait_for("sipp UAS", lambda: udp_port_taken(uas_port), uas, 10)
    pid = system.pid()
    cpu_before = tree_cpu_seconds(pid) if pid else None
    profiler = None
    if args.py_spy and pid and isinstance(system, Opentrunk):
        profiler = processes.start(
            [args.py_spy, "record", "--pid", str(pid), "--rate", "100", "--nonblocking", "--gil",
             "--format", "raw", "--output", str(here / "py-spy.txt")],
            log=here / "py-spy.log",
        )  # fmt: skip
    # -t un: a socket per call; SIPp wants its socket limit under the open-files one
    uac_sockets = ["-t", "un", "-max_socket", "10000"] if args.uac_sockets == "call" else []
    started = time.monotonic()
    uac = processes.start(
        ["sipp", "-sf", str(SCENARIOS / "uac.xml"), "-inf", str(calls_file),
         f"{HOST}:{target_port}", "-i", HOST, "-p", str(free_udp_port()), *uac_sockets,
         "-m", str(calls), "-r", str(rate), "-rp", "1000", "-l", str(calls),
         "-d", str(args.hold_ms), "-recv_timeout", "4000", "-nostdin", *stats],
        cwd=here, log=here / "uac.log",
    )  # fmt: skip
    limit = args.step_seconds + 20
    try:
        uac.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        step.why = f"UAC still running after {limit:.0f} s; "
    processes.stop(uac)
    step.seconds = time.monotonic() - started
    if profiler is not None:
        processes.stop(profiler, signal.SIGINT)  # py-spy writes its samples on SIGINT
        step.profile = profile_summary(here / "py-spy.txt")
    if pid:
        step.sut_cpu_seconds = tree_cpu_seconds(pid) - (cpu_before or 0.0)
        step.sut_rss_mb = rss_mb(pid) if system.rss else None
    time.sleep(0.2)  # the last BYE's 200 on its way back; nothing else is pending
    processes.stop(uas)  # SIGTERM: SIPp writes its final statistics and exits

    uac_rows = _rows(_one(here, "uac_*_.csv"))
    uac_stat = uac_rows[-1] if uac_rows else {}
    uas_stat = _last_row(_one(here, "uas_*_.csv"))
    uac_counts, uas_counts = _one(here, "uac_*_counts.csv"), _one(here, "uas_*_counts.csv")
    step.achieved = achieved_rate(uac_rows, calls)
    step.successful = int(_number(uac_stat.get("SuccessfulCall(C)")))
    failed = _number(uac_stat.get("FailedCall(C)")) + _number(uas_stat.get("FailedCall(C)"))
    step.failed = int(failed)
    step.retransmissions = _counts(uac_counts, "_Retrans") + _counts(uas_counts, "_Retrans")
    step.timeouts = _counts(uac_counts, "_Timeout") + _counts(uas_counts, "_Timeout")
    step.unexpected = _counts(uac_counts, "_Unexp") + _counts(uas_counts, "_Unexp")
    step.detail = _nonzero(uac_counts, "uac") + _nonzero(uas_counts, "uas")
    problems = []
    if not uac_rows:
        problems.append("no UAC statistics")
    if step.successful < calls:
        problems.append(f"{calls - step.successful} calls not completed")
    if step.failed:
        problems.append(f"{step.failed} failed")
    if step.retransmissions:
        problems.append(f"{step.retransmissions} retransmissions")
    if step.timeouts:
        problems.append(f"{step.timeouts} timeouts")
    if step.unexpected:
        problems.append(f"{step.unexpected} unexpected messages")
    if step.achieved < args.min_rate * rate:
        problems.append(f"rate reached {step.achieved / rate:.0%}")
    step.why += ", ".join(problems)
    step.clean = not step.why
    return step


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Result:
    system: str
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def best(self) -> int:
        return max((s.rate for s in self.steps if s.clean), default=0)

    @property
    def all_clean(self) -> bool:
        """Every rate had a clean try."""
        rates = {s.rate for s in self.steps}
        return bool(rates) and rates == {s.rate for s in self.steps if s.clean}

    def best_text(self, top: int) -> str:
        if self.error:
            return "error"
        if self.all_clean and self.best == top:
            return f">= {self.best}"
        return str(self.best)


def write_calls_file(path: Path, domain: str) -> None:
    """SIPp injection file: field0 the called number, field1 the trunk domain. Numbers are
    valid US numbers (+1 415 2xx-xxxx and up), distinct within a step."""
    lines = [f"+1415{200 + n // 10000:03d}{n % 10000:04d};{domain};" for n in range(NUMBERS)]
    path.write_text("SEQUENTIAL\n" + "\n".join(lines) + "\n")


def run_system(
    processes: Processes, system: System, args: argparse.Namespace, workdir: Path
) -> Result:
    result = Result(system.name)
    uas_port = free_udp_port()
    try:
        target = system.start(uas_port)
    except Exception as error:  # report and go on with the other systems
        result.error = f"could not start: {error}"
        system.stop()
        return result
    try:
        domain = getattr(system, "domain", "") or args.domain
        calls_file = workdir / f"{system.name}-calls.csv"
        write_calls_file(calls_file, domain)
        result.notes.extend(getattr(system, "notes", []))
        for rate in args.rates:
            for attempt in range(1, args.tries + 1):
                step = run_step(
                    processes, system, target, uas_port, rate, args, workdir, calls_file, attempt
                )
                result.steps.append(step)
                print_step(system.name, step)
                time.sleep(args.settle)
                if step.clean:
                    break
            if not step.clean and not args.keep_going:
                break
    finally:
        system.stop()
    return result


def print_step(name: str, step: Step) -> None:
    cpu = ""
    if step.sut_cpu_seconds is not None and step.successful:
        per_call = 1000 * step.sut_cpu_seconds / step.successful
        cpu = f"{per_call:6.3f} ms CPU/call"
    rss = f"{step.sut_rss_mb:5.0f} MB" if step.sut_rss_mb is not None else ""
    verdict = "clean" if step.clean else f"UNCLEAN: {step.why}"
    if step.attempt > 1:
        verdict = f"(try {step.attempt}) {verdict}"
    if step.detail:
        verdict += f" [{', '.join(step.detail)}]"
    for line in step.profile:
        verdict += f"\n      py-spy {line}"
    print(
        f"  {name:9} {step.rate:5d} cps  achieved {step.achieved:7.1f}  calls {step.successful:6d}"
        f"/{step.calls:<6d} failed {step.failed:4d}  retrans {step.retransmissions:5d}"
        f"  {cpu:18} {rss:8}  {verdict}",
        flush=True,
    )


def check_tools(systems: Sequence[str]) -> list[str]:
    missing = [tool for tool in ("sipp",) if shutil.which(tool) is None]
    if "kamailio" in systems and shutil.which("kamailio") is None:
        missing.append("kamailio")
    return missing


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--systems",
        default=",".join(SYSTEMS),
        help=f"comma-separated, in order (default: {','.join(SYSTEMS)})",
    )
    parser.add_argument(
        "--rates",
        default=",".join(map(str, DEFAULT_RATES)),
        help="calls per second of each step, rising",
    )
    parser.add_argument(
        "--step-seconds", type=float, default=3.0, help="length of each step (calls = rate x this)"
    )
    parser.add_argument(
        "--hold-ms",
        type=int,
        default=100,
        help="pause between ACK and BYE; 0 lets a multi-process proxy deliver "
        "the BYE before the ACK, which SIPp counts as a failed call",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=1.0,
        help="seconds between steps (lingering transactions expire)",
    )
    parser.add_argument(
        "--min-rate",
        type=float,
        default=0.95,
        help="fraction of the asked rate the UAC must reach for a clean step",
    )
    parser.add_argument(
        "--tries",
        type=int,
        default=2,
        help="runs of a rate before it counts as unclean (the machine is shared: "
        "one stall of another process should not decide)",
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="run every step, not only up to the first unclean one",
    )
    parser.add_argument(
        "--domain",
        default=f"{HOST_NAME}.pstn.sinch.com",
        help="trunk domain the UAC calls (opentrunk uses its trunk's)",
    )
    parser.add_argument(
        "--py-spy",
        metavar="PATH",
        help="py-spy binary: profile opentrunk during each step (100 Hz) and "
        "print where its time went (pip install py-spy)",
    )
    parser.add_argument(
        "--sip-processes",
        type=int,
        default=2,
        help="opentrunk's OPENTRUNK_SIP_PROCESSES (edge processes sharing the port; "
        "Kamailio runs children=2)",
    )
    parser.add_argument(
        "--uac-sockets",
        choices=("call", "one"),
        default="call",
        help="the UAC sends each call from a port of its own (SIPp -t un), as many "
        "phones would, or all calls from one port (-t u1): a system that spreads "
        "calls over processes by source address then uses one",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--keep-dir", action="store_true", help="keep the work directory (SIPp statistics, logs)"
    )
    args = parser.parse_args(argv)  # fmt: skip
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(args.systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown system(s): {', '.join(sorted(unknown))}")
    args.rates = sorted(int(r) for r in args.rates.split(",") if r.strip())
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    missing = check_tools(args.systems)
    if missing:
        print(f"missing: {', '.join(missing)}. Install (Debian/Ubuntu, as root):\n"
              f"  {INSTALL_HINT}", file=sys.stderr)  # fmt: skip
        return 2
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} "
          f"{load[2]:.2f} (UAC, UAS and the system under test share them)")  # fmt: skip
    print(f"steps: {','.join(map(str, args.rates))} cps, {args.step_seconds:g} s each, "
          f"hold {args.hold_ms} ms; clean = no failure, retransmission, timeout or unexpected "
          f"message, and >= {args.min_rate:.0%} of the rate")  # fmt: skip
    processes = Processes()
    results: list[Result] = []
    workdir = Path(tempfile.mkdtemp(prefix="opentrunk-bench-sip-"))
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for name in args.systems:
            system: System
            if name == "sipp":
                system = Direct()
            elif name == "kamailio":
                system = Kamailio(processes, workdir, args.domain)
            else:
                system = Opentrunk(processes, workdir, args.sip_processes)
            print(f"{name}:", flush=True)
            result = run_system(processes, system, args, workdir)
            if result.error:
                print(f"  {name}: {result.error}", flush=True)
            for note in result.notes:
                print(f"  note: {note}")
            results.append(result)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        signal.signal(signal.SIGTERM, previous)
        if args.keep_dir:
            print(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    summarise(results, args)
    return 1 if any(r.error for r in results) else 0


def _raise_interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def summarise(results: list[Result], args: argparse.Namespace) -> None:
    top = max(args.rates)
    print("\nhighest clean rate (calls per second):")
    for result in results:
        print(f"  {result.system:9} {result.best_text(top)}")
    by_name = {r.system: r for r in results}
    ratio: float | None = None
    kamailio, opentrunk = by_name.get("kamailio"), by_name.get("opentrunk")
    if kamailio and opentrunk:
        if kamailio.best and not opentrunk.error:
            ratio = opentrunk.best / kamailio.best
            bound = " (Kamailio was clean at every step: its figure is a lower bound)"
            print(f"opentrunk / kamailio = {ratio:.2f} (aim >= 0.5)"
                  f"{bound if kamailio.all_clean else ''}")  # fmt: skip
        else:
            print("opentrunk / kamailio = n/a (no clean Kamailio step, or opentrunk failed)")
    if args.json:
        payload = {
            "cpus": os.cpu_count(),
            "rates": args.rates,
            "step_seconds": args.step_seconds,
            "ratio": ratio,
            "results": [{**asdict(r), "best": r.best, "all_clean": r.all_clean} for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    sys.exit(main())
