"""Job handlers of number hosting: workflow timers, the sandbox autopilot, and email
delivery. Each runs in the job's one transaction (the runner commits it with the job's
completion) and does nothing when what it was queued for has already happened."""

from __future__ import annotations

from datetime import timedelta

from opentrunk.hosting.autopilot import run_order_autopilot
from opentrunk.hosting.effects import JobKind
from opentrunk.hosting.flow import hosting_order_flow
from opentrunk.hosting.imported import imported_number_service
from opentrunk.hosting.mail import deliver
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.scope import Actor, AutopilotAction, HostingScope, HostingSettings
from opentrunk.store.models import OutboundEmail
from opentrunk.worker import HandlerRegistry, JobContext, RetryPolicy

__all__ = ["registry"]

registry = HandlerRegistry()


def _scope(ctx: JobContext, payload: dict[str, object]) -> HostingScope:
    return HostingScope(
        ctx.session,
        str(payload["projectId"]),
        ctx.now,
        HostingSettings.from_settings(ctx.settings),
        Actor.SYSTEM,
    )


@registry.register(JobKind.ORDER_START.value)
async def start_order(ctx: JobContext, payload: dict[str, object]) -> None:
    await hosting_order_flow.start(_scope(ctx, payload), str(payload["orderId"]))


@registry.register(JobKind.ORDER_STEPS_DUE.value)
async def order_steps_due(ctx: JobContext, payload: dict[str, object]) -> None:
    await hosting_order_flow.steps_due(_scope(ctx, payload), str(payload["orderId"]))


@registry.register(JobKind.AUTOPILOT_ORDER.value)
async def autopilot_order(ctx: JobContext, payload: dict[str, object]) -> None:
    action = AutopilotAction(str(payload["action"]))
    await run_order_autopilot(_scope(ctx, payload), str(payload["orderId"]), action)


@registry.register(JobKind.AUTOPILOT_QUALIFIED.value)
async def autopilot_qualified(ctx: JobContext, payload: dict[str, object]) -> None:
    await qualified_number_service.autopilot_review(_scope(ctx, payload))


@registry.register(JobKind.AUTOPILOT_IMPORTED.value)
async def autopilot_imported(ctx: JobContext, payload: dict[str, object]) -> None:
    action = AutopilotAction(str(payload["action"]))
    await imported_number_service.autopilot(
        _scope(ctx, payload), str(payload["phoneNumber"]), action
    )


@registry.register(
    JobKind.EMAIL_SEND.value,
    retry=RetryPolicy(first=timedelta(seconds=30), cap=timedelta(minutes=30)),
)
async def send_email(ctx: JobContext, payload: dict[str, object]) -> None:
    settings = HostingSettings.from_settings(ctx.settings)
    email = await ctx.session.get(OutboundEmail, str(payload["emailId"]))
    if email is None or email.status != "QUEUED" or not settings.smtp_url:
        return
    # A failure raises: the runner rolls back, keeps the error on the job and retries.
    await deliver(ctx.session, email, smtp_url=settings.smtp_url, sender=settings.mail_from)
    email.attempts = ctx.attempt
    email.status = "SENT"
    email.sent_time = ctx.now
