"""Hosting orders moving: start, LOA signature or refusal, operator results, rejection.

Each entry point is one transaction's worth of work (a request or a job): it loads the
order (``FOR UPDATE`` on PostgreSQL, so concurrent actors serialise), applies
transitions from ``states.ORDER`` / ``states.STEP``, and leaves audit rows, jobs and
callbacks in the same session. Jobs may run twice (at-least-once): every entry point
does nothing when the order is no longer in the state it expects.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from opentrunk.errors import FailedPrecondition, InvalidArgument
from opentrunk.hosting import signing
from opentrunk.hosting.effects import JobKind, schedule
from opentrunk.hosting.magic import forced
from opentrunk.hosting.numbers import path_number
from opentrunk.hosting.pipeline import begin, finish_numbers, finish_step, move_order, start_due
from opentrunk.hosting.repository import get_order
from opentrunk.hosting.scope import AutopilotAction, HostingScope
from opentrunk.hosting.states import (
    CARRIER_STEPS,
    OrderEvent,
    OrderKind,
    OrderState,
    Step,
    StepState,
)
from opentrunk.hosting.steps import StepStatus, column_prefix, read_step, write_step
from opentrunk.store.models import HostingOrder, HostingOrderNumber, LoaDocument

__all__ = ["HostingOrderFlow", "hosting_order_flow"]

_LOCK = "hosting_order:{}"


async def open_numbers(scope: HostingScope, order: HostingOrder) -> list[HostingOrderNumber]:
    return list(
        await scope.session.scalars(
            select(HostingOrderNumber)
            .where(HostingOrderNumber.order_id == order.id, HostingOrderNumber.result == "")
            .order_by(HostingOrderNumber.id)
        )
    )


class HostingOrderFlow:
    async def start(self, scope: HostingScope, order_id: str) -> None:
        order = await get_order(scope, order_id, for_update=True)
        if order.state != OrderState.SUBMITTED:
            return
        rows = await open_numbers(scope, order)
        if order.kind == OrderKind.IMPORT or order.loa_type == "Blanket":
            move_order(scope, order, OrderEvent.STARTED)
            await begin(scope, order, rows)
        else:
            await signing.request_signature(scope, order, [r.phone_number for r in rows])
            move_order(scope, order, OrderEvent.LOA_REQUESTED, f"LOA sent to {order.person_email}")
            await self._autopilot(scope, order, AutopilotAction.LOA)
        if scope.settings.sandbox and any(forced(r.phone_number).rejected for r in rows):
            await self._autopilot(scope, order, AutopilotAction.REJECT)

    async def _autopilot(
        self, scope: HostingScope, order: HostingOrder, action: AutopilotAction
    ) -> None:
        if scope.settings.autopilot_on:
            await schedule(
                scope,
                JobKind.AUTOPILOT_ORDER,
                {"projectId": scope.project_id, "orderId": order.id, "action": action.value},
                at=scope.now + scope.settings.delay(action),
                lock=_LOCK.format(order.id),
            )

    async def sign(
        self, scope: HostingScope, order: HostingOrder, *, signer: str, address: str
    ) -> LoaDocument:
        """The authorised person signed: the order goes to work."""
        move_order(scope, order, OrderEvent.LOA_SIGNED, f"signed by {signer}")
        order.loa_signer = signer
        order.loa_signed_time = scope.now
        doc = await signing.store_signed(scope, order, signer, address)
        if order.kind == OrderKind.TOLL_FREE and order.scheduled_zipwhip_time is not None:
            # Signed after the requested time: the same time on the next day (or later).
            at = order.scheduled_zipwhip_time
            while at <= scope.now:
                at += timedelta(days=1)
            order.scheduled_osr_update_time = at
        await begin(scope, order, await open_numbers(scope, order))
        return doc

    async def decline(self, scope: HostingScope, order: HostingOrder, *, reason: str) -> None:
        move_order(scope, order, OrderEvent.LOA_DECLINED, reason)
        order.rejection_reason = reason
        await self._fail_open(scope, order, reason)

    async def reject(self, scope: HostingScope, order_id: str, *, reason: str) -> HostingOrder:
        order = await get_order(scope, order_id, for_update=True)
        move_order(scope, order, OrderEvent.REJECTED, reason)
        order.rejection_reason = reason
        await self._fail_open(scope, order, reason)
        return order

    async def _fail_open(self, scope: HostingScope, order: HostingOrder, reason: str) -> None:
        rows = await open_numbers(scope, order)
        for row in rows:
            for step in (Step.OSR_UPDATE, Step.PLATFORM, Step.CAMPAIGN, *CARRIER_STEPS):
                status = read_step(row, step)
                if status.state is StepState.IN_PROGRESS:
                    write_step(row, step, StepStatus(StepState.FAILED, "", reason, scope.now))
        await finish_numbers(scope, order, [(row, False) for row in rows], reason=reason)

    async def steps_due(self, scope: HostingScope, order_id: str) -> None:
        order = await get_order(scope, order_id, for_update=True)
        await start_due(scope, order)

    async def complete_step(
        self,
        scope: HostingScope,
        order_id: str,
        step: Step,
        *,
        succeeded: bool,
        code: str = "",
        message: str = "",
        numbers: Sequence[str] | None = None,
    ) -> HostingOrder:
        """An operator's result for ``step`` on the given numbers of the order (all
        numbers where the step is running, when none are named)."""
        order = await get_order(scope, order_id, for_update=True)
        rows = await self.running(scope, order, step)
        if numbers:
            wanted = {path_number(n) for n in numbers}
            unknown = wanted - {r.phone_number for r in await open_numbers(scope, order)}
            running = {r.phone_number for r in rows}
            refused = sorted(wanted - running - unknown)
            if unknown:
                raise InvalidArgument(
                    f"{sorted(unknown)[0]} is not an open number of order {order.id}"
                )
            if refused:
                raise FailedPrecondition(
                    f"{step.value} is not IN_PROGRESS for {refused[0]} in order {order.id}",
                    reason="ILLEGAL_TRANSITION",
                )
            rows = [r for r in rows if r.phone_number in wanted]
        if not rows:
            raise FailedPrecondition(
                f"No number of hosting order {order.id} ({order.state}) has {step.value} "
                "IN_PROGRESS",
                reason="ILLEGAL_TRANSITION",
            )
        await finish_step(scope, order, rows, step, succeeded=succeeded, code=code, message=message)
        return order

    async def running(
        self, scope: HostingScope, order: HostingOrder, step: Step
    ) -> list[HostingOrderNumber]:
        column = getattr(HostingOrderNumber, f"{column_prefix(step)}_state")
        return list(
            await scope.session.scalars(
                select(HostingOrderNumber)
                .where(
                    HostingOrderNumber.order_id == order.id,
                    HostingOrderNumber.result == "",
                    column == StepState.IN_PROGRESS.value,
                )
                .order_by(HostingOrderNumber.id)
            )
        )


hosting_order_flow = HostingOrderFlow()
