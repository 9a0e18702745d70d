"""Every error leaves in the JSON shape of the API it answers for. Nothing, including an
unexpected failure, ever returns a stack trace.

* EST (and everything else): Sinch's ``Error``
  ``{"code": 400, "status": "INVALID_ARGUMENT", "message": "...", "details": [...]}``.
* Imported Numbers & Hosting Orders (``importedNumbers``, ``hostingOrders``,
  ``qualifiedNumbers``): the flat ``ErrorResponse``, whose ``code`` is a *string*
  (``{"code": "404", "message": "...", "status": "NOT_FOUND"}``), plus ``details`` when
  there are any.
* Its ``callbackConfiguration``: the nested Google-RPC form
  ``{"error": {"code": 404, "message": "...", "status": "NOT_FOUND", "details": []}}``.

``details`` carry ``BadRequest`` field violations and an ``ErrorInfo`` reason where
known."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from enum import Enum
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic_core import to_json
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from opentrunk.errors import FieldViolation, OpenTrunkError

__all__ = ["ErrorShape", "error_response", "install_error_handlers", "shape_for"]

log = logging.getLogger("opentrunk.api")

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "ALREADY_EXISTS",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
}


class ErrorShape(Enum):
    EST = "est"
    FLAT = "flat"  # Imported Numbers & Hosting Orders ErrorResponse
    NESTED = "nested"  # {"error": {...}} of callbackConfiguration


_FLAT_PATH = re.compile(
    r"/v1/projects/[^/]+/(importedNumbers|hostingOrders|qualifiedNumbers)(?=[/:]|$)"
)
_NESTED_PATH = re.compile(r"/v1/projects/[^/]+/callbackConfiguration/?$")


def shape_for(path: str) -> ErrorShape:
    if _FLAT_PATH.match(path):
        return ErrorShape.FLAT
    if _NESTED_PATH.match(path):
        return ErrorShape.NESTED
    return ErrorShape.EST


def error_response(
    status_code: int,
    message: str,
    *,
    status: str | None = None,
    reason: str | None = None,
    violations: Sequence[FieldViolation] = (),
    headers: dict[str, str] | None = None,
    shape: ErrorShape = ErrorShape.EST,
) -> Response:
    details: list[dict[str, Any]] = []
    if violations:
        details.append(
            {
                "type": "BadRequest",
                "fieldViolations": [
                    {"field": v.field, "description": v.description} for v in violations
                ],
            }
        )
    if reason:
        details.append(
            {"type": "ErrorInfo", "reason": reason, "domain": "opentrunk", "metaData": {}}
        )
    status = status or _STATUS_NAMES.get(status_code, "UNKNOWN")
    body: dict[str, Any]
    if shape is ErrorShape.FLAT:
        body = {"code": str(status_code), "message": message, "status": status}
        if details:
            body["details"] = details
    elif shape is ErrorShape.NESTED:
        body = {
            "error": {"code": status_code, "message": message, "status": status, "details": details}
        }
    else:
        body = {"code": status_code, "status": status, "message": message, "details": details}
    return Response(to_json(body), status_code, headers=headers, media_type="application/json")


def _field_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc:
        if isinstance(part, str) and ("[" in part or "(" in part):
            continue  # a union member's tag, such as "function-after[...]"
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path. (The router's own 405 names
    only the methods of the first route whose path matched.)"""
    routes = request.app.router.routes
    return ", ".join(
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] is Match.FULL for r in routes)
    )


def _validation_response(exc: RequestValidationError, shape: ErrorShape) -> Response:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(
            400,
            "Failed to read HTTP message: the body is not valid JSON",
            reason="VALIDATION_FAILED",
            violations=[FieldViolation("body", "malformed JSON")],
            shape=shape,
        )
    violations = []
    for error in errors:
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        violations.append(FieldViolation(_field_path(error.get("loc", ())), message))
    summary = "; ".join(f"{v.field}: {v.description}" for v in violations[:5])
    return error_response(
        400,
        f"Invalid request: {summary}",
        reason="VALIDATION_FAILED",
        violations=violations,
        shape=shape,
    )


def install_error_handlers(app: FastAPI) -> None:
    async def on_domain_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, OpenTrunkError)
        return error_response(
            exc.status_hint,
            exc.message,
            status=exc.status,
            reason=exc.reason,
            violations=exc.violations,
            headers=exc.headers or None,
            shape=shape_for(request.url.path),
        )

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _validation_response(exc, shape_for(request.url.path))

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        shape = shape_for(request.url.path)
        if exc.status_code == 404:
            return error_response(
                404,
                f"No resource found at {request.method} {request.url.path}",
                reason="NO_RESOURCE_FOUND",
                shape=shape,
            )
        if exc.status_code == 405:
            return error_response(
                405,
                f"Method {request.method} is not allowed on {request.url.path}",
                headers={**(exc.headers or {}), "Allow": _allowed_methods(request)},
                shape=shape,
            )
        return error_response(
            exc.status_code, str(exc.detail), headers=dict(exc.headers or {}), shape=shape
        )

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            500,
            "Internal error; the server log has the details",
            shape=shape_for(request.url.path),
        )

    app.add_exception_handler(OpenTrunkError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
