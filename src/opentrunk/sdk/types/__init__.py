"""The SDK's pydantic models: what the APIs return, and the structured inputs they take.

Field names are snake_case; on the wire they are camelCase. Unknown fields from a newer
server are kept (``model_extra``), never an error.
"""

from opentrunk.sdk.types.access_control_lists import AccessControlList, IpRange, IpRangeInput
from opentrunk.sdk.types.call_blocking_rules import CallBlockingRule, Direction
from opentrunk.sdk.types.callbacks import CallbackConfiguration, CallbackEvent
from opentrunk.sdk.types.calls import Call, CallResult, Money
from opentrunk.sdk.types.country_permissions import CountryPermission
from opentrunk.sdk.types.credential_lists import Credential, CredentialInput, CredentialList
from opentrunk.sdk.types.endpoints import SipEndpoint, Transport
from opentrunk.sdk.types.hosting_orders import (
    FINAL_STATES,
    Address,
    AuthorisedPerson,
    BlanketLoaInfo,
    DirectLoaInfo,
    HostingOrder,
    HostingOrderNumber,
    HostingOrderReport,
    HostingOrderState,
    HostingOrderType,
    ResellerLoaInfo,
    StepState,
    TextEnableInfo,
)
from opentrunk.sdk.types.imported_numbers import (
    CarrierState,
    ImportedNumber,
    MnoConfiguration,
    NumberSearchPattern,
    OrderBy,
    ScheduledProvisioning,
    ServiceProvisioning,
    SmsConfiguration,
)
from opentrunk.sdk.types.phone_numbers import PhoneNumber
from opentrunk.sdk.types.qualified_numbers import QualificationStep, QualifiedNumber
from opentrunk.sdk.types.sandbox import (
    ChallengeCall,
    DeliveryAttempt,
    DeliveryFault,
    SandboxCallback,
    SandboxClock,
    SandboxEmail,
)
from opentrunk.sdk.types.trunks import Trunk

__all__ = [
    "FINAL_STATES",
    "AccessControlList",
    "Address",
    "AuthorisedPerson",
    "BlanketLoaInfo",
    "Call",
    "CallBlockingRule",
    "CallResult",
    "CallbackConfiguration",
    "CallbackEvent",
    "CarrierState",
    "ChallengeCall",
    "CountryPermission",
    "Credential",
    "CredentialInput",
    "CredentialList",
    "DeliveryAttempt",
    "DeliveryFault",
    "DirectLoaInfo",
    "Direction",
    "HostingOrder",
    "HostingOrderNumber",
    "HostingOrderReport",
    "HostingOrderState",
    "HostingOrderType",
    "ImportedNumber",
    "IpRange",
    "IpRangeInput",
    "MnoConfiguration",
    "Money",
    "NumberSearchPattern",
    "OrderBy",
    "PhoneNumber",
    "QualificationStep",
    "QualifiedNumber",
    "ResellerLoaInfo",
    "SandboxCallback",
    "SandboxClock",
    "SandboxEmail",
    "ScheduledProvisioning",
    "ServiceProvisioning",
    "SipEndpoint",
    "SmsConfiguration",
    "StepState",
    "TextEnableInfo",
    "Transport",
    "Trunk",
]
