"""The server process: every role (today the HTTP API) in one asyncio loop, stopped
gracefully by SIGINT/SIGTERM with exit status 0; a second signal forces the stop."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator

import uvicorn

from opentrunk.api import create_app
from opentrunk.config import Settings

__all__ = ["run", "serve_forever"]


class _HttpServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # Signals belong to the process runner below, which stops every role.
        yield


async def serve_forever(settings: Settings) -> None:
    config = uvicorn.Config(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    http = _HttpServer(config)
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if http.should_exit:
            http.force_exit = True
        http.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    try:
        await http.serve()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    if not http.started:
        raise SystemExit(1)


def run(settings: Settings) -> None:
    loop_factory: Callable[[], asyncio.AbstractEventLoop] = asyncio.new_event_loop
    with contextlib.suppress(ImportError):  # uvloop ships with uvicorn[standard] on Linux
        import uvloop

        loop_factory = uvloop.new_event_loop
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(serve_forever(settings))
