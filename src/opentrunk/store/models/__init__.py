"""Every table, one module each; importing this package registers them all on
``Base.metadata`` (Alembic and the tests rely on that)."""

from opentrunk.store.models.access_control_list import AccessControlList
from opentrunk.store.models.access_key import AccessKey
from opentrunk.store.models.call_blocking_rule import CallBlockingRule
from opentrunk.store.models.call_record import CallRecord
from opentrunk.store.models.callback_configuration import CallbackConfiguration
from opentrunk.store.models.config_version import ConfigVersion
from opentrunk.store.models.country_permission import CountryPermission
from opentrunk.store.models.credential import Credential
from opentrunk.store.models.credential_list import CredentialList
from opentrunk.store.models.hosting_event import HostingEvent
from opentrunk.store.models.hosting_order import HostingOrder
from opentrunk.store.models.hosting_order_number import HostingOrderNumber
from opentrunk.store.models.imported_number import ImportedNumber
from opentrunk.store.models.ip_range import IpRange
from opentrunk.store.models.job import Job
from opentrunk.store.models.loa_document import LoaDocument
from opentrunk.store.models.outbound_email import OutboundEmail
from opentrunk.store.models.phone_number import PhoneNumber
from opentrunk.store.models.project import Project
from opentrunk.store.models.qualified_number import QualifiedNumber
from opentrunk.store.models.sandbox_clock import SandboxClockOffset
from opentrunk.store.models.server_secret import ServerSecret
from opentrunk.store.models.sip_endpoint import SipEndpoint
from opentrunk.store.models.sip_registration import SipRegistration
from opentrunk.store.models.trunk import Trunk
from opentrunk.store.models.trunk_access_control_list import TrunkAccessControlList
from opentrunk.store.models.trunk_credential_list import TrunkCredentialList
from opentrunk.store.models.voice_challenge import VoiceChallenge
from opentrunk.store.models.webhook_delivery import WebhookDelivery
from opentrunk.store.models.webhook_event import WebhookEvent
from opentrunk.store.models.webhook_fault import WebhookFault

__all__ = [
    "AccessControlList",
    "AccessKey",
    "CallBlockingRule",
    "CallRecord",
    "CallbackConfiguration",
    "ConfigVersion",
    "CountryPermission",
    "Credential",
    "CredentialList",
    "HostingEvent",
    "HostingOrder",
    "HostingOrderNumber",
    "ImportedNumber",
    "IpRange",
    "Job",
    "LoaDocument",
    "OutboundEmail",
    "PhoneNumber",
    "Project",
    "QualifiedNumber",
    "SandboxClockOffset",
    "ServerSecret",
    "SipEndpoint",
    "SipRegistration",
    "Trunk",
    "TrunkAccessControlList",
    "TrunkCredentialList",
    "VoiceChallenge",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookFault",
]
