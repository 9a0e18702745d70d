"""Small response wrappers the resources unwrap before returning (not public)."""

from __future__ import annotations

from opentrunk.sdk.types._base import Model
from opentrunk.sdk.types.country_permissions import CountryPermission
from opentrunk.sdk.types.qualified_numbers import QualifiedNumber
from opentrunk.sdk.types.sandbox import ChallengeCall, DeliveryFault, SandboxEmail

__all__ = [
    "AccessControlListIds",
    "AddedProjects",
    "ChallengeCalls",
    "CountryPermissionList",
    "CredentialListIds",
    "DeliveryFaults",
    "Empty",
    "QualifiedNumberList",
    "SandboxEmails",
    "TextEnableResponse",
]


class Empty(Model):
    pass


class AccessControlListIds(Model):
    access_control_list_ids: list[str] = []


class CredentialListIds(Model):
    credential_list_ids: list[str] = []


class CountryPermissionList(Model):
    country_permissions: list[CountryPermission] = []


class AddedProjects(Model):
    added_projects: list[str] = []


class QualifiedNumberList(Model):
    qualified_numbers: list[QualifiedNumber] = []


class TextEnableResponse(Model):
    hosting_order_id: str


class SandboxEmails(Model):
    emails: list[SandboxEmail] = []


class ChallengeCalls(Model):
    challenge_calls: list[ChallengeCall] = []


class DeliveryFaults(Model):
    faults: list[DeliveryFault] = []
