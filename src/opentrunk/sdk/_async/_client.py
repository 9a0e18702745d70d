"""``AsyncClient``: both Sinch APIs (and opentrunk's sandbox) behind one object."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType

import httpx

from opentrunk.sdk._async._transport import AsyncTransport
from opentrunk.sdk._async.resources.access_control_lists import AsyncAccessControlLists
from opentrunk.sdk._async.resources.call_blocking_rules import AsyncCallBlockingRules
from opentrunk.sdk._async.resources.callback_configuration import AsyncCallbackConfigurationResource
from opentrunk.sdk._async.resources.calls import AsyncCalls
from opentrunk.sdk._async.resources.country_permissions import AsyncCountryPermissions
from opentrunk.sdk._async.resources.credential_lists import AsyncCredentialLists
from opentrunk.sdk._async.resources.endpoints import AsyncEndpoints
from opentrunk.sdk._async.resources.hosting_orders import AsyncHostingOrders
from opentrunk.sdk._async.resources.imported_numbers import AsyncImportedNumbers
from opentrunk.sdk._async.resources.phone_numbers import AsyncPhoneNumbers
from opentrunk.sdk._async.resources.projects import AsyncProjects
from opentrunk.sdk._async.resources.qualified_numbers import AsyncQualifiedNumbers
from opentrunk.sdk._async.resources.sandbox import AsyncSandbox
from opentrunk.sdk._async.resources.trunks import AsyncTrunks
from opentrunk.sdk._options import Auth, ClientOptions
from opentrunk.sdk._runtime import AsyncSleep, Clock

__all__ = ["AsyncClient"]


class AsyncClient:
    """A client for Sinch's Elastic SIP Trunking and Imported Numbers APIs, or for an
    opentrunk server that speaks them.

    Every option is keyword-only. Credentials default to ``SINCH_PROJECT_ID``,
    ``SINCH_KEY_ID`` and ``SINCH_KEY_SECRET``; the hosts to Sinch's
    (``https://elastic-trunking.api.sinch.com``, ``https://imported.numbers.api.sinch.com``,
    ``https://auth.sinch.com``). ``base_url`` (or ``OPENTRUNK_BASE_URL``) points all three
    at one server, as a local opentrunk serves them all::

        async with AsyncClient(base_url="http://127.0.0.1:8080") as client:
            trunk = await client.trunks.create(name="Main office", host_name="acme-main")

    ``auth="oauth2"`` (the default) fetches a token once and renews it before it expires;
    ``auth="basic"`` sends the key on every request (Sinch rate-limits that; for tests).
    Failed requests are retried ``max_retries`` times (see ``opentrunk.sdk._retry``);
    ``sleep`` and ``clock`` replace ``asyncio.sleep`` and ``time.time`` (a sandbox whose
    clock you advance, or tests). ``http_client`` is used as given and not closed.
    """

    def __init__(
        self,
        *,
        project_id: str | None = None,
        key_id: str | None = None,
        key_secret: str | None = None,
        auth: Auth = "oauth2",
        base_url: str | None = None,
        trunking_base_url: str | None = None,
        hosting_base_url: str | None = None,
        auth_url: str | None = None,
        admin_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        http_client: httpx.AsyncClient | None = None,
        sleep: AsyncSleep | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.options = ClientOptions.resolve(
            project_id=project_id,
            key_id=key_id,
            key_secret=key_secret,
            auth=auth,
            base_url=base_url,
            trunking_base_url=trunking_base_url,
            hosting_base_url=hosting_base_url,
            auth_url=auth_url,
            admin_token=admin_token,
            timeout=timeout,
            max_retries=max_retries,
        )
        self._transport = AsyncTransport(
            self.options, http_client=http_client, sleep=sleep, clock=clock
        )

    @property
    def project_id(self) -> str | None:
        return self.options.project_id

    # --- Elastic SIP Trunking --------------------------------------------------------

    @cached_property
    def trunks(self) -> AsyncTrunks:
        return AsyncTrunks(self._transport)

    @cached_property
    def acls(self) -> AsyncAccessControlLists:
        return AsyncAccessControlLists(self._transport)

    @cached_property
    def credential_lists(self) -> AsyncCredentialLists:
        return AsyncCredentialLists(self._transport)

    @cached_property
    def endpoints(self) -> AsyncEndpoints:
        return AsyncEndpoints(self._transport)

    @cached_property
    def phone_numbers(self) -> AsyncPhoneNumbers:
        return AsyncPhoneNumbers(self._transport)

    @cached_property
    def country_permissions(self) -> AsyncCountryPermissions:
        return AsyncCountryPermissions(self._transport)

    @cached_property
    def call_blocking_rules(self) -> AsyncCallBlockingRules:
        return AsyncCallBlockingRules(self._transport)

    @cached_property
    def calls(self) -> AsyncCalls:
        return AsyncCalls(self._transport)

    @cached_property
    def projects(self) -> AsyncProjects:
        return AsyncProjects(self._transport)

    # --- Imported Numbers and Hosting Orders ---------------------------------------------

    @cached_property
    def imported_numbers(self) -> AsyncImportedNumbers:
        return AsyncImportedNumbers(self._transport)

    @cached_property
    def hosting_orders(self) -> AsyncHostingOrders:
        return AsyncHostingOrders(self._transport)

    @cached_property
    def qualified_numbers(self) -> AsyncQualifiedNumbers:
        return AsyncQualifiedNumbers(self._transport)

    @cached_property
    def callback_configuration(self) -> AsyncCallbackConfigurationResource:
        return AsyncCallbackConfigurationResource(self._transport)

    # --- opentrunk's sandbox ----------------------------------------------------------

    @cached_property
    def sandbox(self) -> AsyncSandbox:
        return AsyncSandbox(self._transport)

    # --- lifetime ---------------------------------------------------------------------

    async def close(self) -> None:
        """Close the connection pool (unless ``http_client`` was given).

        Example::

            client = AsyncClient()
            try:
                await client.trunks.get(trunk_id)
            finally:
                await client.close()
        """
        await self._transport.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
