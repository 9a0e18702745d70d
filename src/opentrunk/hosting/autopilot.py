"""The sandbox autopilot: the operator (and the authorised person) nobody has to be.

Each time work starts waiting for an operator, a job is queued for when the action's
delay has passed (``OPENTRUNK_HOSTING_AUTOPILOT_DELAYS``). The job does every piece of
that work that has waited long enough, with the outcome the numbers' magic suffix
forces (``hosting/magic.py``), and queues itself again for work that has not. An
operator who acts first simply leaves it nothing to do.
"""

from __future__ import annotations

from collections import defaultdict

from opentrunk.hosting.effects import JobKind, schedule
from opentrunk.hosting.flow import hosting_order_flow, open_numbers
from opentrunk.hosting.magic import forced
from opentrunk.hosting.pipeline import finish_step
from opentrunk.hosting.repository import get_order
from opentrunk.hosting.scope import Actor, AutopilotAction, HostingScope
from opentrunk.hosting.states import OrderState, Step, StepState
from opentrunk.hosting.steps import read_step
from opentrunk.store.models import HostingOrder, HostingOrderNumber

__all__ = ["run_order_autopilot"]

_STEP = {
    AutopilotAction.OSR: Step.OSR_UPDATE,
    AutopilotAction.PLATFORM: Step.PLATFORM,
    AutopilotAction.CAMPAIGN: Step.CAMPAIGN,
}


async def run_order_autopilot(scope: HostingScope, order_id: str, action: AutopilotAction) -> None:
    acting = scope.acting_as(Actor.AUTOPILOT)
    order = await get_order(acting, order_id, for_update=True)
    if action is AutopilotAction.LOA:
        await _loa(acting, order)
    elif action is AutopilotAction.REJECT:
        if order.state not in (OrderState.COMPLETED, OrderState.REJECTED):
            await hosting_order_flow.reject(
                acting, order.id, reason="Rejected by the operator (sandbox magic number)"
            )
    else:
        await _steps(acting, order, _STEP[action], action)


async def _loa(scope: HostingScope, order: HostingOrder) -> None:
    if order.state != OrderState.WAITING_FOR_LOA_SIGNATURE:
        return
    numbers = await open_numbers(scope, order)
    if any(forced(row.phone_number).loa_declined for row in numbers):
        await hosting_order_flow.decline(
            scope, order, reason="The authorised person declined the LOA (sandbox magic number)"
        )
        return
    signer = f"{order.person_first_name} {order.person_last_name} (sandbox autopilot)"
    await hosting_order_flow.sign(scope, order, signer=signer, address="sandbox autopilot")


async def _steps(
    scope: HostingScope, order: HostingOrder, step: Step, action: AutopilotAction
) -> None:
    if order.state != OrderState.IN_PROGRESS:
        return
    delay = scope.settings.delay(action)
    running = await hosting_order_flow.running(scope, order, step)
    due: list[HostingOrderNumber] = []
    later = None
    for row in running:
        since = read_step(row, step).update_time or scope.now
        if since + delay <= scope.now:
            due.append(row)
        else:
            later = min(later or since + delay, since + delay)
    if later is not None:
        await schedule(
            scope,
            JobKind.AUTOPILOT_ORDER,
            {"projectId": scope.project_id, "orderId": order.id, "action": action.value},
            at=later,
            lock=f"hosting_order:{order.id}",
        )
    if not due:
        return
    if step is Step.CAMPAIGN:
        refusals: dict[str, list[HostingOrderNumber]] = defaultdict(list)
        for row in due:
            if (refusal := forced(row.phone_number).campaign_failure) is not None:
                refusals[refusal.value].append(row)
        for code, rows in refusals.items():
            await finish_step(
                scope,
                order,
                rows,
                Step.SMS_TMO,
                succeeded=False,
                code=code,
                message="T-Mobile refused the campaign link (sandbox magic number)",
            )
        still = [row for row in due if read_step(row, Step.CAMPAIGN).state is StepState.IN_PROGRESS]
        await finish_step(scope, order, still, Step.CAMPAIGN, succeeded=True)
        return
    fails = [row for row in due if _fails(row.phone_number, step)]
    passes = [row for row in due if not _fails(row.phone_number, step)]
    if fails:
        failure = "INVALID_NNID" if step is Step.OSR_UPDATE else ""
        message = (
            "The carrier refused the OSR update (sandbox magic number)"
            if step is Step.OSR_UPDATE
            else "SMS platform provisioning failed (sandbox magic number)"
        )
        await finish_step(scope, order, fails, step, succeeded=False, code=failure, message=message)
    if passes:
        await finish_step(scope, order, passes, step, succeeded=True)


def _fails(number: str, step: Step) -> bool:
    outcome = forced(number)
    return outcome.osr_failure if step is Step.OSR_UPDATE else outcome.platform_failure
