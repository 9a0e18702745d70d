"""E.164 numbers: validation and the country a number belongs to."""

from __future__ import annotations

import re

import phonenumbers

__all__ = ["country_of", "is_e164", "normalise_e164"]

# ITU-T E.164: a leading "+", a country code that does not start with 0, at most 15 digits.
_E164 = re.compile(r"\+[1-9]\d{1,14}")


def is_e164(text: str) -> bool:
    if not _E164.fullmatch(text):
        return False
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return False
    # "Possible" (length fits the country's plan), not "valid": test numbers such as
    # +1555... are used everywhere in Sinch's own examples.
    return bool(phonenumbers.is_possible_number(number))


def normalise_e164(text: str) -> str:
    """Accept the forms a client might send for a number in a path (leading space for
    an unescaped ``+`` decoded as a space, or no ``+`` at all) and return ``+digits``."""
    stripped = text.strip()
    if not stripped.startswith("+") and stripped.isdigit():
        stripped = "+" + stripped
    return stripped


def country_of(text: str) -> str | None:
    """ISO 3166-1 alpha-2 code of the number's country, or None if unknown."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region and region != "ZZ":
        return str(region)
    if number.country_code is None:
        return None
    region = phonenumbers.region_code_for_country_code(number.country_code)
    return str(region) if region and region not in ("ZZ", "001") else None
