"""The numbers of an order moving through their steps (``states.pipeline``).

Work is done in batches: an operator's or the autopilot's result usually covers many
numbers of one order, and a batch costs one statement per kind of write, not one per
number. Each number still gets its own audit rows and callbacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select

from opentrunk.hosting import audit
from opentrunk.hosting.effects import JobKind, ResourceType, notify, schedule
from opentrunk.hosting.numbers import is_toll_free
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.scope import AutopilotAction, HostingScope
from opentrunk.hosting.states import (
    CARRIER_STEPS,
    HOSTING_CRITICAL,
    ORDER,
    STEP,
    CallbackEvent,
    FailureCode,
    OrderEvent,
    OrderKind,
    OrderState,
    ProcessState,
    QualifiedEvent,
    Step,
    StepEvent,
    StepState,
    next_state,
    pipeline,
)
from opentrunk.hosting.steps import StepStatus, read_step, write_step
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import HostingOrder, HostingOrderNumber, ImportedNumber, QualifiedNumber

__all__ = ["ACTION_OF", "begin", "finish_step", "move_order", "order_pipeline", "start_due"]

ACTION_OF = {
    Step.OSR_UPDATE: AutopilotAction.OSR,
    Step.PLATFORM: AutopilotAction.PLATFORM,
    Step.CAMPAIGN: AutopilotAction.CAMPAIGN,
}
_CALLBACK = {
    Step.OSR_UPDATE: CallbackEvent.OSR_UPDATE,
    Step.PLATFORM: CallbackEvent.PROVISIONING_TO_SMS_PLATFORM,
    Step.CAMPAIGN: CallbackEvent.LINK_TO_10DLC_CAMPAIGN,
}


def order_pipeline(order: HostingOrder) -> tuple[Step, ...]:
    return pipeline(OrderKind(order.kind), with_campaign=bool(order.campaign_id))


def move_order(
    scope: HostingScope, order: HostingOrder, event: OrderEvent, detail: str = ""
) -> None:
    before = OrderState(order.state)
    after = next_state(ORDER, before, event, what=f"Hosting order {order.id}")
    order.state = after.value
    order.update_time = scope.now
    audit.record(
        scope,
        audit.Subject.HOSTING_ORDER,
        event.value,
        before.value,
        after.value,
        order_id=order.id,
        detail=detail,
    )


def _move(
    scope: HostingScope,
    order: HostingOrder,
    row: HostingOrderNumber,
    step: Step,
    event: StepEvent,
    *,
    code: str = "",
    message: str = "",
) -> None:
    before = read_step(row, step)
    after = next_state(STEP, before.state, event, what=f"{step.value} of {row.phone_number}")
    write_step(row, step, StepStatus(after, code, message, scope.now))
    row.update_time = scope.now
    audit.record(
        scope,
        audit.Subject.HOSTING_ORDER_NUMBER,
        event.value,
        before.state.value,
        after.value,
        order_id=order.id,
        phone_number=row.phone_number,
        step=step.value,
        detail=code or message,
    )


async def _autopilot(
    scope: HostingScope, order: HostingOrder, action: AutopilotAction, at: datetime
) -> None:
    if scope.settings.autopilot_on:
        await schedule(
            scope,
            JobKind.AUTOPILOT_ORDER,
            {"projectId": scope.project_id, "orderId": order.id, "action": action.value},
            at=at,
            lock=f"hosting_order:{order.id}",
        )


async def begin(
    scope: HostingScope, order: HostingOrder, rows: Sequence[HostingOrderNumber]
) -> None:
    """The order is IN_PROGRESS: every number enters its first step."""
    await _enter(scope, order, rows, order_pipeline(order)[0])


async def _enter(
    scope: HostingScope, order: HostingOrder, rows: Sequence[HostingOrderNumber], step: Step
) -> None:
    if not rows:
        return
    due = order.scheduled_osr_update_time
    if step is Step.OSR_UPDATE and due is not None and due > scope.now:
        # The carrier record switches at the scheduled time; until then the step waits.
        await schedule(
            scope,
            JobKind.ORDER_STEPS_DUE,
            {"projectId": scope.project_id, "orderId": order.id},
            at=due,
            lock=f"hosting_order:{order.id}",
        )
        return
    refused: list[HostingOrderNumber] = []
    for row in rows:
        _move(scope, order, row, step, StepEvent.STARTED)
        if step is Step.CAMPAIGN:
            for carrier in CARRIER_STEPS:
                _move(scope, order, row, carrier, StepEvent.STARTED)
            if is_toll_free(row.phone_number):
                refused.append(row)
    if refused:
        # 10DLC campaigns are for local numbers: the carriers refuse toll-free ones.
        await finish_step(
            scope, order, refused, Step.CAMPAIGN, succeeded=False, code=FailureCode.TFN_NOT_ALLOWED
        )
    if len(refused) < len(rows):
        await _autopilot(
            scope, order, ACTION_OF[step], scope.now + scope.settings.delay(ACTION_OF[step])
        )


async def start_due(scope: HostingScope, order: HostingOrder) -> None:
    """Start the OSR updates whose scheduled time has come."""
    if order.state != OrderState.IN_PROGRESS:
        return
    due = order.scheduled_osr_update_time
    if due is not None and due > scope.now:
        return  # rescheduled since; a later job handles it
    rows = list(
        await scope.session.scalars(
            select(HostingOrderNumber).where(
                HostingOrderNumber.order_id == order.id,
                HostingOrderNumber.osr_state == StepState.WAITING.value,
                HostingOrderNumber.result == "",
            )
        )
    )
    order.scheduled_osr_update_time = due
    await _enter(scope, order, rows, Step.OSR_UPDATE)


async def finish_step(
    scope: HostingScope,
    order: HostingOrder,
    rows: Sequence[HostingOrderNumber],
    step: Step,
    *,
    succeeded: bool,
    code: str = "",
    message: str = "",
) -> None:
    """Record a result for ``step`` (a pipeline step, or one carrier of the campaign)
    on numbers where it is running, then move each number on."""
    event = StepEvent.SUCCEEDED if succeeded else StepEvent.FAILED
    ended: list[tuple[HostingOrderNumber, bool, str]] = []
    for row in rows:
        if step in CARRIER_STEPS or step is Step.CAMPAIGN:
            for carrier in CARRIER_STEPS if step is Step.CAMPAIGN else (step,):
                if read_step(row, carrier).state is StepState.IN_PROGRESS:
                    _move(scope, order, row, carrier, event, code=code, message=message)
            carriers = [read_step(row, c) for c in CARRIER_STEPS]
            if any(c.state is StepState.IN_PROGRESS for c in carriers):
                continue
            failure = next((c for c in carriers if c.state is StepState.FAILED), None)
            _move(
                scope,
                order,
                row,
                Step.CAMPAIGN,
                StepEvent.FAILED if failure else StepEvent.SUCCEEDED,
                code=failure.error_code if failure else "",
                message=failure.error_message if failure else "",
            )
            ended.append((row, failure is None, failure.error_code if failure else ""))
        else:
            _move(scope, order, row, step, event, code=code, message=message)
            ended.append((row, succeeded, code))
    pipeline_step = Step.CAMPAIGN if step in CARRIER_STEPS else step
    for row, ok, failure_code in ended:
        await notify(
            scope,
            order.callback_url,
            resource_type=ResourceType.HOSTING_ORDER_NUMBER,
            event=_CALLBACK[pipeline_step],
            resource_id=row.phone_number,
            succeeded=ok,
            failure_code=None if pipeline_step is Step.PLATFORM else (failure_code or None),
        )
    await _advance(scope, order, [(row, ok) for row, ok, _ in ended], pipeline_step)


async def _advance(
    scope: HostingScope,
    order: HostingOrder,
    ended: Iterable[tuple[HostingOrderNumber, bool]],
    step: Step,
) -> None:
    steps = order_pipeline(order)
    following = steps[steps.index(step) + 1] if steps.index(step) + 1 < len(steps) else None
    onward: list[HostingOrderNumber] = []
    finished: list[tuple[HostingOrderNumber, bool]] = []
    for row, ok in ended:
        if not ok and step in HOSTING_CRITICAL:
            finished.append((row, False))
        elif following is not None:
            onward.append(row)
        else:
            hosted = all(read_step(row, s).state is StepState.DONE for s in HOSTING_CRITICAL)
            finished.append((row, hosted))
    if following is not None:
        await _enter(scope, order, onward, following)
    await finish_numbers(scope, order, finished)


async def finish_numbers(
    scope: HostingScope,
    order: HostingOrder,
    finished: Sequence[tuple[HostingOrderNumber, bool]],
    *,
    reason: str = "",
) -> None:
    """End the hosting process of numbers; complete the order when none is left."""
    if not finished:
        return
    for row, ok in finished:
        row.result = "SUCCEEDED" if ok else "FAILED"
        row.update_time = scope.now
        audit.record(
            scope,
            audit.Subject.HOSTING_ORDER_NUMBER,
            "hosting_succeeded" if ok else "hosting_failed",
            "",
            row.result,
            order_id=order.id,
            phone_number=row.phone_number,
            detail=reason,
        )
        await notify(
            scope,
            order.callback_url,
            resource_type=ResourceType.HOSTING_ORDER_NUMBER,
            event=CallbackEvent.HOSTING_PROCESS,
            resource_id=row.phone_number,
            succeeded=ok,
        )
    await _settle_numbers(scope, order, finished, reason)
    await scope.session.flush()
    left = await scope.session.scalar(
        select(func.count())
        .select_from(HostingOrderNumber)
        .where(HostingOrderNumber.order_id == order.id, HostingOrderNumber.result == "")
    )
    if not left and order.state == OrderState.IN_PROGRESS:
        move_order(scope, order, OrderEvent.ALL_NUMBERS_FINAL)


async def _settle_numbers(
    scope: HostingScope,
    order: HostingOrder,
    finished: Sequence[tuple[HostingOrderNumber, bool]],
    reason: str,
) -> None:
    numbers = [row.phone_number for row, _ in finished]
    if order.kind != OrderKind.IMPORT:
        qualified = {
            q.phone_number: q
            for q in await scope.session.scalars(
                select(QualifiedNumber).where(
                    QualifiedNumber.project_id == scope.project_id,
                    QualifiedNumber.phone_number.in_(numbers),
                    QualifiedNumber.state == ProcessState.HOSTING_IN_PROGRESS.value,
                )
            )
        }
        for row, ok in finished:
            if (q := qualified.get(row.phone_number)) is not None:
                event = QualifiedEvent.HOSTING_DONE if ok else QualifiedEvent.HOSTING_FAILED
                why = "" if ok else (reason or _failure_reason(row))
                qualified_number_service.apply(scope, q, event, why)
    taken = set(
        await scope.session.scalars(
            select(ImportedNumber.phone_number).where(ImportedNumber.phone_number.in_(numbers))
        )
    )
    for row, ok in finished:
        if ok and row.phone_number not in taken:
            scope.session.add(_imported(scope, order, row))


def _failure_reason(row: HostingOrderNumber) -> str:
    for step in (Step.OSR_UPDATE, Step.PLATFORM):
        status = read_step(row, step)
        if status.state is StepState.FAILED:
            return f"{step.value} failed" + (f": {status.error_code}" if status.error_code else "")
    return "hosting failed"


def _imported(scope: HostingScope, order: HostingOrder, row: HostingOrderNumber) -> ImportedNumber:
    number = ImportedNumber(
        id=new_ulid(),
        project_id=scope.project_id,
        phone_number=row.phone_number,
        region_code=order.region_code,
        display_name=order.display_name,
        callback_url=order.callback_url,
        service_plan_id=order.service_plan_id,
        campaign_id="",
        migrate_to_sinch_tmo=order.migrate_to_sinch_tmo,
        hosting_order_id=order.id,
        platform_service_id=order.service_plan_id,
        platform_type="PROVISIONING",
        campaign_service_id="",
        campaign_type="",
        create_time=scope.now,
        update_time=scope.now,
    )
    write_step(number, Step.PLATFORM, read_step(row, Step.PLATFORM))
    campaign = read_step(row, Step.CAMPAIGN)
    write_step(number, Step.CAMPAIGN, campaign)
    if campaign.state is not StepState.UNSPECIFIED:
        number.campaign_service_id, number.campaign_type = order.campaign_id, "PROVISIONING"
        if campaign.state is StepState.DONE:
            number.campaign_id = order.campaign_id
        for carrier in CARRIER_STEPS:
            status = read_step(row, carrier)
            write_step(
                number,
                carrier,
                StepStatus(
                    status.state,
                    status.error_code,
                    status.error_message,
                    status.update_time,
                    "PROVISIONING",
                ),
            )
    else:
        for carrier in CARRIER_STEPS:
            write_step(number, carrier, StepStatus(StepState.UNSPECIFIED))
    return number
