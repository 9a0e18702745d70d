"""A typed Python client for Sinch's Elastic SIP Trunking and Imported Numbers APIs,
usable against Sinch itself or a local opentrunk.

Example::

    from opentrunk.sdk import Client

    with Client(base_url="http://127.0.0.1:8080") as client:  # credentials: SINCH_* env
        trunk = client.trunks.create(name="Main office", host_name="acme-main")
        for number in client.phone_numbers.list(sip_trunk_id=trunk.id):
            print(number.phone_number)

``AsyncClient`` is the same with ``await``. This package depends on httpx and pydantic
only, and imports nothing from the opentrunk server.
"""

from opentrunk.sdk._async._client import AsyncClient
from opentrunk.sdk._async._export import AsyncCallExport
from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorBody,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    SDKError,
    UnprocessableEntityError,
    WaitTimeoutError,
    WebhookVerificationError,
)
from opentrunk.sdk._hosting import IMPORT_LIMIT, TEXT_ENABLE_LIMIT
from opentrunk.sdk._options import (
    DEFAULT_AUTH_URL,
    DEFAULT_HOSTING_BASE_URL,
    DEFAULT_TRUNKING_BASE_URL,
)
from opentrunk.sdk._paging import Page
from opentrunk.sdk._sync._client import Client
from opentrunk.sdk._sync._export import CallExport
from opentrunk.sdk._sync._pagination import Paginator
from opentrunk.sdk._webhooks import StandardWebhook, sign_callback, verify_callback

__all__ = [
    "DEFAULT_AUTH_URL",
    "DEFAULT_HOSTING_BASE_URL",
    "DEFAULT_TRUNKING_BASE_URL",
    "IMPORT_LIMIT",
    "TEXT_ENABLE_LIMIT",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCallExport",
    "AsyncClient",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "CallExport",
    "Client",
    "ConflictError",
    "ErrorBody",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "Paginator",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "StandardWebhook",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "WebhookVerificationError",
    "sign_callback",
    "verify_callback",
]
