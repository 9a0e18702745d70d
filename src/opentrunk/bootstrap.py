"""What every server role does at start: open the database, apply migrations, load the
shared secrets, and make the configured (or a first) project and access key exist.

The admin token (operator and sandbox API) is ``OPENTRUNK_ADMIN_TOKEN`` when set.
Otherwise the first start generates one, prints it once and keeps it in the data dir
(owner-only file ``admin-token``); the database keeps only its SHA-256, which is all
that checking a token needs, so every node sharing the database accepts the same token
and none can leak it."""

from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.auth.secrets import hash_secret, server_secret
from opentrunk.auth.service import AccessKeyService, Bootstrapped
from opentrunk.clock import Clock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.migrate import upgrade
from opentrunk.store.models import ServerSecret

__all__ = ["Prepared", "prepare"]

CREDENTIALS_FILE = "credentials.json"
ADMIN_TOKEN_FILE = "admin-token"
_ADMIN_TOKEN_HASH = "admin_token_sha256"


@dataclass(frozen=True, slots=True)
class Prepared:
    database: Database
    signing_key: str
    bootstrapped: Bootstrapped | None
    #: SHA-256 (hex) of the admin token.
    admin_token_sha256: str


def _write_private(settings: Settings, name: str, text: str) -> str:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return str(path)


async def _admin_token(session: AsyncSession, settings: Settings) -> tuple[str, str | None]:
    """The admin token's hash, and the token itself when this call generated it."""
    configured = settings.admin_token.get_secret_value() if settings.admin_token else ""
    if configured:
        return hash_secret(configured), None
    # First start generates; later starts, and other nodes, find the stored hash.
    row = await session.get(ServerSecret, _ADMIN_TOKEN_HASH)
    if row is not None:
        return row.value, None
    generated = secrets.token_urlsafe(32)
    session.add(ServerSecret(name=_ADMIN_TOKEN_HASH, value=hash_secret(generated)))
    await session.flush()
    return hash_secret(generated), generated


def _announce_admin_token(settings: Settings, token: str) -> None:
    path = _write_private(settings, ADMIN_TOKEN_FILE, token + "\n")
    sys.stderr.write(
        f"\nopentrunk generated an admin token (shown once, kept in {path}):\n"
        f"  OPENTRUNK_ADMIN_TOKEN={token}\n\n"
    )
    sys.stderr.flush()


def _announce(settings: Settings, created: Bootstrapped) -> None:
    """Show a generated key once, and keep it in the data dir (owner-only)."""
    body = {
        "projectId": created.project_id,
        "keyId": created.key_id,
        "keySecret": created.key_secret,
    }
    path = _write_private(settings, CREDENTIALS_FILE, json.dumps(body, indent=2))
    sys.stderr.write(
        "\nopentrunk created a project and an access key (shown once, kept in "
        f"{path}):\n"
        f"  SINCH_PROJECT_ID={created.project_id}\n"
        f"  SINCH_KEY_ID={created.key_id}\n"
        f"  SINCH_KEY_SECRET={created.key_secret}\n\n"
    )
    sys.stderr.flush()


async def prepare(settings: Settings, clock: Clock, keys: AccessKeyService) -> Prepared:
    database = Database(settings.resolved_database_url())
    try:
        await upgrade(database)
        async with database.write_session() as session:
            signing_key = await server_secret(session, "access_token_signing_key")
            secret = settings.sinch_key_secret
            created = await keys.bootstrap(
                session,
                now=clock.now(),
                project_id=settings.sinch_project_id,
                key_id=settings.sinch_key_id,
                key_secret=secret.get_secret_value() if secret else None,
            )
            admin_hash, admin_token = await _admin_token(session, settings)
            await session.commit()
    except BaseException:
        await database.dispose()
        raise
    if created is not None and created.key_secret is not None:
        _announce(settings, created)
    if admin_token is not None:
        _announce_admin_token(settings, admin_token)
    return Prepared(database, signing_key, created, admin_hash)
