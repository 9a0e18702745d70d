"""Sending requests: authentication, retries, and errors by status.

One ``AsyncTransport`` per client. It owns the cached access token and, unless one was
given, the ``httpx.AsyncClient``.
"""

from __future__ import annotations

import time
from typing import TypeVar

import httpx
from pydantic import BaseModel

from opentrunk.sdk import _runtime
from opentrunk.sdk._errors import APIConnectionError, APITimeoutError, SDKError, error_for
from opentrunk.sdk._options import USER_AGENT, ClientOptions
from opentrunk.sdk._request import APIRequest, parse
from opentrunk.sdk._retry import RetryPolicy
from opentrunk.sdk._runtime import AsyncLock, AsyncSleep, Clock
from opentrunk.sdk._token import AccessToken, basic_authorization, says_expired, token_request

__all__ = ["AsyncTransport"]

M = TypeVar("M", bound=BaseModel)


class AsyncTransport:
    def __init__(
        self,
        options: ClientOptions,
        *,
        http_client: httpx.AsyncClient | None = None,
        sleep: AsyncSleep | None = None,
        clock: Clock | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.options = options
        self._http = http_client or httpx.AsyncClient(timeout=options.timeout)
        self._owns_http = http_client is None
        self._sleep = sleep or _runtime.async_sleep
        self._clock = clock or time.time
        self._retry = retry or RetryPolicy(max_retries=options.max_retries)
        self._token: AccessToken | None = None
        self._token_lock = AsyncLock()

    async def close(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def sleep(self, seconds: float) -> None:
        await self._sleep(seconds)

    async def fetch(self, request: APIRequest, model: type[M]) -> M:
        """Send ``request`` and read the answer as ``model``."""
        return parse(await self.send(request), model)

    async def send(self, request: APIRequest) -> httpx.Response:
        """Send ``request``; the answer is read in full (an error raises)."""
        return await self._send(request, stream=False)

    async def stream(self, request: APIRequest) -> httpx.Response:
        """Send ``request``; the 2xx answer's body is left to read (close it)."""
        return await self._send(request, stream=True)

    async def _send(self, request: APIRequest, *, stream: bool) -> httpx.Response:
        retries = 0
        renewed = False
        while True:
            outgoing = self._http.build_request(
                request.method,
                self.options.url(request),
                params=request.params or None,
                json=request.json if request.json is not None else None,
                data=request.form,
                headers={
                    "Accept": request.accept,
                    "User-Agent": USER_AGENT,
                    "Authorization": await self._authorization(request),
                },
                timeout=self.options.timeout,
            )
            try:
                response = await self._http.send(outgoing, stream=True)
                if not (stream and response.is_success):
                    await response.aread()
            except httpx.TransportError as exc:
                if retries < self._retry.max_retries and self._retry.retries_error(request, exc):
                    await self._sleep(self._retry.delay(retries))
                    retries += 1
                    continue
                if isinstance(exc, httpx.TimeoutException):
                    raise APITimeoutError(request=outgoing) from exc
                raise APIConnectionError(request=outgoing, message=str(exc) or repr(exc)) from exc
            if response.is_success:
                return response
            await response.aclose()
            if request.api != "auth" and says_expired(response) and not renewed and self._oauth:
                self._token, renewed = None, True
                continue
            if retries < self._retry.max_retries and self._retry.retries_status(
                request, response.status_code
            ):
                await self._sleep(self._retry.delay(retries, response))
                retries += 1
                continue
            raise error_for(response)

    @property
    def _oauth(self) -> bool:
        return self.options.auth == "oauth2"

    async def _authorization(self, request: APIRequest) -> str:
        if request.api == "sandbox":
            if not self.options.admin_token:
                raise SDKError("The sandbox needs the admin token: pass admin_token= or set "
                               "OPENTRUNK_ADMIN_TOKEN")  # fmt: skip
            return f"Bearer {self.options.admin_token}"
        if request.api == "auth" or not self._oauth:
            return basic_authorization(*self.options.credentials())
        token = self._token
        if token is None or not token.fresh(self._clock()):
            async with self._token_lock:
                token = self._token
                if token is None or not token.fresh(self._clock()):
                    response = await self.send(token_request())
                    token = self._token = AccessToken.from_response(response, self._clock())
        return f"Bearer {token.value}"
