"""Country permissions: which destinations a project's outbound calls may reach."""

from __future__ import annotations

from opentrunk.sdk.types._base import Model

__all__ = ["CountryPermission"]


class CountryPermission(Model):
    iso_code: str
    enabled: bool
    name: str | None = None
    continent: str | None = None
    country_dialing_codes: list[str] = []
