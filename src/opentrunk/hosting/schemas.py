"""Wire models of the Imported Numbers & Hosting Orders API (request bodies).

Field names follow Sinch's OpenAPI document; where it is ambiguous
(``shared/reference/imported-api.md`` §7) every form a real client might send is
accepted, as the README's "Number hosting" section lists. Responses are in
``hosting/views.py``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

import httpx
from pydantic import (
    AfterValidator,
    AliasChoices,
    BeforeValidator,
    Field,
    StringConstraints,
    model_validator,
)

from opentrunk.kit.timefmt import parse_rfc3339
from opentrunk.kit.wire import RequestModel

__all__ = [
    "Address",
    "AuthorisedPerson",
    "BatchCreateQualifiedNumbersRequest",
    "CallbackConfigurationUpdate",
    "CreateImportedNumberRequest",
    "DirectLoaInfo",
    "ImportNumbersRequest",
    "ImportedNumberUpdate",
    "ResellerLoaInfo",
    "SmsConfigurationInput",
    "SmsConfigurationUpdate",
    "TextEnableNumbersRequest",
    "TextEnableTollFreeNumbersRequest",
    "VerifyVoiceChallengeRequest",
]

_FRACTION = re.compile(r"(\.\d{6})\d+")


def _timestamp(value: object) -> object:
    """RFC 3339 with 0-9 fractional digits (Python keeps six)."""
    if isinstance(value, str):
        try:
            return parse_rfc3339(_FRACTION.sub(r"\1", value.strip()))
        except ValueError:
            raise ValueError(f"'{value}' is not an RFC 3339 timestamp") from None
    return value


def _code(value: object) -> object:
    # A client may send the spoken code as a number.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Text = Annotated[str, StringConstraints(max_length=255)]
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


def _callback_url(value: str) -> str:
    """Empty (no callbacks) or an absolute http(s) URL: checked when the request comes,
    not when the first callback is due hours later."""
    if value:
        try:
            url = httpx.URL(value)
        except (httpx.InvalidURL, TypeError):
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.host:
            raise ValueError("must be an absolute http(s) URL")
    return value


Url = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=2048), AfterValidator(_callback_url)
]
Numbers = list[Annotated[str, StringConstraints(max_length=32)]]
Time = Annotated[datetime, BeforeValidator(_timestamp)]


class AuthorisedPerson(RequestModel):
    first_name: Required
    last_name: Required
    email: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+$")]


class Address(RequestModel):
    building_number: Required
    street: Required
    city: Required
    state: Required
    postal_code: Required
    country: Required


class DirectLoaInfo(RequestModel):
    # The schema names the type AuthorizedPerson; the key is British. Both are read.
    authorised_person: AuthorisedPerson = Field(
        validation_alias=AliasChoices("authorisedPerson", "authorizedPerson")
    )
    address: Address
    current_voice_carrier: Required


class ResellerLoaInfo(DirectLoaInfo):
    business_name: Required


class SmsConfigurationInput(RequestModel):
    service_plan_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
    campaign_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""


class CreateImportedNumberRequest(RequestModel):
    phone_number: Annotated[str, StringConstraints(max_length=32)]
    region_code: Annotated[str, StringConstraints(max_length=8)]
    sms_configuration: SmsConfigurationInput
    display_name: Text = ""
    callback_url: Url = ""
    project_id: str | None = None


class SmsConfigurationUpdate(RequestModel):
    """``None`` is a field not sent (left unchanged); ``""`` unlinks."""

    service_plan_id: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None
    ) = None
    campaign_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = (
        None
    )


class ImportedNumberUpdate(RequestModel):
    display_name: Text | None = None
    sms_configuration: SmsConfigurationUpdate | None = None
    callback_url: Url | None = None
    project_id: str | None = None


class ImportNumbersRequest(RequestModel):
    region_code: Annotated[str, StringConstraints(max_length=8)]
    numbers: Numbers
    service_plan_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
    campaign_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""
    display_name: Text = ""
    callback_url: Url = ""
    migrate_to_sinch_tmo: bool = False
    project_id: str | None = None


class TextEnableNumbersRequest(RequestModel):
    region_code: Annotated[str, StringConstraints(max_length=8)]
    numbers: Numbers
    service_plan_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
    campaign_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""
    nnid: Annotated[str, StringConstraints(strip_whitespace=True, max_length=32)] = ""
    direct_loa_info: DirectLoaInfo | None = None
    reseller_loa_info: ResellerLoaInfo | None = None
    #: Present (``{}``) means "my pre-approved blanket LOA"; its content is ignored.
    blanket_loa_info: dict[str, Any] | None = None
    scheduled_osr_update_time: Time | None = None
    display_name: Text = ""
    callback_url: Url = ""
    project_id: str | None = None
    # migrateToSinchTmo is read-only here (Sinch's examples send it anyway): ignored.


def _flatten_toll_free(data: Any) -> Any:
    """The spec's toll-free schema nests the common fields under a property literally
    named ``allOf``, and Sinch's example puts ``scheduledZipwhipProvisioningTime`` inside
    ``directLoaInfo``. Both are lifted to the flat form the API means."""
    if not isinstance(data, dict):
        return data
    flat = dict(data)
    nested = flat.pop("allOf", None)
    if isinstance(nested, dict):
        flat = {**nested, **flat}
    for key in ("directLoaInfo", "resellerLoaInfo"):
        loa = flat.get(key)
        if isinstance(loa, dict) and "scheduledZipwhipProvisioningTime" in loa:
            loa = dict(loa)
            moved = loa.pop("scheduledZipwhipProvisioningTime")
            flat.setdefault("scheduledZipwhipProvisioningTime", moved)
            flat[key] = loa
    return flat


class TextEnableTollFreeNumbersRequest(RequestModel):
    region_code: Annotated[str, StringConstraints(max_length=8)]
    numbers: Numbers
    service_plan_id: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)]
    direct_loa_info: DirectLoaInfo | None = None
    reseller_loa_info: ResellerLoaInfo | None = None
    scheduled_zipwhip_provisioning_time: Time | None = None
    display_name: Text = ""
    callback_url: Url = ""
    project_id: str | None = None
    # Refused with a clear error when sent (toll-free numbers take none of these).
    campaign_id: str | None = None
    nnid: str | None = None
    blanket_loa_info: dict[str, Any] | None = None
    scheduled_osr_update_time: Any = None

    @model_validator(mode="before")
    @classmethod
    def _flatten(cls, data: Any) -> Any:
        return _flatten_toll_free(data)


class BatchCreateQualifiedNumbersRequest(RequestModel):
    phone_numbers: Numbers


class VerifyVoiceChallengeRequest(RequestModel):
    code: Annotated[
        str, BeforeValidator(_code), StringConstraints(strip_whitespace=True, max_length=32)
    ]


class CallbackConfigurationUpdate(RequestModel):
    hmac_secret: Annotated[str, StringConstraints(max_length=255)] | None = None
