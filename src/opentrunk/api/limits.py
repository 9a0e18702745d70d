"""A pure ASGI middleware refusing request bodies over the configured size with 413,
whether the client declares the length up front or streams more than it may."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opentrunk.api.errors import error_response
from opentrunk.errors import PayloadTooLarge

__all__ = ["BodySizeLimit"]


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _error(self) -> PayloadTooLarge:
        return PayloadTooLarge(
            f"Request body larger than {self.max_bytes} bytes", reason="BODY_TOO_LARGE"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                error = self._error()
                response = error_response(413, error.message, reason=error.reason)
                await response(scope, receive, send)
                return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Raised inside the app, so the domain-error handler renders the 413.
                    raise self._error()
            return message

        await self.app(scope, counting_receive, send)
