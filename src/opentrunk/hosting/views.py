"""Response models of the Imported Numbers & Hosting Orders API, and their builders
from rows. Absent values are omitted rather than sent as ``null`` (the API's gateway
omits unset fields, and its OpenAPI document declares nothing nullable)."""

from __future__ import annotations

from datetime import datetime

from opentrunk.hosting.states import (
    CARRIER_STEPS,
    OrderKind,
    OrderType,
    Step,
)
from opentrunk.hosting.steps import read_step
from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.kit.wire import ResponseModel, Timestamp
from opentrunk.store.models import (
    HostingOrder,
    HostingOrderNumber,
    ImportedNumber,
    QualifiedNumber,
)

__all__ = [
    "BatchCreateQualifiedNumbersResponse",
    "CallbackConfigurationView",
    "CallbackPayload",
    "HostingOrderNumberView",
    "HostingOrderReportView",
    "HostingOrderView",
    "ImportHostingOrderView",
    "ListHostingOrderNumbersResponse",
    "ListHostingOrdersResponse",
    "ListQualifiedNumber",
    "QualifiedNumberView",
    "TextEnableResponse",
    "WireModel",
    "carrier_view",
    "hosting_order_number_view",
    "hosting_order_view",
    "import_hosting_order_view",
    "qualified_number_view",
    "wire_time",
]


class WireModel(ResponseModel):
    def to_json(self) -> bytes:
        return self.model_dump_json(by_alias=True, exclude_none=True).encode()


# --- qualified numbers ---------------------------------------------------------------


class StatusDetail(WireModel):
    status: str
    error: str = ""


class HostedNumberDetail(WireModel):
    status: int  # 0 unspecified, 1 hosted, 2 failed (an integer on the wire)
    error: str = ""


class QualifiedNumberView(WireModel):
    phone_number: str
    project_id: str
    region_code: str
    global_process_state: str
    osr_eligibility: StatusDetail
    ownership_verification: StatusDetail
    hosted_number: HostedNumberDetail
    created_time: Timestamp
    updated_time: Timestamp


def qualified_number_view(row: QualifiedNumber) -> QualifiedNumberView:
    return QualifiedNumberView(
        phone_number=row.phone_number,
        project_id=row.project_id,
        region_code=row.region_code,
        global_process_state=row.state,
        osr_eligibility=StatusDetail(
            status=row.osr_eligibility_state, error=row.osr_eligibility_error
        ),
        ownership_verification=StatusDetail(status=row.ownership_state, error=row.ownership_error),
        hosted_number=HostedNumberDetail(status=row.hosted_status, error=row.hosted_error),
        created_time=row.create_time,
        updated_time=row.update_time or row.create_time,
    )


class BatchCreateQualifiedNumbersResponse(WireModel):
    qualified_numbers: list[QualifiedNumberView]


class ListQualifiedNumber(WireModel):
    qualified_numbers: list[QualifiedNumberView]
    next_page_token: str
    total_size: int


# --- hosting orders ------------------------------------------------------------------


class PersonView(WireModel):
    first_name: str
    last_name: str
    email: str


class AddressView(WireModel):
    building_number: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str


class TextEnableInfoView(WireModel):
    business_name: str | None = None
    authorised_person: PersonView | None = None
    address: AddressView | None = None
    service_provider: str
    current_voice_carrier: str | None = None
    nnid: str
    loa_type: str | None = None


class ImportHostingOrderView(WireModel):
    project_id: str
    hosting_order_id: str
    display_name: str
    region_code: str
    state: str
    type: str
    created_time: Timestamp
    updated_time: Timestamp
    service_plan_id: str
    campaign_id: str | None = None
    migrate_to_sinch_tmo: bool
    callback_url: str | None = None


class HostingOrderView(ImportHostingOrderView):
    scheduled_osr_update_time: Timestamp | None = None
    text_enable_info: TextEnableInfoView | None = None
    # Sinch's own examples name the object hostingOrderInfo; both keys are sent so a
    # client reading either finds it.
    hosting_order_info: TextEnableInfoView | None = None


def _order_type(row: HostingOrder) -> str:
    return OrderType.IMPORT if row.kind == OrderKind.IMPORT else OrderType.TEXT_ENABLE


def _base(row: HostingOrder) -> dict[str, object]:
    return {
        "project_id": row.project_id,
        "hosting_order_id": row.id,
        "display_name": row.display_name,
        "region_code": row.region_code,
        "state": row.state,
        "type": _order_type(row),
        "created_time": row.create_time,
        "updated_time": row.update_time or row.create_time,
        "service_plan_id": row.service_plan_id,
        "campaign_id": row.campaign_id or None,
        "migrate_to_sinch_tmo": row.migrate_to_sinch_tmo,
        "callback_url": row.callback_url or None,
    }


