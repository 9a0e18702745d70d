"""Response models of imported numbers (``ImportedNumber`` and the richer
``ImportedNumberResponse``), and their builders from rows."""

from __future__ import annotations

from opentrunk.hosting.states import Step, StepState
from opentrunk.hosting.steps import read_step
from opentrunk.hosting.views import CarrierStateView, WireModel, carrier_view, wire_time
from opentrunk.kit.wire import Timestamp
from opentrunk.store.models import ImportedNumber

__all__ = [
    "ERROR_CODE_NUMBERS",
    "ImportedNumberDetailView",
    "ImportedNumberView",
    "ListImportedNumbersResponse",
    "imported_number_detail_view",
    "imported_number_view",
]


class ScheduledProvisioningView(WireModel):
    service_plan_id: str
    campaign_id: str
    status: int  # 1 WAITING, 2 IN_PROGRESS, 3 FAILED (integer per the spec)
    last_updated_time: Timestamp
    error_codes: list[int]


class SmsConfigurationView(WireModel):
    service_plan_id: str
    campaign_id: str
    scheduled_provisioning: ScheduledProvisioningView | None = None
    migrate_to_sinch_tmo: bool


class ImportedNumberView(WireModel):
    phone_number: str
    project_id: str
    region_code: str
    display_name: str
    sms_configuration: SmsConfigurationView
    callback_url: str | None = None


class ProvisioningView(WireModel):
    service_type: str
    service_id: str
    type: str
    state: str
    update_time: str | None = None
    error_message: str
    error_code: str


class MnoConfigurationView(WireModel):
    sms_att: CarrierStateView
    sms_tmo: CarrierStateView
    mms_att: CarrierStateView
    mms_tmo: CarrierStateView


class ImportedNumberDetailView(ImportedNumberView):
    mno_configuration: MnoConfigurationView | None = None
    sms_provisioning: ProvisioningView | None = None
    campaign_provisioning: ProvisioningView | None = None


#: ScheduledProvisioning.status (the Numbers API's ProvisioningStatus, by position).
_PENDING_STATUS = {StepState.WAITING: 1, StepState.IN_PROGRESS: 2, StepState.FAILED: 3}
#: ScheduledProvisioning.errorCodes (the Numbers API's ErrorCode enum, by position).
ERROR_CODE_NUMBERS = {
    "INTERNAL_ERROR": 1,
    "SMS_PROVISIONING_FAILED": 2,
    "CAMPAIGN_PROVISIONING_FAILED": 3,
    "CAMPAIGN_NOT_AVAILABLE": 4,
    "EXCEEDED_10DLC_LIMIT": 5,
    "NUMBER_PROVISIONING_FAILED": 6,
    "PARTNER_SERVICE_UNAVAILABLE": 7,
    "CAMPAIGN_PENDING_ACCEPTANCE": 8,
    "MNO_SHARING_ERROR": 9,
    "CAMPAIGN_EXPIRED": 10,
    "CAMPAIGN_MNO_REJECTED": 11,
    "CAMPAIGN_MNO_SUSPENDED": 12,
    "CAMPAIGN_MNO_REVIEW": 13,
    "INSUFFICIENT_BALANCE": 14,
    "MOCK_CAMPAIGN_NOT_ALLOWED": 15,
    "TFN_NOT_ALLOWED": 16,
    "INVALID_NNID": 17,
}


def _scheduled(row: ImportedNumber) -> ScheduledProvisioningView | None:
    """The pending (or failed) change of either slot, if any."""
    pending = [
        read_step(row, step)
        for step in (Step.PLATFORM, Step.CAMPAIGN)
        if read_step(row, step).state in _PENDING_STATUS
    ]
    if not pending:
        return None
    worst = max(pending, key=lambda s: _PENDING_STATUS[StepState(s.state)])
    codes = [ERROR_CODE_NUMBERS.get(s.error_code, 1) for s in pending if s.error_code]
    platform_target = row.platform_service_id if row.platform_type == "PROVISIONING" else ""
    campaign_target = row.campaign_service_id if row.campaign_type == "PROVISIONING" else ""
    return ScheduledProvisioningView(
        service_plan_id=platform_target
        if row.platform_state in _PENDING_STATUS
        else row.service_plan_id,
        campaign_id=campaign_target if row.campaign_state in _PENDING_STATUS else row.campaign_id,
        status=_PENDING_STATUS[StepState(worst.state)],
        last_updated_time=max(s.update_time or row.create_time for s in pending),
        error_codes=codes,
    )


def imported_number_view(row: ImportedNumber) -> ImportedNumberView:
    return ImportedNumberView(
        phone_number=row.phone_number,
        project_id=row.project_id,
        region_code=row.region_code,
        display_name=row.display_name,
        sms_configuration=SmsConfigurationView(
            service_plan_id=row.service_plan_id,
            campaign_id=row.campaign_id,
            scheduled_provisioning=_scheduled(row),
            migrate_to_sinch_tmo=row.migrate_to_sinch_tmo,
        ),
        callback_url=row.callback_url or None,
    )


def _provisioning(row: ImportedNumber, step: Step) -> ProvisioningView | None:
    status = read_step(row, step)
    if status.state == StepState.UNSPECIFIED:
        return None
    platform = step is Step.PLATFORM
    return ProvisioningView(
        service_type="SMS" if platform else "CAMPAIGN",
        service_id=row.platform_service_id if platform else row.campaign_service_id,
        type=row.platform_type if platform else row.campaign_type,
        state=status.state,
        update_time=wire_time(status.update_time),
        error_message=status.error_message,
        error_code=status.error_code,
    )


def imported_number_detail_view(row: ImportedNumber) -> ImportedNumberDetailView:
    plain = imported_number_view(row)
    carriers_used = row.sms_att_state != StepState.UNSPECIFIED
    return ImportedNumberDetailView(
        **dict(plain),
        mno_configuration=MnoConfigurationView(
            sms_att=carrier_view(row, Step.SMS_ATT),
            sms_tmo=carrier_view(row, Step.SMS_TMO),
            mms_att=carrier_view(row, Step.MMS_ATT),
            mms_tmo=carrier_view(row, Step.MMS_TMO),
        )
        if carriers_used
        else None,
        sms_provisioning=_provisioning(row, Step.PLATFORM),
        campaign_provisioning=_provisioning(row, Step.CAMPAIGN),
    )


class ListImportedNumbersResponse(WireModel):
    imported_numbers: list[ImportedNumberDetailView]
    next_page_token: str
    total_size: int
