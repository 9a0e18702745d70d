"""ISO 8601 durations, the subset with a fixed length: weeks, days, hours, minutes,
seconds (``P1W``, ``P2DT3H``, ``PT90M``, ``PT0.5S``). Years and months are refused:
their length depends on the date they start from."""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = ["parse_duration"]

_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DURATION = re.compile(
    rf"P(?:{_NUMBER}W)?(?:{_NUMBER}D)?(?:T(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?",
    re.IGNORECASE,
)
_UNITS = ("weeks", "days", "hours", "minutes", "seconds")


def parse_duration(text: str) -> timedelta:
    """Raise ``ValueError`` with a message fit for a client when ``text`` is not one."""
    value = text.strip()
    match = _DURATION.fullmatch(value)
    if match is None or not any(match.groups()) or value.upper().endswith("T"):
        raise ValueError(
            f"'{text}' is not an ISO 8601 duration such as PT30S, PT2H or P1DT12H "
            "(years and months are not supported)"
        )
    parts = {
        unit: float(number.replace(",", "."))
        for unit, number in zip(_UNITS, match.groups(), strict=True)
        if number is not None
    }
    try:
        return timedelta(**parts)
    except OverflowError:
        raise ValueError(f"'{text}' is too long a duration") from None
