"""Hosting orders (importing and text-enabling numbers) and the Letters of
Authorization they carry."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeAlias

from pydantic import AliasChoices, Field

from opentrunk.sdk.types._base import Model

__all__ = [
    "FINAL_STATES",
    "Address",
    "AuthorisedPerson",
    "BlanketLoaInfo",
    "DirectLoaInfo",
    "HostingOrder",
    "HostingOrderNumber",
    "HostingOrderReport",
    "HostingOrderState",
    "HostingOrderType",
    "ResellerLoaInfo",
    "StepState",
    "TextEnableInfo",
]

HostingOrderState: TypeAlias = Literal[
    "HOSTING_ORDER_STATE_UNSPECIFIED",
    "DRAFT",
    "SUBMITTED",
    "WAITING_FOR_LOA_SIGNATURE",
    "IN_PROGRESS",
    "COMPLETED",
    "REJECTED",
]
HostingOrderType: TypeAlias = Literal[
    "HOSTING_ORDER_TYPE_UNSPECIFIED", "IMPORT", "TYPE_TEXT_ENABLE"
]
StepState: TypeAlias = Literal["DONE", "FAILED", "IN_PROGRESS", "WAITING", "STATE_UNSPECIFIED"]

#: An order in one of these states changes no more.
FINAL_STATES = frozenset({"COMPLETED", "REJECTED"})


class Address(Model):
    building_number: str
    street: str
    city: str
    state: str
    postal_code: str
    country: str


class AuthorisedPerson(Model):
    """Who signs the Letter of Authorization (it is emailed to ``email``)."""

    first_name: str
    last_name: str
    email: str


class DirectLoaInfo(Model):
    authorised_person: AuthorisedPerson
    address: Address
    current_voice_carrier: str


class ResellerLoaInfo(Model):
    business_name: str
    authorised_person: AuthorisedPerson
    address: Address
    current_voice_carrier: str


class BlanketLoaInfo(Model):
    """Use the blanket LOA your account manager approved (no signature per order)."""


class TextEnableInfo(Model):
    business_name: str | None = None
    authorised_person: AuthorisedPerson | None = None
    address: Address | None = None
    service_provider: str | None = None
    current_voice_carrier: str | None = None
    nnid: str | None = None
    loa_type: str | None = None


class HostingOrder(Model):
    hosting_order_id: str
    state: str
    type: str | None = None
    project_id: str | None = None
    display_name: str | None = None
    region_code: str | None = None
    service_plan_id: str | None = None
    campaign_id: str | None = None
    migrate_to_sinch_tmo: bool | None = None
    callback_url: str | None = None
    created_time: datetime | None = None
    updated_time: datetime | None = None
    scheduled_osr_update_time: datetime | None = None
    #: ``textEnableInfo`` in the schema, ``hostingOrderInfo`` in Sinch's examples.
    text_enable_info: TextEnableInfo | None = Field(
        default=None, validation_alias=AliasChoices("textEnableInfo", "hostingOrderInfo")
    )

    @property
    def ended(self) -> bool:
        return self.state in FINAL_STATES


class HostingOrderReport(Model):
    total: int = 0
    osr_updated: int = 0
    sms_provisioned: int = 0
    added_to_campaign: int = 0
    ongoing_manual_action: int = 0


class OsrUpdate(Model):
    nnid: str | None = None
    state: str | None = None


class CampaignStep(Model):
    campaign_id: str | None = None
    state: str | None = None


class PlatformStep(Model):
    service_plan_id: str | None = None
    state: str | None = None


class CarrierStep(Model):
    state: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    update_time: datetime | None = None


class HostingOrderNumber(Model):
    """The progress of one number of an order, step by step and carrier by carrier."""

    phone_number: str
    hosting_order_id: str | None = None
    project_id: str | None = None
    osr_update: OsrUpdate | None = None
    campaign_provisioning: CampaignStep | None = None
    platform_provisioning: PlatformStep | None = None
    sms_att: CarrierStep | None = None
    sms_tmo: CarrierStep | None = None
    mms_att: CarrierStep | None = None
    mms_tmo: CarrierStep | None = None
