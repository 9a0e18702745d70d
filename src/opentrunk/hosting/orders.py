"""Creating hosting orders: ``:importNumbers`` (IMPORT) and the four text-enable
operations (TYPE_TEXT_ENABLE, standard or toll-free).

Every request is checked whole before anything is written (so nothing is half-made on
error); the order is then ``SUBMITTED`` with its numbers, and an immediate job starts
it (LOA email, or straight to work), in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from opentrunk.hosting import audit
from opentrunk.hosting.effects import JobKind, schedule
from opentrunk.hosting.imported import check_project_id, refuse_taken
from opentrunk.hosting.numbers import check_numbers, check_region, is_toll_free
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.schemas import (
    DirectLoaInfo,
    ImportNumbersRequest,
    ResellerLoaInfo,
    TextEnableNumbersRequest,
    TextEnableTollFreeNumbersRequest,
)
from opentrunk.hosting.scope import HostingScope
from opentrunk.hosting.states import (
    CARRIER_STEPS,
    OrderKind,
    OrderState,
    ProcessState,
    QualifiedEvent,
    Step,
    StepState,
    pipeline,
)
from opentrunk.hosting.steps import column_prefix
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import HostingOrder, HostingOrderNumber, QualifiedNumber

__all__ = ["HostingOrderService", "hosting_order_service"]

_QUALIFIED = (ProcessState.ELIGIBLE, ProcessState.VERIFIED, ProcessState.HOSTING_FAILED)


def _required(value: str, field: str) -> str:
    if not value:
        raise InvalidArgument(
            f"'{field}' is required", violations=[FieldViolation(field, "must not be empty")]
        )
    return value


def _one_loa(
    direct: DirectLoaInfo | None, reseller: ResellerLoaInfo | None, blanket: object | None
) -> None:
    given = [
        name
        for name, value in (
            ("directLoaInfo", direct),
            ("resellerLoaInfo", reseller),
            ("blanketLoaInfo", blanket),
        )
        if value is not None
    ]
    if len(given) != 1:
        raise InvalidArgument(
            "Exactly one Letter of Authorization object is required: directLoaInfo, "
            f"resellerLoaInfo or blanketLoaInfo (got {', '.join(given) or 'none'})",
            violations=[
                FieldViolation(name, "exactly one LOA object")
                for name in given or ["directLoaInfo"]
            ],
        )


class HostingOrderService:
    async def import_numbers(self, scope: HostingScope, body: ImportNumbersRequest) -> HostingOrder:
        check_project_id(scope, body.project_id)
        region = check_region(body.region_code)
        numbers = check_numbers(
            body.numbers, field="numbers", limit=scope.settings.import_limit, region=region
        )
        plan = _required(body.service_plan_id, "servicePlanId")
        await refuse_taken(scope, numbers)
        order = self._new_order(scope, OrderKind.IMPORT, region, plan, "hostingOrders")
        order.campaign_id = body.campaign_id
        order.display_name = body.display_name
        order.callback_url = body.callback_url
        order.migrate_to_sinch_tmo = body.migrate_to_sinch_tmo
        return await self._submit(scope, order, numbers)

    async def text_enable(
        self, scope: HostingScope, body: TextEnableNumbersRequest, *, origin: str
    ) -> HostingOrder:
        check_project_id(scope, body.project_id)
        _one_loa(body.direct_loa_info, body.reseller_loa_info, body.blanket_loa_info)
        region = check_region(body.region_code)
        numbers = check_numbers(
            body.numbers, field="numbers", limit=scope.settings.text_enable_limit, region=region
        )
        plan = _required(body.service_plan_id, "servicePlanId")
        qualified = await self._qualified(scope, numbers)
        await refuse_taken(scope, numbers)
        order = self._new_order(scope, OrderKind.TEXT_ENABLE, region, plan, origin)
        order.campaign_id = body.campaign_id
        order.nnid = body.nnid or scope.settings.nnid
        order.display_name = body.display_name
        order.callback_url = body.callback_url
        order.scheduled_osr_update_time = body.scheduled_osr_update_time
        _copy_loa(order, body.direct_loa_info, body.reseller_loa_info)
        if body.blanket_loa_info is not None:
            order.loa_type = "Blanket"
        return await self._submit(scope, order, numbers, qualified)

    async def text_enable_toll_free(
        self, scope: HostingScope, body: TextEnableTollFreeNumbersRequest, *, origin: str
    ) -> HostingOrder:
        check_project_id(scope, body.project_id)
        refused = [
            name
            for name, value in (
                ("campaignId", body.campaign_id),
                ("nnid", body.nnid),
                ("blanketLoaInfo", body.blanket_loa_info),
                ("scheduledOsrUpdateTime", body.scheduled_osr_update_time),
            )
            if value is not None
        ]
        if refused:
            raise InvalidArgument(
                "Toll-free numbers take no campaign, NNID, blanket LOA or OSR time (use "
                f"scheduledZipwhipProvisioningTime); remove {', '.join(refused)}",
                violations=[
                    FieldViolation(name, "not allowed for toll-free numbers") for name in refused
                ],
            )
        _one_loa(body.direct_loa_info, body.reseller_loa_info, None)
        region = check_region(body.region_code)
        numbers = check_numbers(
            body.numbers, field="numbers", limit=scope.settings.text_enable_limit, region=region
        )
        local = [(i, n) for i, n in enumerate(numbers) if not is_toll_free(n)]
        if local:
            raise InvalidArgument(
                f"{local[0][1]} is not a toll-free number; use :textEnableNumbers for it",
                violations=[
                    FieldViolation(f"numbers[{i}]", f"{n} is not toll-free") for i, n in local
                ],
            )
        plan = _required(body.service_plan_id, "servicePlanId")
        qualified = await self._qualified(scope, numbers)
        await refuse_taken(scope, numbers)
        order = self._new_order(scope, OrderKind.TOLL_FREE, region, plan, origin)
        order.nnid = scope.settings.nnid
        order.display_name = body.display_name
        order.callback_url = body.callback_url
        order.scheduled_zipwhip_time = body.scheduled_zipwhip_provisioning_time
        _copy_loa(order, body.direct_loa_info, body.reseller_loa_info)
        return await self._submit(scope, order, numbers, qualified)

    async def _qualified(self, scope: HostingScope, numbers: list[str]) -> list[QualifiedNumber]:
        rows = {
            row.phone_number: row
            for row in await scope.session.scalars(
                select(QualifiedNumber).where(
                    QualifiedNumber.project_id == scope.project_id,
                    QualifiedNumber.phone_number.in_(numbers),
                )
            )
        }
        missing = [n for n in numbers if n not in rows]
        if missing:
            raise NotFound(
                f"{missing[0]} is not a qualified number of this project"
                + (f" (nor {len(missing) - 1} more)" if len(missing) > 1 else "")
                + "; add it with qualifiedNumbers:addNumbers first",
                reason="QUALIFIED_NUMBER_NOT_FOUND",
            )
        unready = [rows[n] for n in numbers if ProcessState(rows[n].state) not in _QUALIFIED]
        if unready:
            first = unready[0]
            raise FailedPrecondition(
                f"{first.phone_number} is {first.state}; only ELIGIBLE or VERIFIED numbers "
                "can be text-enabled"
                + (f" ({len(unready) - 1} more are not ready)" if len(unready) > 1 else ""),
                reason="NUMBER_NOT_QUALIFIED",
                violations=[
                    FieldViolation("numbers", f"{r.phone_number} is {r.state}") for r in unready
                ],
            )
        return [rows[n] for n in numbers]

    def _new_order(
        self, scope: HostingScope, kind: OrderKind, region: str, plan: str, origin: str
    ) -> HostingOrder:
        return HostingOrder(
            id=new_ulid().lower(),
            project_id=scope.project_id,
            kind=kind.value,
            state=OrderState.SUBMITTED.value,
            region_code=region,
            service_plan_id=plan,
            campaign_id="",
            nnid="",
            display_name="",
            callback_url="",
            migrate_to_sinch_tmo=False,
            origin=origin,
            loa_type="",
            service_provider=scope.settings.service_provider,
            create_time=scope.now,
            update_time=scope.now,
        )

    async def _submit(
        self,
        scope: HostingScope,
        order: HostingOrder,
        numbers: list[str],
        qualified: list[QualifiedNumber] | None = None,
    ) -> HostingOrder:
        order.number_count = len(numbers)
        scope.session.add(order)
        steps = pipeline(OrderKind(order.kind), with_campaign=bool(order.campaign_id))
        waiting = {f"{column_prefix(step)}_state": StepState.WAITING.value for step in steps}
        if Step.CAMPAIGN in steps:
            waiting.update(
                {f"{column_prefix(step)}_state": StepState.WAITING.value for step in CARRIER_STEPS}
            )
        if order.kind == OrderKind.IMPORT:
            # Imported numbers already point at the NNID: nothing to update.
            waiting["osr_state"] = StepState.DONE.value
        scope.session.add_all(
            HostingOrderNumber(
                id=new_ulid(),
                order_id=order.id,
                project_id=scope.project_id,
                phone_number=number,
                result="",
                create_time=scope.now,
                update_time=scope.now,
                **waiting,
            )
            for number in numbers
        )
        for row in qualified or ():
            qualified_number_service.apply(scope, row, QualifiedEvent.HOSTING_STARTED)
        audit.record(
            scope,
            audit.Subject.HOSTING_ORDER,
            "submitted",
            OrderState.UNSPECIFIED.value,
            order.state,
            order_id=order.id,
            detail=f"{order.kind}, {len(numbers)} numbers",
        )
        await schedule(
            scope,
            JobKind.ORDER_START,
            {"projectId": scope.project_id, "orderId": order.id},
            at=scope.now,
            lock=f"hosting_order:{order.id}",
        )
        await scope.session.flush()
        return order


def _copy_loa(
    order: HostingOrder, direct: DirectLoaInfo | None, reseller: ResellerLoaInfo | None
) -> None:
    loa = reseller or direct
    if loa is None:
        return
    order.loa_type = "Reseller" if reseller is not None else "Direct"
    order.business_name = reseller.business_name if reseller is not None else ""
    person, address = loa.authorised_person, loa.address
    order.person_first_name = person.first_name
    order.person_last_name = person.last_name
    order.person_email = person.email
    order.address_building_number = address.building_number
    order.address_street = address.street
    order.address_city = address.city
    order.address_state = address.state
    order.address_postal_code = address.postal_code
    order.address_country = address.country
    order.current_voice_carrier = loa.current_voice_carrier


hosting_order_service = HostingOrderService()
