"""Imported numbers: numbers hosted for SMS, imported singly (``POST /importedNumbers``)
or by an order, and their links to a service plan and a 10DLC campaign.

Linking rules (Sinch's documentation): to move a number to another service plan or
campaign, first unlink it (send ``""``), then link the new one in a later request;
replacing a link directly is refused. A campaign needs a linked service plan, and a
service plan cannot be unlinked while a campaign stays linked. One change per slot runs
at a time.
"""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.errors import AlreadyExists, FailedPrecondition, FieldViolation, InvalidArgument
from opentrunk.hosting import audit, provisioning
from opentrunk.hosting.effects import ResourceType, notify
from opentrunk.hosting.listing import Ordering, Window
from opentrunk.hosting.magic import forced
from opentrunk.hosting.numbers import check_numbers, check_region
from opentrunk.hosting.repository import get_imported, ordered, windowed
from opentrunk.hosting.schemas import CreateImportedNumberRequest, ImportedNumberUpdate
from opentrunk.hosting.scope import Actor, AutopilotAction, HostingScope
from opentrunk.hosting.states import CallbackEvent, OrderState, Step, StepState
from opentrunk.hosting.steps import read_step
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import HostingOrder, HostingOrderNumber, ImportedNumber

__all__ = ["ImportedNumberService", "check_project_id", "imported_number_service", "refuse_taken"]

_BUSY = (StepState.WAITING, StepState.IN_PROGRESS)


def check_project_id(scope: HostingScope, body_project_id: str | None) -> None:
    if body_project_id and body_project_id != scope.project_id:
        raise InvalidArgument(
            f"'projectId' in the body ({body_project_id}) is not the project of the path",
            violations=[FieldViolation("projectId", "differs from the path's projectId")],
        )


async def refuse_taken(scope: HostingScope, numbers: list[str]) -> None:
    """409 when a number is imported already (in any project) or is in an order still
    running."""
    imported = set(
        await scope.session.scalars(
            select(ImportedNumber.phone_number).where(ImportedNumber.phone_number.in_(numbers))
        )
    )
    active = set(
        await scope.session.scalars(
            select(HostingOrderNumber.phone_number)
            .join(HostingOrder, HostingOrder.id == HostingOrderNumber.order_id)
            .where(
                HostingOrderNumber.phone_number.in_(numbers),
                HostingOrder.state.not_in([OrderState.COMPLETED.value, OrderState.REJECTED.value]),
            )
        )
    )
    taken = [n for n in numbers if n in imported or n in active]
    if taken:
        why = "is already imported" if taken[0] in imported else "is in a hosting order in progress"
        raise AlreadyExists(
            f"{taken[0]} {why}" + (f" (and {len(taken) - 1} more)" if len(taken) > 1 else ""),
            reason="NUMBER_ALREADY_IMPORTED",
            violations=[
                FieldViolation("phoneNumber", f"{n} already imported or being imported")
                for n in taken
            ],
        )


def _service_id(value: str, field: str) -> str:
    if not value:
        raise InvalidArgument(
            f"'{field}' is required",
            violations=[FieldViolation(field, "must not be empty")],
        )
    return value


