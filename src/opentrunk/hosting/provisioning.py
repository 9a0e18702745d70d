"""Provisioning operations on an imported number's two slots: the SMS platform
(service plan) and the 10DLC campaign, whose link fans out to the four carriers.

An operation is started ``WAITING`` or ``IN_PROGRESS``; an operator (or the autopilot)
ends it with ``DONE`` or ``FAILED``; its callback (``PROVISIONING_TO_SMS_PLATFORM``,
``DEPROVISIONING_TO_SMS_PLATFORM``, ``LINK_TO_10DLC_CAMPAIGN``,
``UNLINK_TO_10DLC_CAMPAIGN``, resource ``IMPORTED_NUMBER``) is queued in the same
transaction. When one slot's operation ends, a waiting operation of the other starts
(provisioning runs platform then campaign; unlinking runs campaign then platform).
"""

from __future__ import annotations

from opentrunk.errors import FailedPrecondition
from opentrunk.hosting import audit
from opentrunk.hosting.effects import JobKind, ResourceType, notify, schedule
from opentrunk.hosting.numbers import is_toll_free
from opentrunk.hosting.scope import AutopilotAction, HostingScope
from opentrunk.hosting.states import (
    CARRIER_STEPS,
    STEP,
    CallbackEvent,
    FailureCode,
    Step,
    StepEvent,
    StepState,
    next_state,
)
from opentrunk.hosting.steps import StepStatus, read_step, write_step
from opentrunk.store.models import ImportedNumber

__all__ = ["begin", "complete", "operation_of", "start_waiting"]

PROVISIONING = "PROVISIONING"
DEPROVISIONING = "DEPROVISIONING"

_EVENTS = {
    (Step.PLATFORM, PROVISIONING): CallbackEvent.PROVISIONING_TO_SMS_PLATFORM,
    (Step.PLATFORM, DEPROVISIONING): CallbackEvent.DEPROVISIONING_TO_SMS_PLATFORM,
    (Step.CAMPAIGN, PROVISIONING): CallbackEvent.LINK_TO_10DLC_CAMPAIGN,
    (Step.CAMPAIGN, DEPROVISIONING): CallbackEvent.UNLINK_TO_10DLC_CAMPAIGN,
}


def operation_of(row: ImportedNumber, slot: Step) -> str:
    return row.platform_type if slot is Step.PLATFORM else row.campaign_type


def _move(
    scope: HostingScope,
    row: ImportedNumber,
    step: Step,
    event: StepEvent,
    *,
    code: str = "",
    message: str = "",
    operation: str = "",
) -> None:
    before = read_step(row, step)
    after = next_state(STEP, before.state, event, what=f"{step.value} of {row.phone_number}")
    write_step(
        row,
        step,
        StepStatus(after, code, message, scope.now, operation or before.operation),
    )
    row.update_time = scope.now
    audit.record(
        scope,
        audit.Subject.IMPORTED_NUMBER,
        event.value,
        before.state.value,
        after.value,
        phone_number=row.phone_number,
        step=step.value,
        detail=code or message,
    )


async def begin(
    scope: HostingScope, row: ImportedNumber, slot: Step, operation: str, target: str, *, wait: bool
) -> None:
    """Queue an operation on ``slot``: ``WAITING`` behind the other slot, or started."""
    if slot is Step.PLATFORM:
        row.platform_type, row.platform_service_id = operation, target
    else:
        row.campaign_type, row.campaign_service_id = operation, target
    write_step(row, slot, StepStatus(StepState.WAITING, update_time=scope.now))
    if slot is Step.CAMPAIGN:
        for carrier in CARRIER_STEPS:
            write_step(
                row,
                carrier,
                StepStatus(StepState.WAITING, update_time=scope.now, operation=operation),
            )
    audit.record(
        scope,
        audit.Subject.IMPORTED_NUMBER,
        f"{operation.lower()}_requested",
        StepState.UNSPECIFIED.value,
        StepState.WAITING.value,
        phone_number=row.phone_number,
        step=slot.value,
        detail=target,
    )
    if not wait:
        await _start(scope, row, slot)


async def _start(scope: HostingScope, row: ImportedNumber, slot: Step) -> None:
    _move(scope, row, slot, StepEvent.STARTED)
    if slot is Step.CAMPAIGN:
        for carrier in CARRIER_STEPS:
            _move(scope, row, carrier, StepEvent.STARTED)
        if row.campaign_type == PROVISIONING and is_toll_free(row.phone_number):
            # 10DLC campaigns are for local numbers; carriers refuse toll-free ones.
            await complete(
                scope, row, Step.CAMPAIGN, succeeded=False, code=FailureCode.TFN_NOT_ALLOWED
            )
            return
    if scope.settings.autopilot_on:
        action = AutopilotAction.PLATFORM if slot is Step.PLATFORM else AutopilotAction.CAMPAIGN
        await schedule(
            scope,
            JobKind.AUTOPILOT_IMPORTED,
            {
                "projectId": scope.project_id,
                "phoneNumber": row.phone_number,
                "action": action.value,
            },
            at=scope.now + scope.settings.delay(action),
        )


