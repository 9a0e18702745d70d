"""Imported numbers: non-Sinch numbers enabled for SMS through Sinch."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from opentrunk.sdk.types._base import Model

__all__ = [
    "CarrierState",
    "ImportedNumber",
    "MnoConfiguration",
    "NumberSearchPattern",
    "OrderBy",
    "ScheduledProvisioning",
    "ServiceProvisioning",
    "SmsConfiguration",
]

OrderBy: TypeAlias = Literal["createdTime", "updatedTime"]
NumberSearchPattern: TypeAlias = Literal["START", "CONTAIN", "END"]


class ScheduledProvisioning(Model):
    """A pending or failed change of service plan or campaign. ``status`` and
    ``error_codes`` arrive as names or numbers depending on the server."""

    service_plan_id: str | None = None
    campaign_id: str | None = None
    status: str | int | None = None
    last_updated_time: datetime | None = None
    error_codes: list[str | int] = []


class SmsConfiguration(Model):
    service_plan_id: str | None = None
    campaign_id: str | None = None
    scheduled_provisioning: ScheduledProvisioning | None = None
    migrate_to_sinch_tmo: bool | None = None


class CarrierState(Model):
    """One carrier's SMS or MMS enablement: ``state`` is ``DONE``, ``FAILED``,
    ``IN_PROGRESS``, ``WAITING`` or ``STATE_UNSPECIFIED``."""

    state: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    update_time: datetime | None = None
    operation: str | None = None


class MnoConfiguration(Model):
    sms_att: CarrierState | None = None
    sms_tmo: CarrierState | None = None
    mms_att: CarrierState | None = None
    mms_tmo: CarrierState | None = None


class ServiceProvisioning(Model):
    """Provisioning to the SMS platform (``service_type`` ``SMS``) or to a 10DLC
    campaign (``CAMPAIGN``)."""

    service_type: str | None = None
    service_id: str | None = None
    type: str | None = None
    state: str | None = None
    update_time: datetime | None = None
    error_message: str | None = None
    error_code: str | None = None


class ImportedNumber(Model):
    phone_number: str
    project_id: str | None = None
    region_code: str | None = None
    display_name: str | None = None
    sms_configuration: SmsConfiguration | None = None
    callback_url: str | None = None
    #: Only on reads (get and list), not on create and update answers.
    mno_configuration: MnoConfiguration | None = None
    sms_provisioning: ServiceProvisioning | None = None
    campaign_provisioning: ServiceProvisioning | None = None
