"""Throughput and latency of the EST API under concurrent clients, next to a bare FastAPI
endpoint measured in the same run (see README.md beside this file).

Starts ``opentrunk serve`` (embedded SQLite, a fresh data dir) and ``bare.py`` as
subprocesses on free ports, creates 1,000 trunks, then drives each scenario for
``--duration`` seconds after a ``--warmup``:

    bare          GET /ping of a minimal FastAPI app, same uvicorn settings (the baseline)
    get-trunk     GET /v1/projects/{p}/trunks/{id}, Bearer token
    list-trunks   GET /v1/projects/{p}/trunks?size=500 with 1,000 trunks (the first page)
    create-trunk  POST /v1/projects/{p}/trunks, a unique hostName per request

The load comes from wrk when it is installed (``apt-get install wrk``), else from an
asyncio + httpx driver in a separate process (``--driver httpx``); the report says which.

    .venv/bin/python bench/api/run.py [--duration 10] [--warmup 2] [--connections 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))
PROJECT_ID = "3acb7ae1-cf3d-4112-ba5e-3a9d8c71cd47"
KEY_ID = "bench-key"
KEY_SECRET = "bench-secret-that-is-long-enough"
TRUNKS = 1000
CREATE_BODY = '{"name":"Bench","hostName":"{host}"}'


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    url: str
    headers: dict[str, str]
    #: The server process answering (its CPU time is measured).
    server: int
    #: For POST: the body, where ``{host}`` is replaced by a hostName unique in the run.
    body: str | None = None


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failed: int
    #: Server CPU time (all its threads) per request: steadier than requests/s on a busy
    #: machine, where the load generator and other processes compete for the cores.
    cpu_ms: float | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


# --- servers ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"server exited with {process.returncode} before answering {url}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)
    sys.exit(f"no answer from {url} within 30 s")


def start_opentrunk(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))}
    env.update(SINCH_PROJECT_ID=PROJECT_ID, SINCH_KEY_ID=KEY_ID, SINCH_KEY_SECRET=KEY_SECRET)
    command = [OPENTRUNK, "serve", "--http-port", str(port), "--data-dir", str(data_dir)]
    process = subprocess.Popen([*command, "--log-level", "warning"], env=env)
    url = f"http://127.0.0.1:{port}"
    _wait_ready(process, f"{url}/healthz")
    return process, url


def start_bare() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(HERE / "bare.py"), str(port)])
    url = f"http://127.0.0.1:{port}"
    _wait_ready(process, f"{url}/ping")
    return process, url


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


async def prepare(url: str) -> tuple[dict[str, str], str]:
    """A Bearer token, and 1,000 trunks (the id of the first)."""
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        response = await http.post(
            "/oauth2/token", data={"grant_type": "client_credentials"}, auth=(KEY_ID, KEY_SECRET)
        )
        response.raise_for_status()
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        api = f"/v1/projects/{PROJECT_ID}/trunks"
        gate = asyncio.Semaphore(16)

        async def create(n: int) -> str:
            async with gate:
                body = {"name": f"Trunk {n}", "hostName": f"seed-{n}"}
                created = await http.post(api, json=body, headers=headers)
                created.raise_for_status()
                return str(created.json()["id"])

        ids = await asyncio.gather(*(create(n) for n in range(TRUNKS)))
        page = (await http.get(api, params={"size": 500}, headers=headers)).json()
        if page["totalItems"] != TRUNKS or len(page["trunks"]) != 500:
            sys.exit(f"unexpected first page: {page['totalItems']} trunks, {len(page['trunks'])}")
        return headers, ids[0]


# --- load: wrk --------------------------------------------------------------------------------

_WRK_SCRIPT = """
wrk.method = "{method}"
{headers}
local body = {body}
local counter = 0
tid = 0
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

if body ~= nil then
  function request()
    counter = counter + 1
    local host = string.format("{prefix}-%d-%d", tid, counter)
    return wrk.format(nil, nil, nil, (string.gsub(body, "{{host}}", host)))
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{{"requests":%d,"duration_us":%d,"failed":%d,"p50_us":%d,"p99_us":%d}}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def run_wrk(scenario: Scenario, seconds: float, args: argparse.Namespace, tag: str) -> Result:
    headers = "\n".join(
        f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}"
        for k, v in {**scenario.headers, "Content-Type": "application/json"}.items()
    )
    script = _WRK_SCRIPT.format(
        method=scenario.method,
        headers=headers,
        body="nil" if scenario.body is None else _lua_string(scenario.body),
        prefix=tag,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        command = [
            "wrk", "-t", str(args.threads), "-c", str(args.connections),
            "-d", f"{max(1, round(seconds))}s", "--timeout", "5s", "-s", lua.name, scenario.url,
        ]  # fmt: skip
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary = json.loads(output.strip().splitlines()[-1])
    return Result(
        scenario.name,
        summary["requests"],
        summary["duration_us"] / 1e6,
        summary["p50_us"] / 1000,
        summary["p99_us"] / 1000,
        summary["failed"],
    )


# --- load: asyncio + httpx, in its own process -------------------------------------------------


async def _drive(spec: dict[str, Any]) -> dict[str, Any]:
    latencies: list[float] = []
    failed = 0
    stop_at = time.perf_counter() + spec["seconds"]
    limits = httpx.Limits(max_connections=spec["connections"])

    async with httpx.AsyncClient(limits=limits, headers=spec["headers"], timeout=5) as http:

        async def client(number: int) -> None:
            nonlocal failed
            sent = 0
            while time.perf_counter() < stop_at:
                sent += 1
                body = spec["body"]
                if body is not None:
                    body = body.replace("{host}", f"{spec['prefix']}-{number}-{sent}")
                started = time.perf_counter()
                try:
                    response = await http.request(spec["method"], spec["url"], content=body)
                    ok = response.status_code < 400
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - started)
                failed += not ok

        began = time.perf_counter()
        await asyncio.gather(*(client(n) for n in range(spec["connections"])))
        elapsed = time.perf_counter() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": cuts[49] * 1000,
        "p99_ms": cuts[98] * 1000,
        "failed": failed,
    }


