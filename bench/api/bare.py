"""The baseline for bench/api/run.py: a minimal FastAPI app with one GET route returning a
small constant JSON, served exactly as ``opentrunk serve`` serves its app (see
``opentrunk.server``): uvicorn (httptools, as ``uvicorn[standard]`` picks it) on a uvloop
loop, no access log, lifespan on.

    .venv/bin/python bench/api/bare.py PORT
"""

from __future__ import annotations

import asyncio
import sys

import uvicorn
import uvloop
from fastapi import FastAPI

app = FastAPI()


@app.get("/ping")
async def ping() -> dict[str, str]:
    return {"status": "ok"}


async def serve(port: int) -> None:
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )
    await uvicorn.Server(config).serve()


if __name__ == "__main__":
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve(int(sys.argv[1])))