class ImportedNumberService:
    async def create(
        self, scope: HostingScope, body: CreateImportedNumberRequest
    ) -> ImportedNumber:
        check_project_id(scope, body.project_id)
        region = check_region(body.region_code)
        number = check_numbers([body.phone_number], field="phoneNumber", limit=1, region=region)[0]
        plan = _service_id(body.sms_configuration.service_plan_id, "smsConfiguration.servicePlanId")
        await refuse_taken(scope, [number])
        row = ImportedNumber(
            id=new_ulid(),
            project_id=scope.project_id,
            phone_number=number,
            region_code=region,
            display_name=body.display_name,
            callback_url=body.callback_url,
            service_plan_id="",
            campaign_id="",
            migrate_to_sinch_tmo=False,  # read-only here (writable in :importNumbers only)
            create_time=scope.now,
            update_time=scope.now,
        )
        scope.session.add(row)
        audit.record(
            scope, audit.Subject.IMPORTED_NUMBER, "imported", "", "IMPORTED", phone_number=number
        )
        await provisioning.begin(
            scope, row, Step.PLATFORM, provisioning.PROVISIONING, plan, wait=False
        )
        if body.sms_configuration.campaign_id:
            await provisioning.begin(
                scope,
                row,
                Step.CAMPAIGN,
                provisioning.PROVISIONING,
                body.sms_configuration.campaign_id,
                wait=True,
            )
        await scope.session.flush()
        return row

    async def get(self, scope: HostingScope, number: str) -> ImportedNumber:
        return await get_imported(scope, number)

    async def find(
        self,
        scope: HostingScope,
        page: Window,
        order: Ordering,
        *,
        service_plan_id: str,
        campaign_id: str,
        region_code: str | None,
        pattern: str | None,
        search: str,
    ) -> tuple[list[ImportedNumber], int]:
        statement = select(ImportedNumber).where(ImportedNumber.project_id == scope.project_id)
        if service_plan_id:
            statement = statement.where(ImportedNumber.service_plan_id == service_plan_id)
        if campaign_id:
            statement = statement.where(ImportedNumber.campaign_id == campaign_id)
        if region_code:
            statement = statement.where(ImportedNumber.region_code == region_code)
        if pattern:
            column = ImportedNumber.phone_number
            statement = statement.where(
                column.startswith(pattern, autoescape=True)
                if search == "START"
                else column.endswith(pattern, autoescape=True)
                if search == "END"
                else column.contains(pattern, autoescape=True)
            )
        return await windowed(scope, ordered(statement, ImportedNumber, order), page)

    async def update(
        self, scope: HostingScope, number: str, body: ImportedNumberUpdate
    ) -> ImportedNumber:
        check_project_id(scope, body.project_id)
        row = await get_imported(scope, number)
        sms = body.sms_configuration
        plan = _change(row, Step.PLATFORM, sms.service_plan_id if sms else None)
        campaign = _change(row, Step.CAMPAIGN, sms.campaign_id if sms else None)
        _check_links(row, plan, campaign)
        if body.display_name is not None:
            row.display_name = body.display_name
        if body.callback_url is not None:
            row.callback_url = body.callback_url
        row.update_time = scope.now
        unlinking_campaign = campaign == ""
        if campaign is not None:
            await provisioning.begin(
                scope,
                row,
                Step.CAMPAIGN,
                provisioning.DEPROVISIONING if campaign == "" else provisioning.PROVISIONING,
                campaign or row.campaign_id,
                wait=plan is not None and not unlinking_campaign,
            )
        if plan is not None:
            await provisioning.begin(
                scope,
                row,
                Step.PLATFORM,
                provisioning.DEPROVISIONING if plan == "" else provisioning.PROVISIONING,
                plan or row.service_plan_id,
                wait=unlinking_campaign,
            )
        await scope.session.flush()
        return row

    async def delete(self, scope: HostingScope, number: str) -> None:
        row = await get_imported(scope, number)
        audit.record(
            scope, audit.Subject.IMPORTED_NUMBER, "deleted", "IMPORTED", "", phone_number=number
        )
        await notify(
            scope,
            row.callback_url,
            resource_type=ResourceType.IMPORTED_NUMBER,
            event=CallbackEvent.DELETE,
            resource_id=number,
            succeeded=True,
        )
        await scope.session.delete(row)
        await scope.session.flush()

    async def complete_step(
        self,
        scope: HostingScope,
        number: str,
        step: Step,
        *,
        succeeded: bool,
        code: str = "",
        message: str = "",
    ) -> ImportedNumber:
        """An operator's (or the autopilot's) result for a running operation."""
        row = await get_imported(scope, number)
        await provisioning.complete(
            scope, row, step, succeeded=succeeded, code=code, message=message
        )
        await scope.session.flush()
        return row

    async def autopilot(self, scope: HostingScope, number: str, action: AutopilotAction) -> None:
        row = await scope.session.scalar(
            select(ImportedNumber).where(
                ImportedNumber.project_id == scope.project_id, ImportedNumber.phone_number == number
            )
        )
        slot = Step.PLATFORM if action is AutopilotAction.PLATFORM else Step.CAMPAIGN
        if row is None or read_step(row, slot).state is not StepState.IN_PROGRESS:
            return  # deleted, or an operator got there first
        acting = scope.acting_as(Actor.AUTOPILOT)
        outcome = forced(number)
        if slot is Step.PLATFORM:
            failed = (
                outcome.platform_failure and provisioning.operation_of(row, slot) == "PROVISIONING"
            )
            await provisioning.complete(acting, row, slot, succeeded=not failed)
        elif outcome.campaign_failure and row.campaign_type == "PROVISIONING":
            await provisioning.complete(
                acting,
                row,
                Step.SMS_TMO,
                succeeded=False,
                code=outcome.campaign_failure.value,
                message="T-Mobile refused the campaign link (sandbox magic number)",
            )
            await provisioning.complete(acting, row, Step.CAMPAIGN, succeeded=True)
        else:
            await provisioning.complete(acting, row, Step.CAMPAIGN, succeeded=True)
        await scope.session.flush()


def _change(row: ImportedNumber, slot: Step, wanted: str | None) -> str | None:
    """The link change a PATCH asks for on ``slot`` (None: none), or a clear refusal."""
    current = row.service_plan_id if slot is Step.PLATFORM else row.campaign_id
    field = "smsConfiguration." + ("servicePlanId" if slot is Step.PLATFORM else "campaignId")
    what = "service plan" if slot is Step.PLATFORM else "campaign"
    if wanted is None or wanted == current:
        return None
    if read_step(row, slot).state in _BUSY:
        raise FailedPrecondition(
            f"A change of the {what} of {row.phone_number} is still in progress; try again "
            "when it has finished",
            reason="PROVISIONING_IN_PROGRESS",
            violations=[FieldViolation(field, "a change is in progress")],
        )
    if wanted and current:
        raise FailedPrecondition(
            f"{row.phone_number} is linked to {what} '{current}'. Unlink it first (send "
            f"\"\" for {field}), then link '{wanted}' in a separate request",
            reason="UNLINK_BEFORE_RELINK",
            violations=[FieldViolation(field, "unlink the current value before linking another")],
        )
    return wanted


def _check_links(row: ImportedNumber, plan: str | None, campaign: str | None) -> None:
    plan_after = row.service_plan_id if plan is None else plan
    campaign_after = row.campaign_id if campaign is None else campaign
    if campaign and not plan_after:
        raise FailedPrecondition(
            f"{row.phone_number} has no service plan; link one before linking a campaign",
            reason="SERVICE_PLAN_REQUIRED",
            violations=[
                FieldViolation("smsConfiguration.campaignId", "needs a linked service plan")
            ],
        )
    if plan == "" and campaign_after:
        raise FailedPrecondition(
            f"{row.phone_number} is linked to campaign '{campaign_after}'; unlink the campaign "
            "first, or in the same request",
            reason="CAMPAIGN_STILL_LINKED",
            violations=[
                FieldViolation("smsConfiguration.servicePlanId", "unlink the campaign too")
            ],
        )


imported_number_service = ImportedNumberService()