def import_hosting_order_view(row: HostingOrder) -> ImportHostingOrderView:
    return ImportHostingOrderView.model_validate(_base(row))


def _text_enable_info(row: HostingOrder) -> TextEnableInfoView | None:
    if row.kind == OrderKind.IMPORT:
        return None
    with_loa = row.loa_type in ("Direct", "Reseller")
    return TextEnableInfoView(
        business_name=row.business_name or None,
        authorised_person=PersonView(
            first_name=row.person_first_name,
            last_name=row.person_last_name,
            email=row.person_email,
        )
        if with_loa
        else None,
        address=AddressView(
            building_number=row.address_building_number,
            street=row.address_street,
            city=row.address_city,
            state=row.address_state,
            postal_code=row.address_postal_code,
            country=row.address_country,
        )
        if with_loa
        else None,
        service_provider=row.service_provider,
        current_voice_carrier=row.current_voice_carrier or None,
        nnid=row.nnid,
        loa_type=row.loa_type if with_loa else None,
    )


def hosting_order_view(row: HostingOrder) -> HostingOrderView:
    info = _text_enable_info(row)
    return HostingOrderView.model_validate(
        {
            **_base(row),
            "scheduled_osr_update_time": row.scheduled_osr_update_time,
            "text_enable_info": info,
            "hosting_order_info": info,
        }
    )


class ListHostingOrdersResponse(WireModel):
    hosting_orders: list[HostingOrderView]
    next_page_token: str
    total_size: int


class TextEnableResponse(WireModel):
    hosting_order_id: str


class HostingOrderReportView(WireModel):
    total: int
    osr_updated: int
    sms_provisioned: int
    added_to_campaign: int
    ongoing_manual_action: int


class CarrierStateView(WireModel):
    state: str
    error_code: str
    error_message: str
    update_time: str | None = None
    operation: str | None = None


class OsrUpdateView(WireModel):
    nnid: str
    state: str


class CampaignStepView(WireModel):
    campaign_id: str
    state: str


class PlatformStepView(WireModel):
    service_plan_id: str
    state: str


class HostingOrderNumberView(WireModel):
    project_id: str
    hosting_order_id: str
    phone_number: str
    osr_update: OsrUpdateView
    campaign_provisioning: CampaignStepView
    platform_provisioning: PlatformStepView
    sms_att: CarrierStateView
    sms_tmo: CarrierStateView
    mms_att: CarrierStateView
    mms_tmo: CarrierStateView


_FIELD = {
    Step.SMS_ATT: "sms_att",
    Step.SMS_TMO: "sms_tmo",
    Step.MMS_ATT: "mms_att",
    Step.MMS_TMO: "mms_tmo",
}


def wire_time(value: datetime | None) -> str | None:
    return format_rfc3339(value) if value is not None else None


def carrier_view(row: HostingOrderNumber | ImportedNumber, step: Step) -> CarrierStateView:
    status = read_step(row, step)
    return CarrierStateView(
        state=status.state,
        error_code=status.error_code,
        error_message=status.error_message,
        update_time=wire_time(status.update_time),
        operation=status.operation or None,
    )


def hosting_order_number_view(
    order: HostingOrder, row: HostingOrderNumber
) -> HostingOrderNumberView:
    carriers = {_FIELD[step]: carrier_view(row, step) for step in CARRIER_STEPS}
    return HostingOrderNumberView.model_validate(
        {
            "project_id": row.project_id,
            "hosting_order_id": row.order_id,
            "phone_number": row.phone_number,
            "osr_update": OsrUpdateView(nnid=order.nnid, state=row.osr_state),
            "campaign_provisioning": CampaignStepView(
                campaign_id=order.campaign_id, state=row.campaign_state
            ),
            "platform_provisioning": PlatformStepView(
                service_plan_id=order.service_plan_id, state=row.platform_state
            ),
            **carriers,
        }
    )


class ListHostingOrderNumbersResponse(WireModel):
    numbers: list[HostingOrderNumberView]
    next_page_token: str
    total_size: int


# --- callbacks -----------------------------------------------------------------------


class CallbackConfigurationView(WireModel):
    project_id: str
    hmac_secret: str


class CallbackPayload(WireModel):
    resource_type: str
    event_type: str
    event_id: str
    timestamp: Timestamp
    project_id: str
    resource_id: str
    status: str
    failure_code: str | None = None
