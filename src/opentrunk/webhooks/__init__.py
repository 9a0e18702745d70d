"""Callbacks through a transactional outbox: recorded with the state change they report,
delivered by the worker with Sinch's and Standard Webhooks' signatures, retried with
exponential backoff, every attempt logged, resendable, and deleted
``callback_retention_days`` after their delivery ended.

    await emit(session, project_id=p, url=callback_url, body=payload, event_id=eid, now=now)
"""

from opentrunk.webhooks.configuration import get_or_create, signing_secret, update
from opentrunk.webhooks.delivery import RETRY_SCHEDULE, jobs
from opentrunk.webhooks.outbox import DELIVER, EventStatus, emit, resend
from opentrunk.webhooks.retention import delete_ended  # registers its periodic task
from opentrunk.webhooks.signing import (
    sinch_signature,
    standard_signature,
    standard_webhooks_secret,
    verify_sinch_signature,
    verify_standard_signature,
)

__all__ = [
    "DELIVER",
    "RETRY_SCHEDULE",
    "EventStatus",
    "delete_ended",
    "emit",
    "get_or_create",
    "jobs",
    "resend",
    "signing_secret",
    "sinch_signature",
    "standard_signature",
    "standard_webhooks_secret",
    "update",
    "verify_sinch_signature",
    "verify_standard_signature",
]