async def start_waiting(scope: HostingScope, row: ImportedNumber) -> None:
    """Start the slot operation that waits, if the other slot is not busy."""
    busy = {StepState.WAITING, StepState.IN_PROGRESS}
    platform, campaign = read_step(row, Step.PLATFORM).state, read_step(row, Step.CAMPAIGN).state
    if StepState.IN_PROGRESS in (platform, campaign):
        return
    first, second = (
        (Step.CAMPAIGN, Step.PLATFORM)
        if row.campaign_type == DEPROVISIONING and campaign in busy
        else (Step.PLATFORM, Step.CAMPAIGN)
    )
    for slot in (first, second):
        if read_step(row, slot).state is StepState.WAITING:
            await _start(scope, row, slot)
            return


async def complete(
    scope: HostingScope,
    row: ImportedNumber,
    step: Step,
    *,
    succeeded: bool,
    code: str = "",
    message: str = "",
) -> None:
    """End a step: a slot (platform, or the campaign with every carrier still running)
    or one carrier (the campaign ends with its last carrier)."""
    event = StepEvent.SUCCEEDED if succeeded else StepEvent.FAILED
    if read_step(row, step).state is not StepState.IN_PROGRESS:
        raise FailedPrecondition(
            f"{step.value} of {row.phone_number} is {read_step(row, step).state.value}, not "
            "IN_PROGRESS; there is no result to record",
            reason="ILLEGAL_TRANSITION",
        )
    if step is Step.PLATFORM:
        _move(scope, row, step, event, code=code, message=message)
        await _slot_done(scope, row, Step.PLATFORM, succeeded, code)
        return
    carriers = CARRIER_STEPS if step is Step.CAMPAIGN else (step,)
    for carrier in carriers:
        if read_step(row, carrier).state is StepState.IN_PROGRESS:
            _move(scope, row, carrier, event, code=code, message=message)
    states = [read_step(row, c) for c in CARRIER_STEPS]
    if any(s.state is StepState.IN_PROGRESS for s in states):
        return
    failure = next((s for s in states if s.state is StepState.FAILED), None)
    _move(
        scope,
        row,
        Step.CAMPAIGN,
        StepEvent.FAILED if failure else StepEvent.SUCCEEDED,
        code=failure.error_code if failure else "",
        message=failure.error_message if failure else "",
    )
    await _slot_done(
        scope, row, Step.CAMPAIGN, failure is None, failure.error_code if failure else ""
    )


async def _slot_done(
    scope: HostingScope, row: ImportedNumber, slot: Step, succeeded: bool, code: str
) -> None:
    operation = operation_of(row, slot)
    if succeeded:
        linked = row.platform_service_id if slot is Step.PLATFORM else row.campaign_service_id
        value = linked if operation == PROVISIONING else ""
        if slot is Step.PLATFORM:
            row.service_plan_id = value
        else:
            row.campaign_id = value
    await notify(
        scope,
        row.callback_url,
        resource_type=ResourceType.IMPORTED_NUMBER,
        event=_EVENTS[(slot, operation)],
        resource_id=row.phone_number,
        succeeded=succeeded,
        failure_code=None if slot is Step.PLATFORM else (code or None),
    )
    waiting = read_step(row, Step.CAMPAIGN).state is StepState.WAITING
    if not succeeded and slot is Step.PLATFORM and operation == PROVISIONING and waiting:
        # Nothing to link a campaign to: the waiting link fails with the platform.
        await _start_and_fail(scope, row)
        return
    await start_waiting(scope, row)


async def _start_and_fail(scope: HostingScope, row: ImportedNumber) -> None:
    code = FailureCode.NUMBER_PROVISIONING_FAILED.value
    _move(scope, row, Step.CAMPAIGN, StepEvent.STARTED)
    for carrier in CARRIER_STEPS:
        _move(scope, row, carrier, StepEvent.STARTED)
        _move(scope, row, carrier, StepEvent.FAILED, code=code)
    _move(scope, row, Step.CAMPAIGN, StepEvent.FAILED, code=code)
    await notify(
        scope,
        row.callback_url,
        resource_type=ResourceType.IMPORTED_NUMBER,
        event=CallbackEvent.LINK_TO_10DLC_CAMPAIGN,
        resource_id=row.phone_number,
        succeeded=False,
        failure_code=code,
    )
