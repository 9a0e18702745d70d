"""The ASGI application factory. Resources are built in the lifespan, never at import,
so tests and several servers in one process each get their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import Depends, FastAPI

from opentrunk import __version__
from opentrunk.api.deps import reject_nul_in_url
from opentrunk.api.errors import install_error_handlers
from opentrunk.api.limits import BodySizeLimit
from opentrunk.api.point_reads import PointReadShortcut
from opentrunk.api.routes import (
    acls,
    call_blocking,
    callback_configuration,
    calls,
    countries,
    credential_lists,
    endpoints,
    health,
    hosting_admin,
    hosting_orders,
    hosting_sandbox,
    imported_numbers,
    loa_signing,
    oauth,
    phone_numbers,
    projects,
    qualified_numbers,
    sandbox,
    trunking_admin,
    trunks,
    webhooks_admin,
)
from opentrunk.api.state import AppState
from opentrunk.auth.tokens import TokenIssuer
from opentrunk.clock import Clock
from opentrunk.config import Settings
from opentrunk.hosting.scope import HostingSettings
from opentrunk.runtime import Runtime, open_runtime
from opentrunk.trunking.changes import ConfigChangeFeed
from opentrunk.trunking.scope import TrunkingSettings

__all__ = ["create_app"]


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    changes: ConfigChangeFeed | None = None,
    runtime: Runtime | None = None,
) -> FastAPI:
    """The API. With a ``runtime`` (``opentrunk serve``) it uses that one and leaves it
    open; without, the lifespan opens its own on ``clock`` and closes it."""
    feed = changes or ConfigChangeFeed()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            shared = runtime
            if shared is None:
                shared = await stack.enter_async_context(open_runtime(settings, clock=clock))
            app.state.opentrunk = AppState(
                settings=settings,
                database=shared.database,
                clock=shared.clock,
                tokens=TokenIssuer(shared.signing_key, settings.access_token_ttl_seconds),
                keys=shared.keys,
                changes=feed,
                trunking=TrunkingSettings(domain_suffix=settings.sip_domain_suffix),
                hosting=HostingSettings.from_settings(settings),
                runtime=shared,
            )
            yield

    app = FastAPI(
        title="opentrunk",
        version=__version__,
        summary="Elastic SIP Trunking and number hosting, wire-compatible with Sinch",
        lifespan=lifespan,
        dependencies=[Depends(reject_nul_in_url)],
    )
    install_error_handlers(app)
    for module in (
        oauth, health, trunks, endpoints, acls, credential_lists, phone_numbers, countries,
        call_blocking, calls, projects,
        imported_numbers, hosting_orders, qualified_numbers, callback_configuration,
        hosting_admin, hosting_sandbox, loa_signing, sandbox, trunking_admin, webhooks_admin,
    ):  # fmt: skip
        app.include_router(module.router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(PointReadShortcut, routes=[*trunks.point_routes, *endpoints.point_routes])
    return app
