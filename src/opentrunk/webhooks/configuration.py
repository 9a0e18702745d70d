"""Each project's callback signing secret (Sinch's ``CallbackConfiguration``)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.store.models import CallbackConfiguration

__all__ = ["MAX_SECRET_LENGTH", "get_or_create", "signing_secret", "update"]

MAX_SECRET_LENGTH = 256


async def get_or_create(
    session: AsyncSession, project_id: str, *, now: datetime
) -> CallbackConfiguration:
    """The project's configuration; a first call gives it a random secret, so callbacks
    are signed from the start (set your own with ``update``)."""
    configuration = await session.get(CallbackConfiguration, project_id)
    if configuration is None:
        configuration = CallbackConfiguration(
            project_id=project_id, hmac_secret=secrets.token_urlsafe(32), create_time=now
        )
        session.add(configuration)
        await session.flush()
    return configuration


async def update(
    session: AsyncSession, project_id: str, *, hmac_secret: str, now: datetime
) -> CallbackConfiguration:
    """Set the secret. An empty secret turns signing off: callbacks then go out without
    ``X-Sinch-Signature`` and ``webhook-signature``, as Sinch's do when none is set."""
    if len(hmac_secret) > MAX_SECRET_LENGTH or "\x00" in hmac_secret:
        raise InvalidArgument(
            f"hmacSecret must be at most {MAX_SECRET_LENGTH} characters, without NUL",
            violations=[FieldViolation("hmacSecret", f"at most {MAX_SECRET_LENGTH} characters")],
        )
    configuration = await get_or_create(session, project_id, now=now)
    configuration.hmac_secret = hmac_secret
    configuration.update_time = now
    await session.flush()
    return configuration


async def signing_secret(session: AsyncSession, project_id: str) -> str | None:
    configuration = await session.get(CallbackConfiguration, project_id)
    if configuration is None or not configuration.hmac_secret:
        return None
    return configuration.hmac_secret
