"""Every error leaves in one JSON shape, Sinch's ``Error``:
``{"code": 400, "status": "INVALID_ARGUMENT", "message": "...", "details": [...]}``
with ``BadRequest`` field violations and an ``ErrorInfo`` reason where known. Nothing,
including an unexpected failure, ever returns a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic_core import to_json
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from opentrunk.errors import FieldViolation, OpenTrunkError

__all__ = ["error_response", "install_error_handlers"]

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


def error_response(
    status_code: int,
    message: str,
    *,
    status: str | None = None,
    reason: str | None = None,
    violations: Sequence[FieldViolation] = (),
    headers: dict[str, str] | None = None,
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
    body = {
        "code": status_code,
        "status": status or _STATUS_NAMES.get(status_code, "UNKNOWN"),
        "message": message,
        "details": details,
    }
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


def _validation_response(exc: RequestValidationError) -> Response:
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(
            400,
            "Failed to read HTTP message: the body is not valid JSON",
            reason="VALIDATION_FAILED",
            violations=[FieldViolation("body", "malformed JSON")],
        )
    violations = []
    for error in errors:
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        violations.append(FieldViolation(_field_path(error.get("loc", ())), message))
    summary = "; ".join(f"{v.field}: {v.description}" for v in violations[:5])
    return error_response(
        400, f"Invalid request: {summary}", reason="VALIDATION_FAILED", violations=violations
    )


def install_error_handlers(app: FastAPI) -> None:
    async def on_domain_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, OpenTrunkError)
        return error_response(
            exc.status_hint,
            exc.message,
            status=exc.status,
            reason=exc.reason,
            violations=exc.violations,
            headers=exc.headers or None,
        )

    async def on_validation_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return _validation_response(exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 404:
            return error_response(
                404,
                f"No resource found at {request.method} {request.url.path}",
                reason="NO_RESOURCE_FOUND",
            )
        if exc.status_code == 405:
            return error_response(
                405,
                f"Method {request.method} is not allowed on {request.url.path}",
                headers={**(exc.headers or {}), "Allow": _allowed_methods(request)},
            )
        return error_response(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "Internal error; the server log has the details")

    app.add_exception_handler(OpenTrunkError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
