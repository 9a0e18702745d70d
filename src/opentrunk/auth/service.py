"""Access keys: verify Basic credentials, issue tokens, decide which projects a key
may act on, and the start-up bootstrap of a project and key."""

from __future__ import annotations

import base64
import binascii
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.auth.secrets import hash_secret, new_key_secret, secret_matches
from opentrunk.errors import PermissionDenied, Unauthenticated
from opentrunk.kit.wire import has_nul
from opentrunk.store.models import AccessKey, Project

__all__ = ["AccessKeyService", "BasicCredentials", "Bootstrapped", "Principal", "parse_basic"]

_BASIC_CHALLENGE = 'Basic realm="opentrunk"'


@dataclass(frozen=True, slots=True)
class BasicCredentials:
    key_id: str
    key_secret: str


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the project its access key belongs to."""

    project_id: str
    key_id: str


@dataclass(frozen=True, slots=True)
class Bootstrapped:
    project_id: str
    key_id: str
    #: Only set when this call created the key (it cannot be shown again later).
    key_secret: str | None


def parse_basic(authorization: str) -> BasicCredentials:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        raise Unauthenticated("Expected HTTP Basic credentials")
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise Unauthenticated("Malformed HTTP Basic credentials") from None
    key_id, sep, secret = decoded.partition(":")
    if not sep or not key_id:
        raise Unauthenticated("Malformed HTTP Basic credentials")
    return BasicCredentials(key_id, secret)


class AccessKeyService:
    """Verifies keys. Successful Basic checks are remembered for a few seconds, so a
    client using Basic on every call costs one hash, not one query, per request."""

    def __init__(self, cache_seconds: float = 30.0) -> None:
        self._cache: dict[tuple[str, str], tuple[str, float]] = {}
        self._cache_seconds = cache_seconds

    async def authenticate(self, session: AsyncSession, credentials: BasicCredentials) -> Principal:
        digest = hash_secret(credentials.key_secret)
        cached = self._cache.get((credentials.key_id, digest))
        if cached is not None and cached[1] > time.monotonic():
            return Principal(cached[0], credentials.key_id)
        # No key id holds NUL (and PostgreSQL cannot even look one up).
        unknown = has_nul(credentials.key_id)
        key = None if unknown else await session.get(AccessKey, credentials.key_id)
        if key is None or not secret_matches(credentials.key_secret, key.secret_hash):
            raise Unauthenticated(
                "Invalid access key id or secret", headers={"WWW-Authenticate": _BASIC_CHALLENGE}
            )
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[(credentials.key_id, digest)] = (
            key.project_id,
            time.monotonic() + self._cache_seconds,
        )
        return Principal(key.project_id, key.id)

    def forget(self, key_id: str) -> None:
        for cache_key in [k for k in self._cache if k[0] == key_id]:
            del self._cache[cache_key]

    async def authorize(
        self, session: AsyncSession, caller_project_id: str, project_id: str
    ) -> None:
        """A key acts on its own project, and on projects its project added through
        ``/addProjects``; anything else is 403."""
        if project_id == caller_project_id:
            return
        project = await session.get(Project, project_id)
        if project is None or project.parent_id != caller_project_id:
            raise PermissionDenied(
                f"The access key does not grant access to project '{project_id}'"
            )

    async def ensure_project(
        self, session: AsyncSession, project_id: str, *, now: datetime, parent_id: str | None = None
    ) -> bool:
        """Create the project if missing; True when it was created."""
        if await session.get(Project, project_id) is not None:
            return False
        session.add(Project(id=project_id, parent_id=parent_id, create_time=now))
        await session.flush()
        return True

    async def bootstrap(
        self,
        session: AsyncSession,
        *,
        now: datetime,
        project_id: str | None,
        key_id: str | None,
        key_secret: str | None,
    ) -> Bootstrapped | None:
        """Make the configured project and key exist (idempotent; a changed secret
        replaces the stored one). With nothing configured, create a first project and
        key only when the server has no project at all; otherwise return None."""
        if project_id and key_id and key_secret:
            await self.ensure_project(session, project_id, now=now)
            key = await session.get(AccessKey, key_id)
            if key is None:
                session.add(
                    AccessKey(
                        id=key_id,
                        project_id=project_id,
                        secret_hash=hash_secret(key_secret),
                        create_time=now,
                    )
                )
            else:
                key.project_id = project_id
                key.secret_hash = hash_secret(key_secret)
            await session.flush()
            return Bootstrapped(project_id, key_id, None)
        if await session.scalar(select(Project.id).limit(1)) is not None:
            return None
        new_project = str(uuid.uuid4())
        new_key, secret = str(uuid.uuid4()), new_key_secret()
        await self.ensure_project(session, new_project, now=now)
        session.add(
            AccessKey(
                id=new_key, project_id=new_project, secret_hash=hash_secret(secret), create_time=now
            )
        )
        await session.flush()
        return Bootstrapped(new_project, new_key, secret)
