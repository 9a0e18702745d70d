"""What every server role does at start: open the database, apply migrations, load the
shared secrets, and make the configured (or a first) project and access key exist."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from opentrunk.auth.secrets import server_secret
from opentrunk.auth.service import AccessKeyService, Bootstrapped
from opentrunk.clock import Clock
from opentrunk.config import Settings
from opentrunk.store.db import Database
from opentrunk.store.migrate import upgrade

__all__ = ["Prepared", "prepare"]

CREDENTIALS_FILE = "credentials.json"


@dataclass(frozen=True, slots=True)
class Prepared:
    database: Database
    signing_key: str
    bootstrapped: Bootstrapped | None


def _announce(settings: Settings, created: Bootstrapped) -> None:
    """Show a generated key once, and keep it in the data dir (owner-only)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / CREDENTIALS_FILE
    body = {
        "projectId": created.project_id,
        "keyId": created.key_id,
        "keySecret": created.key_secret,
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(body, handle, indent=2)
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
            await session.commit()
    except BaseException:
        await database.dispose()
        raise
    if created is not None and created.key_secret is not None:
        _announce(settings, created)
    return Prepared(database, signing_key, created)
