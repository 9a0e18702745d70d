"""The audit trail: every transition of every hosting state machine leaves a row,
written in the same transaction as the transition itself."""

from __future__ import annotations

from enum import StrEnum

from opentrunk.hosting.scope import HostingScope
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import HostingEvent

__all__ = ["Subject", "record"]


class Subject(StrEnum):
    HOSTING_ORDER = "hosting_order"
    HOSTING_ORDER_NUMBER = "hosting_order_number"
    QUALIFIED_NUMBER = "qualified_number"
    IMPORTED_NUMBER = "imported_number"


def record(
    scope: HostingScope,
    subject: Subject,
    event: str,
    from_state: str,
    to_state: str,
    *,
    order_id: str | None = None,
    phone_number: str | None = None,
    step: str = "",
    detail: str = "",
) -> None:
    scope.session.add(
        HostingEvent(
            id=new_ulid(),
            project_id=scope.project_id,
            subject=subject.value,
            order_id=order_id,
            phone_number=phone_number,
            step=step,
            event=event,
            from_state=from_state,
            to_state=to_state,
            actor=scope.actor.value,
            detail=detail[:512],
            create_time=scope.now,
        )
    )
