"""Countries a project can permit calls to: ISO code, English name, continent and
dialing codes (from ``_country_data``, generated from the phonenumbers metadata)."""

from __future__ import annotations

from dataclasses import dataclass

from opentrunk.kit._country_data import COUNTRIES

__all__ = ["ALL_COUNTRIES", "DEFAULT_ENABLED", "Country", "country"]


@dataclass(frozen=True, slots=True)
class Country:
    iso_code: str
    name: str
    continent: str
    dialing_codes: tuple[str, ...]


ALL_COUNTRIES: tuple[Country, ...] = tuple(Country(*row) for row in COUNTRIES)
_BY_CODE = {c.iso_code: c for c in ALL_COUNTRIES}

#: Sinch enables the United States and Canada for every new project.
DEFAULT_ENABLED = frozenset({"US", "CA"})


def country(iso_code: str) -> Country | None:
    return _BY_CODE.get(iso_code.upper())
