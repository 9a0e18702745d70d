"""The error tree shared by every domain package.

Each error carries a ``status_hint``: the HTTP status the REST layer renders, which is
also meaningful to the SIP edge (404, 403, ...). Domain code raises these and never
imports a web framework; one handler in ``opentrunk.api`` renders them.

    OpenTrunkError
    ├── InvalidArgument          400  INVALID_ARGUMENT  (bad field values, failed policy)
    │   └── FailedPrecondition   400  FAILED_PRECONDITION (out-of-order deletes)
    ├── Unauthenticated          401  UNAUTHENTICATED
    ├── PermissionDenied         403  PERMISSION_DENIED
    ├── NotFound                 404  NOT_FOUND
    ├── AlreadyExists            409  ALREADY_EXISTS
    └── PayloadTooLarge          413  PAYLOAD_TOO_LARGE
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AlreadyExists",
    "FailedPrecondition",
    "FieldViolation",
    "InvalidArgument",
    "NotFound",
    "OpenTrunkError",
    "PayloadTooLarge",
    "PermissionDenied",
    "Unauthenticated",
]


@dataclass(frozen=True, slots=True)
class FieldViolation:
    field: str
    description: str


class OpenTrunkError(Exception):
    status_hint: int = 500
    status: str = "INTERNAL"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        violations: list[FieldViolation] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        #: A machine-readable reason in ``[A-Z0-9_]+`` (rendered as an ErrorInfo detail).
        self.reason = reason
        self.violations: list[FieldViolation] = violations or []
        self.headers: dict[str, str] = headers or {}


class InvalidArgument(OpenTrunkError):
    status_hint = 400
    status = "INVALID_ARGUMENT"


class FailedPrecondition(InvalidArgument):
    status = "FAILED_PRECONDITION"


class Unauthenticated(OpenTrunkError):
    status_hint = 401
    status = "UNAUTHENTICATED"


class PermissionDenied(OpenTrunkError):
    status_hint = 403
    status = "PERMISSION_DENIED"


class NotFound(OpenTrunkError):
    status_hint = 404
    status = "NOT_FOUND"


class AlreadyExists(OpenTrunkError):
    status_hint = 409
    status = "ALREADY_EXISTS"


class PayloadTooLarge(OpenTrunkError):
    status_hint = 413
    status = "PAYLOAD_TOO_LARGE"
