"""The server process: every role (the HTTP API, the SIP edge, the job worker) in one
asyncio loop on one shared runtime, stopped gracefully by SIGINT/SIGTERM with exit
status 0 (requests in flight and jobs in hand finish first); a second signal forces
the stop. ``Settings.role`` picks one part for scale-out (``api``, ``sip``: the edge
alone, ``worker``)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import Callable, Iterator

import uvicorn

from opentrunk.api import create_app
from opentrunk.config import Settings
from opentrunk.kit.collector import GrowthTrigger, restore_thresholds, stop_full_collections
from opentrunk.runtime import Runtime, open_runtime
from opentrunk.sip.daemon import SipDaemon
from opentrunk.trunking.changes import ConfigChangeFeed

__all__ = ["run", "serve_forever"]

log = logging.getLogger("opentrunk.server")


class _HttpServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Signals belong to the process runner below, which stops every role.
        yield


def _http_server(settings: Settings, runtime: Runtime, changes: ConfigChangeFeed) -> _HttpServer:
    config = uvicorn.Config(
        create_app(settings, changes=changes, runtime=runtime),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    return _HttpServer(config)


async def _serve(settings: Settings, runtime: Runtime) -> bool:
    """Run the configured roles until a signal; False if the HTTP server failed."""
    # The API tells an edge in this process of configuration changes through this feed.
    changes = ConfigChangeFeed()
    sip: SipDaemon | None = None
    if settings.role in ("all", "sip"):
        sip = SipDaemon(settings, database=runtime.database, clock=runtime.clock, changes=changes)
        try:
            await sip.start()
        except OSError as exc:
            sys.stderr.write(f"opentrunk: cannot start the SIP edge: {exc}\n")
            raise SystemExit(1) from None
        if settings.log_level in ("debug", "info"):
            sys.stderr.write(f"opentrunk: {sip.describe()}\n")
    # What start-up loaded (modules, tables, routes) lives as long as the process:
    # freezing it keeps the garbage collector from walking it again on every full
    # collection. Full collections then run when memory grew (kit.collector says why).
    gc.freeze()
    tasks: list[asyncio.Task[None]] = [
        asyncio.create_task(runtime.follow_sandbox_clock(), name="sandbox clock")
    ]
    thresholds = None
    if settings.gc_full_collection_growth_percent:
        thresholds = stop_full_collections()
        trigger = GrowthTrigger(settings.gc_full_collection_growth_percent / 100)
        tasks.append(asyncio.create_task(trigger.run(), name="full collections"))
    if settings.role in ("all", "worker"):
        tasks.append(asyncio.create_task(runtime.worker.run(), name="worker"))
    http = _http_server(settings, runtime, changes) if settings.role in ("all", "api") else None
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()

    def on_signal() -> None:
        if http is not None:
            if http.should_exit:
                http.force_exit = True
            http.should_exit = True
        stopping.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    try:
        if http is not None:
            await http.serve()
        else:
            await stopping.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runtime.worker.stop()  # the jobs in hand finish and commit
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if sip is not None:
            await sip.stop()
        if thresholds is not None:
            restore_thresholds(thresholds)
    return http is None or http.started


async def serve_forever(settings: Settings) -> None:
    async with contextlib.AsyncExitStack() as stack:
        try:
            runtime = await stack.enter_async_context(open_runtime(settings))
        except Exception as exc:  # database unreachable, migrations failed, ...
            log.debug("start-up failed", exc_info=True)
            sys.stderr.write(f"opentrunk: cannot start: {type(exc).__name__}: {exc}\n")
            raise SystemExit(1) from None
        served = await _serve(settings, runtime)
    if not served:
        raise SystemExit(1)


def run(settings: Settings) -> None:
    loop_factory: Callable[[], asyncio.AbstractEventLoop] = asyncio.new_event_loop
    with contextlib.suppress(ImportError):  # uvloop ships with uvicorn[standard] on Linux
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve_forever(settings))
