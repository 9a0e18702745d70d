"""Credential lists (digest authentication of outbound calls and registrations)."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["Credential", "CredentialInput", "CredentialList"]


class CredentialInput(Model):
    """A username and its password (at least 12 characters, upper and lower case, a digit)."""

    username: str
    password: str


class Credential(Model):
    """A credential as the API shows it: passwords are never returned."""

    id: str
    username: str


class CredentialList(Model):
    id: str
    name: str
    credentials: list[Credential] = []
    project_id: str | None = None
    create_time: datetime | None = None
    update_time: datetime | None = None
