"""Wire models of the EST API (field names, defaults and shapes as Sinch's API and its
official Node SDK use them; conflicts resolved in ``shared/reference/est-api.md``)."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from opentrunk.kit.countries import country
from opentrunk.kit.e164 import is_e164
from opentrunk.kit.wire import RequestModel, ResponseModel, Timestamp, reject_nul

__all__ = [
    "AccessControlListIds",
    "AccessControlListInput",
    "AccessControlListOut",
    "AccessControlListUpdate",
    "AddProjectsRequest",
    "CallBlockingRuleInput",
    "CallBlockingRuleOut",
    "CallOut",
    "CountryPermissionOut",
    "CountryPermissionUpdate",
    "CredentialInput",
    "CredentialListIds",
    "CredentialListInput",
    "CredentialListOut",
    "CredentialListUpdate",
    "CredentialOut",
    "CredentialPassword",
    "IpRangeInput",
    "IpRangeOut",
    "Money",
    "PhoneNumberAssignment",
    "PhoneNumberOut",
    "SipEndpointInput",
    "SipEndpointOut",
    "TrunkInput",
    "TrunkOut",
    "TrunkPhoneNumberInput",
]


def _upper(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _check_e164(value: str) -> str:
    if not is_e164(value):
        raise ValueError(f"'{value}' is not an E.164 number (for example +15551234567)")
    return value


def _check_e164_or_empty(value: str) -> str:
    return value if value == "" else _check_e164(value)


def _check_country(value: str) -> str:
    if country(value) is None:
        raise ValueError(f"'{value}' is not an ISO 3166-1 alpha-2 country code")
    return value


# RFC 1035 label, as the trunk's hostName becomes the first label of its SIP domain.
_HOST_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_FQDN_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
# SIP user part without the characters that would break a URI or a digest header.
_USERNAME = re.compile(r"[A-Za-z0-9._~!$&'()*+,;=%-]{1,128}")


def _check_host_name(value: str) -> str:
    if not _HOST_NAME.fullmatch(value):
        raise ValueError(
            "hostName may contain only letters, digits and '-', must not start or end "
            "with '-', and is at most 63 characters"
        )
    return value.lower()


def _check_address(value: str) -> str:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    labels = value.rstrip(".").split(".")
    if len(value) > 253 or len(labels) < 2 or not all(_FQDN_LABEL.fullmatch(x) for x in labels):
        raise ValueError(f"'{value}' is neither an IP address nor a fully qualified domain name")
    return value.rstrip(".").lower()


def _check_password(value: str) -> str:
    if (
        len(value) < 12
        or not re.search(r"[A-Z]", value)
        or not re.search(r"[a-z]", value)
        or not re.search(r"[0-9]", value)
    ):
        raise ValueError(
            "password must be at least 12 characters with at least one uppercase letter, "
            "one lowercase letter and one digit"
        )
    return value


def _check_username(value: str) -> str:
    if not _USERNAME.fullmatch(value):
        raise ValueError("username must be 1-128 characters allowed in a SIP user part")
    return value


E164 = Annotated[str, AfterValidator(_check_e164)]
CountryCode = Annotated[str, BeforeValidator(_upper), AfterValidator(_check_country)]
Name = Annotated[str, Field(min_length=1, max_length=255)]
Direction = Annotated[Literal["INBOUND", "OUTBOUND"], BeforeValidator(_upper)]
Transport = Annotated[Literal["UDP", "TCP", "TLS"], BeforeValidator(_upper)]
Password = Annotated[str, AfterValidator(_check_password)]
Username = Annotated[str, AfterValidator(_check_username)]
Match = Annotated[str, Field(pattern=r"^\+?[0-9]{1,15}$")]


# --- trunks ---------------------------------------------------------------------------


class TrunkInput(RequestModel):
    """Create and full-replacement update of a trunk."""

    name: Name
    host_name: Annotated[str, AfterValidator(_check_host_name)]
    enable_caller_name: bool = False
    enable_call_forward: bool = False
    call_forward_number: Annotated[str, AfterValidator(_check_e164_or_empty)] | None = None

    @model_validator(mode="after")
    def _forwarding_needs_a_number(self) -> TrunkInput:
        if self.enable_call_forward and not self.call_forward_number:
            raise ValueError("callForwardNumber is required when enableCallForward is true")
        return self


class TrunkOut(ResponseModel):
    id: str
    project_id: str
    name: str
    host_name: str
    top_level_domain: str
    domain: str
    calls_per_second: int
    enable_caller_name: bool
    enable_call_forward: bool
    call_forward_number: str
    create_time: Timestamp
    update_time: Timestamp | None


# --- access control lists -------------------------------------------------------------


class IpRangeInput(RequestModel):
    description: Annotated[str, Field(max_length=255)] | None = None
    ip_address: Annotated[str, Field(min_length=1, max_length=45)]
    range: Annotated[int, Field(ge=1, le=32)] = 32


class IpRangeOut(ResponseModel):
    id: str
    access_control_list_id: str
    project_id: str
    description: str | None
    ip_address: str
    range: int
    create_time: Timestamp
    update_time: Timestamp | None


class AccessControlListInput(RequestModel):
    name: Name
    enabled: bool = True
    ip_ranges: Annotated[list[IpRangeInput], Field(min_length=1, max_length=1000)]


class AccessControlListUpdate(RequestModel):
    """Full replacement of name and enabled; ``ipRanges``, when given, replaces every
    range of the list (omitted: the ranges stay, as they are managed on their own)."""

    name: Name
    enabled: bool = True
    ip_ranges: Annotated[list[IpRangeInput], Field(max_length=1000)] | None = None


class AccessControlListOut(ResponseModel):
    id: str
    project_id: str
    name: str
    enabled: bool
    ip_ranges: list[IpRangeOut]
    create_time: Timestamp
    update_time: Timestamp | None


# --- credential lists -----------------------------------------------------------------


class CredentialInput(RequestModel):
    username: Username
    password: Password


class CredentialListInput(RequestModel):
    name: Name
    credentials: Annotated[list[CredentialInput], Field(max_length=1000)]


class CredentialListUpdate(RequestModel):
    """Full replacement of the name; ``credentials``, when given, replaces every
    credential of the list (each with its password)."""

    name: Name
    credentials: Annotated[list[CredentialInput], Field(max_length=1000)] | None = None


class CredentialPassword(RequestModel):
    password: Password


class CredentialOut(ResponseModel):
    id: str
    username: str


class CredentialListOut(ResponseModel):
    id: str
    project_id: str
    name: str
    credentials: list[CredentialOut]
    create_time: Timestamp
    update_time: Timestamp | None


# --- endpoints ------------------------------------------------------------------------


class SipEndpointInput(RequestModel):
    """A static endpoint (``address``) or a registered one (``isRegistered`` and
    ``credentialUsername``; the SDK's older spelling ``credentialUserName`` is accepted)."""

    name: Name
    priority: Annotated[int, Field(ge=1, le=1000)]
    enabled: bool = True
    transport: Transport = "UDP"
    address: Annotated[str, AfterValidator(_check_address)] | None = None
    port: Annotated[int, Field(ge=1, le=65535)] = 5060
    is_registered: bool = False
    credential_username: Annotated[str, Field(min_length=1, max_length=128)] | None = Field(
        default=None, validation_alias="credentialUsername"
    )
    credential_user_name: Annotated[str, Field(min_length=1, max_length=128)] | None = Field(
        default=None, validation_alias="credentialUserName"
    )

    @model_validator(mode="after")
    def _one_kind(self) -> SipEndpointInput:
        username = self.credential_username or self.credential_user_name
        if self.is_registered:
            if not username:
                raise ValueError("a registered endpoint needs credentialUsername")
            if self.address is not None:
                raise ValueError("a registered endpoint has no address (isRegistered is true)")
        elif self.address is None:
            raise ValueError(
                "give address for a static endpoint, or isRegistered: true and "
                "credentialUsername for a registered one"
            )
        return self

    @property
    def username(self) -> str | None:
        return self.credential_username or self.credential_user_name


class SipEndpointOut(ResponseModel):
    id: str
    sip_trunk_id: str
    project_id: str
    name: str
    address: str | None
    port: int
    transport: str
    priority: int
    enabled: bool
    is_registered: bool
    credential_username: str | None
    create_time: Timestamp
    update_time: Timestamp | None


# --- phone numbers --------------------------------------------------------------------


class PhoneNumberAssignment(RequestModel):
    """``POST /phoneNumbers``: assign to ``sipTrunkId``; an empty ``sipTrunkId`` unassigns."""

    phone_number: E164
    sip_trunk_id: str


class TrunkPhoneNumberInput(RequestModel):
    phone_number: E164


class PhoneNumberOut(ResponseModel):
    id: str
    sip_trunk_id: str
    phone_number: str
    country_code: str | None
    create_time: Timestamp
    update_time: Timestamp | None


# --- country permissions --------------------------------------------------------------


class CountryPermissionUpdate(RequestModel):
    enabled: bool


class CountryPermissionOut(ResponseModel):
    iso_code: str
    name: str
    continent: str
    country_dialing_codes: list[str]
    enabled: bool


# --- call blocking rules --------------------------------------------------------------


class CallBlockingRuleInput(RequestModel):
    name: Annotated[str, Field(max_length=255)] | None = None
    direction: Direction
    caller_country: CountryCode | None = None
    callee_country: CountryCode | None = None
    caller_match: Match | None = None
    callee_match: Match | None = None


class CallBlockingRuleOut(ResponseModel):
    id: str
    project_id: str
    name: str | None
    direction: str
    caller_country: str | None
    callee_country: str | None
    caller_match: str | None
    callee_match: str | None
    create_time: Timestamp
    update_time: Timestamp | None


# --- calls ----------------------------------------------------------------------------


class Money(ResponseModel):
    currency_code: str
    amount: float


class CallOut(ResponseModel):
    call_id: str
    project_id: str
    trunk_id: str | None
    direction: str
    from_: str = Field(alias="from")
    to: str
    call_result: str
    create_time: Timestamp
    answer_time: Timestamp | None
    end_time: Timestamp | None
    duration_seconds: int
    billing_duration_seconds: int
    price_per_minute: Money
    price: Money
    pcap_id: str | None


# --- links and projects ---------------------------------------------------------------

# Also a bare JSON array (the bulk credential-list PUT), outside any RequestModel.
Id = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(reject_nul)]


class AccessControlListIds(RequestModel):
    access_control_list_ids: Annotated[list[Id], Field(max_length=100)] = []


class CredentialListIds(RequestModel):
    credential_list_ids: Annotated[list[Id], Field(max_length=100)]


class AddProjectsRequest(RequestModel):
    project_ids: Annotated[
        list[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]],
        Field(min_length=1, max_length=100),
    ]
