"""The two effects a hosting transition has outside its own tables, both written in the
caller's transaction: a job (a timer or a piece of deferred work) and a callback to the
customer's ``callbackUrl`` (through the webhooks outbox, signed on delivery)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum

from opentrunk.hosting.scope import HostingScope
from opentrunk.hosting.states import CallbackEvent, FailureCode
from opentrunk.hosting.views import CallbackPayload
from opentrunk.kit.ids import new_ulid
from opentrunk.webhooks import emit
from opentrunk.worker import enqueue

__all__ = ["JobKind", "ResourceType", "notify", "schedule"]


class JobKind(StrEnum):
    ORDER_START = "hosting.order.start"
    ORDER_STEPS_DUE = "hosting.order.steps_due"
    AUTOPILOT_ORDER = "hosting.autopilot.order"
    AUTOPILOT_QUALIFIED = "hosting.autopilot.qualified"
    AUTOPILOT_IMPORTED = "hosting.autopilot.imported"
    EMAIL_SEND = "hosting.email.send"


class ResourceType(StrEnum):
    IMPORTED_NUMBER = "IMPORTED_NUMBER"
    HOSTING_ORDER_NUMBER = "HOSTING_ORDER_NUMBER"


async def schedule(
    scope: HostingScope,
    kind: JobKind,
    payload: Mapping[str, object],
    *,
    at: datetime,
    lock: str | None = None,
) -> None:
    await enqueue(scope.session, kind.value, payload, run_at=at, lock=lock)


async def notify(
    scope: HostingScope,
    url: str,
    *,
    resource_type: ResourceType,
    event: CallbackEvent,
    resource_id: str,
    succeeded: bool,
    failure_code: FailureCode | str | None = None,
) -> None:
    """Queue one callback (nothing when the resource has no ``callbackUrl``)."""
    if not url:
        return
    payload = CallbackPayload(
        resource_type=resource_type.value,
        event_type=event.value,
        event_id=new_ulid().lower(),
        timestamp=scope.now,
        project_id=scope.project_id,
        resource_id=resource_id,
        status="SUCCEEDED" if succeeded else "FAILED",
        failure_code=(str(failure_code) or None) if not succeeded and failure_code else None,
    )
    await emit(
        scope.session,
        project_id=scope.project_id,
        url=url,
        body=payload.to_json(),
        event_id=payload.event_id,
        now=scope.now,
    )
