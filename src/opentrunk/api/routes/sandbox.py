"""Sandbox controls (admin token; only where the sandbox is on, else 404):

* ``GET /sandbox/clock``: the server's time and how far it is ahead of real time.
* ``POST /sandbox/clock:advance`` ``{"seconds": 3600}`` or ``{"duration": "P1DT2H"}``:
  move the clock forward (never back); timers that become due run at once.
* ``POST /sandbox:reset``: delete everything but projects, access keys and secrets, and
  put the clock back to real time.
* ``GET /sandbox/callbacks`` (``?projectId=``, ``?status=pending|delivered|failed``,
  ``?url=``, ``?pageSize=``, ``?pageToken=``): every callback with every delivery
  attempt, oldest first.
* ``GET|POST|DELETE /sandbox/faults``: make the next ``count`` deliveries to ``url``
  fail: ``{"url", "count": 3, "mode": "status", "statusCode": 503}``, or ``"mode":
  "down"`` (connection refused) or ``"timeout"``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import Field, model_validator
from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.api.admin import AdminReadSession, AdminWriteSession, SandboxOn
from opentrunk.api.deps import State
from opentrunk.api.respond import json_response
from opentrunk.kit.durations import parse_duration
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.kit.wire import RequestModel
from opentrunk.sandbox import MAX_ADVANCE, SandboxClock, advance_offset, reset
from opentrunk.trunking.config_versions import record_config_change
from opentrunk.webhooks import faults, views

router = APIRouter(tags=["Sandbox"])


class ClockAdvance(RequestModel):
    seconds: float | None = Field(default=None, ge=0, le=MAX_ADVANCE.total_seconds())
    duration: str | None = Field(default=None, max_length=64)

    @model_validator(mode="after")
    def _one_of(self) -> ClockAdvance:
        if (self.seconds is None) == (self.duration is None):
            raise ValueError("give exactly one of 'seconds' and 'duration'")
        if self.seconds is not None and not math.isfinite(self.seconds):
            raise ValueError("seconds must be a finite number")
        if self.duration is not None and parse_duration(self.duration) > MAX_ADVANCE:
            raise ValueError(f"at most {MAX_ADVANCE.days} days at a time")
        return self

    @property
    def delta(self) -> timedelta:
        if self.duration is not None:
            return parse_duration(self.duration)
        return timedelta(seconds=self.seconds or 0)


class FaultIn(RequestModel):
    url: str = Field(min_length=1, max_length=2048)
    count: int = Field(default=1, ge=1, le=faults.MAX_COUNT)
    mode: Literal["status", "down", "timeout"] = "status"
    status_code: int | None = Field(default=None, ge=100, le=599)


def _json(body: object) -> Response:
    return Response(to_json(body), media_type="application/json")


def _clock_body(clock: SandboxClock) -> Response:
    return _json(
        {"now": format_rfc3339(clock.now()), "offsetSeconds": clock.offset.total_seconds()}
    )


def _sandbox_clock(state: State) -> SandboxClock:
    clock = state.runtime.sandbox_clock
    assert clock is not None, "the sandbox is on, so the runtime built its clock"
    return clock


@router.get("/sandbox/clock", summary="The sandbox clock")
async def get_clock(_: SandboxOn, state: State) -> Response:
    return _clock_body(_sandbox_clock(state))


@router.post("/sandbox/clock:advance", summary="Move the sandbox clock forward")
async def advance_clock(_: SandboxOn, state: State, body: ClockAdvance) -> Response:
    clock = _sandbox_clock(state)
    async with state.database.write_session() as session:
        offset = await advance_offset(session, body.delta, wall=datetime.now(UTC))
        await session.commit()
    clock.set_offset(offset)  # after the commit: wakes the worker for timers now due
    return _clock_body(clock)


@router.post("/sandbox:reset", summary="Delete all data but projects, keys and secrets")
async def reset_sandbox(_: SandboxOn, state: State) -> Response:
    clock = _sandbox_clock(state)
    async with state.database.write_session() as session:
        projects = await reset(session, wall=datetime.now(UTC))
        for project_id in projects:  # an edge in another process reloads these too
            await record_config_change(session, project_id, state.clock.now())
        await session.commit()
    clock.set_offset(timedelta(0))
    for project_id in projects:  # the SIP edge rebuilds from the emptied configuration
        state.changes.publish(project_id)
    return _clock_body(clock)


@router.get("/sandbox/callbacks", summary="Every callback and its delivery attempts")
async def list_callbacks(
    _: SandboxOn,
    session: AdminReadSession,
    projectId: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
    url: Annotated[str | None, Query(max_length=2048)] = None,
    pageSize: Annotated[int, Query(ge=1, le=1000)] = 100,
    pageToken: Annotated[str, Query(pattern=r"^\d{0,9}$")] = "",
) -> Response:
    page = await views.list_events(
        session,
        project_id=projectId,
        status=status,
        url=url,
        since=None,
        offset=int(pageToken or 0),
        limit=pageSize,
    )
    return json_response(page)


@router.get("/sandbox/faults", summary="Armed delivery faults")
async def list_faults(_: SandboxOn, session: AdminReadSession) -> Response:
    armed = await faults.list_faults(session)
    return _json({"faults": [views.fault_out(f).model_dump(mode="json", by_alias=True)
                             for f in armed]})  # fmt: skip


@router.post("/sandbox/faults", summary="Fail the next deliveries to a URL")
async def add_fault(
    _: SandboxOn, state: State, session: AdminWriteSession, body: FaultIn
) -> Response:
    mode = faults.FaultMode(body.mode)
    status_code = body.status_code
    if mode == faults.FaultMode.STATUS and status_code is None:
        status_code = 503
    fault = await faults.add_fault(
        session,
        url=body.url,
        count=body.count,
        mode=mode,
        status_code=status_code,
        now=state.clock.now(),
    )
    return json_response(views.fault_out(fault))


@router.delete("/sandbox/faults", summary="Disarm every delivery fault")
async def clear_faults(_: SandboxOn, session: AdminWriteSession) -> Response:
    return _json({"deleted": await faults.clear_faults(session)})