def run_httpx(scenario: Scenario, seconds: float, args: argparse.Namespace, tag: str) -> Result:
    spec = {
        "method": scenario.method,
        "url": scenario.url,
        "headers": {**scenario.headers, "Content-Type": "application/json"},
        "body": scenario.body,
        "seconds": seconds,
        "connections": args.connections,
        "prefix": tag,
    }
    command = [sys.executable, __file__, "--drive", json.dumps(spec)]
    summary = json.loads(subprocess.run(command, capture_output=True, check=True).stdout)
    return Result(scenario.name, **summary)


# --- the run ------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, all threads (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(scenario: Scenario, args: argparse.Namespace) -> Result:
    driver = run_wrk if args.driver == "wrk" else run_httpx
    tag = uuid.uuid4().hex[:8]
    if args.warmup > 0:
        driver(scenario, args.warmup, args, f"w{tag}")
    before = cpu_seconds(scenario.server)
    result = driver(scenario, args.duration, args, f"m{tag}")
    after = cpu_seconds(scenario.server)
    if before is None or after is None or not result.requests:
        return result
    return replace(result, cpu_ms=(after - before) * 1000 / result.requests)


def report(results: list[Result], args: argparse.Namespace) -> None:
    load = (
        f"wrk ({args.threads} thread(s))"
        if args.driver == "wrk"
        else "asyncio + httpx driver (one Python process; caps the fastest scenarios)"
    )
    print(
        f"\nload: {load}, {args.connections} connections, {args.duration:g} s per scenario "
        f"after {args.warmup:g} s warm-up; {os.cpu_count()} CPUs; Python "
        f"{platform.python_version()}; opentrunk on SQLite (embedded default)\n"
    )
    header = f"{'scenario':<14} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7}"
    print(f"{header} {'server CPU ms/req':>18}")
    for r in results:
        cpu = "n/a" if r.cpu_ms is None else f"{r.cpu_ms:.3f}"
        print(
            f"{r.name:<14} {r.rate:>11.0f} {r.p50_ms:>8.2f} {r.p99_ms:>8.2f} {r.failed:>7} "
            f"{cpu:>18}"
        )
    by_name = {r.name: r for r in results}
    if "get-trunk" in by_name:
        get, bare = by_name["get-trunk"], by_name["bare"]
        print(f"\nget-trunk / bare, requests/s: {get.rate / bare.rate:.2f} (aim: >= 0.5)")
        if get.cpu_ms and bare.cpu_ms:
            print(f"bare / get-trunk, server CPU per request: {bare.cpu_ms / get.cpu_ms:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10, help="seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2, help="seconds before each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--driver", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--only", help="comma-separated scenarios to run (bare always runs)")
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        print(json.dumps(asyncio.run(_drive(json.loads(args.drive)))))
        return
    if args.driver == "auto":
        args.driver = "wrk" if shutil.which("wrk") else "httpx"

    data_dir = Path(tempfile.mkdtemp(prefix="opentrunk-bench-"))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        opentrunk, api_url = start_opentrunk(data_dir)
        servers.append(opentrunk)
        bare, bare_url = start_bare()
        servers.append(bare)
        headers, trunk_id = asyncio.run(prepare(api_url))
        trunks = f"{api_url}/v1/projects/{PROJECT_ID}/trunks"
        scenarios = [
            Scenario("bare", "GET", f"{bare_url}/ping", {}, bare.pid),
            Scenario("get-trunk", "GET", f"{trunks}/{trunk_id}", headers, opentrunk.pid),
            Scenario("list-trunks", "GET", f"{trunks}?size=500", headers, opentrunk.pid),
            Scenario("create-trunk", "POST", trunks, headers, opentrunk.pid, CREATE_BODY),
        ]
        wanted = {"bare", *(args.only.split(",") if args.only else (s.name for s in scenarios))}
        results = []
        for scenario in scenarios:
            if scenario.name in wanted:
                print(f"{scenario.name} ...", file=sys.stderr, flush=True)
                results.append(measure(scenario, args))
    finally:
        for process in servers:
            stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)
    report(results, args)


if __name__ == "__main__":
    main()
