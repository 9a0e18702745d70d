"""``client.callback_configuration``: the secret that signs hosting callbacks."""

from __future__ import annotations

from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._request import APIRequest, body
from opentrunk.sdk.types.callbacks import CallbackConfiguration

__all__ = ["AsyncCallbackConfigurationResource"]


class AsyncCallbackConfigurationResource(AsyncResource):
    async def get(self) -> CallbackConfiguration:
        """The project's callback configuration.

        Example::

            secret = (await client.callback_configuration.get()).hmac_secret
        """
        request = APIRequest("GET", "hosting", "/callbackConfiguration")
        return await self._transport.fetch(request, CallbackConfiguration)

    async def update(self, *, hmac_secret: str) -> CallbackConfiguration:
        """Set the secret callbacks are signed with (``X-Sinch-Signature``).

        Example::

            await client.callback_configuration.update(hmac_secret="my-hmac-secret")
        """
        payload = body(hmacSecret=hmac_secret)
        request = APIRequest("PATCH", "hosting", "/callbackConfiguration", json=payload)
        return await self._transport.fetch(request, CallbackConfiguration)
