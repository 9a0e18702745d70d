"""The errors the SDK raises, one class per HTTP status::

    SDKError
     ├── APIError                        a request was made (``request``)
     │    ├── APIConnectionError         no response: refused, reset, DNS
     │    │    └── APITimeoutError       no response in time
     │    ├── APIResponseValidationError a 2xx whose body does not fit the model
     │    └── APIStatusError             a non-2xx answer (``status_code``, ``body``)
     │         ├── BadRequestError            400
     │         ├── AuthenticationError        401
     │         ├── PermissionDeniedError      403
     │         ├── NotFoundError              404
     │         ├── ConflictError              409
     │         ├── PayloadTooLargeError       413
     │         ├── UnprocessableEntityError   422
     │         ├── RateLimitError             429
     │         └── InternalServerError        5xx
     ├── WaitTimeoutError                a hosting order did not end in time
     └── WebhookVerificationError        a callback's signature is wrong or stale

``APIStatusError.body`` is the parsed error document in whichever of the shapes the two
APIs use: Sinch's ``Error`` (``{"code": 400, "status", "message", "details"}``), the
imported-numbers flat form (``"code": "404"``), the callback-configuration envelope
(``{"error": {...}}``) and the OAuth2 token endpoint's ``{"error", "error_description"}``.
"""

from __future__ import annotations

import json
from typing import Annotated

import httpx
from pydantic import BeforeValidator, Field

from opentrunk.sdk.types._base import Model

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ErrorBody",
    "ErrorDetail",
    "FieldViolation",
    "InternalServerError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitError",
    "SDKError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "WebhookVerificationError",
    "error_for",
]


def _int_or_none(value: object) -> object:
    if isinstance(value, str):
        return int(value) if value.strip().isdigit() else None
    return value


class FieldViolation(Model):
    field: str = ""
    description: str = ""


class ErrorDetail(Model):
    """One entry of ``details``: ``BadRequest`` (field violations), ``ErrorInfo``
    (a machine-readable ``reason``) and the others, kept as they came."""

    type: str | None = None
    field_violations: list[FieldViolation] = []
    reason: str | None = None
    domain: str | None = None


class ErrorBody(Model):
    code: Annotated[int | None, BeforeValidator(_int_or_none)] = None
    status: str | None = None
    message: str = ""
    details: list[ErrorDetail] = Field(default_factory=list)

    @property
    def reason(self) -> str | None:
        """The ``ErrorInfo`` reason, e.g. ``CREDENTIAL_NOT_FOUND``, when the server gave one."""
        return next((d.reason for d in self.details if d.reason), None)

    @property
    def field_violations(self) -> list[FieldViolation]:
        return [v for d in self.details for v in d.field_violations]

    @classmethod
    def parse(cls, content: bytes) -> ErrorBody | None:
        """The error document of a response body, or ``None`` if it is not one."""
        try:
            data = json.loads(content)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        error = data.get("error")
        if isinstance(error, dict):  # {"error": {...}} (callback configuration)
            data = error
        elif isinstance(error, str):  # OAuth2: {"error": "invalid_client", ...}
            data = {"status": error, "message": data.get("error_description") or error}
        try:
            return cls.model_validate(data)
        except ValueError:
            return None


class SDKError(Exception):
    """Base of everything this SDK raises."""


class APIError(SDKError):
    def __init__(self, message: str, *, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    def __init__(self, *, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    def __init__(self, *, request: httpx.Request) -> None:
        super().__init__(request=request, message="Request timed out.")


class APIResponseValidationError(APIError):
    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """A non-2xx answer. ``body`` is the parsed error document (``None`` if the body was
    not one); ``reason`` and ``field_violations`` read it."""

    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: ErrorBody | None) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body

    @property
    def reason(self) -> str | None:
        return self.body.reason if self.body else None

    @property
    def field_violations(self) -> list[FieldViolation]:
        return self.body.field_violations if self.body else []


class BadRequestError(APIStatusError):
    status_code = 400


class AuthenticationError(APIStatusError):
    status_code = 401


class PermissionDeniedError(APIStatusError):
    status_code = 403


class NotFoundError(APIStatusError):
    status_code = 404


class ConflictError(APIStatusError):
    status_code = 409


class PayloadTooLargeError(APIStatusError):
    status_code = 413


class UnprocessableEntityError(APIStatusError):
    status_code = 422


class RateLimitError(APIStatusError):
    status_code = 429


class InternalServerError(APIStatusError):
    pass


class WaitTimeoutError(SDKError):
    """Raised by ``hosting_orders.wait`` when the order has not ended within the timeout."""


class WebhookVerificationError(SDKError):
    """A callback whose signature does not match, or whose timestamp is too old."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for(response: httpx.Response) -> APIStatusError:
    """The error to raise for a non-2xx ``response`` (its body already read)."""
    body = ErrorBody.parse(response.content)
    detail = body.message if body and body.message else response.text[:200]
    message = f"{response.status_code} {response.reason_phrase}: {detail}".rstrip(": ")
    status = response.status_code
    cls = _BY_STATUS.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(message, response=response, body=body)
