"""Checks every hosting operation applies to the numbers and regions it is given:
E.164, US or CA only, toll-free or not, and the per-request limits."""

from __future__ import annotations

from collections.abc import Sequence

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.kit.e164 import country_of, is_e164, normalise_e164

__all__ = [
    "ANY",
    "REGIONS",
    "check_numbers",
    "check_region",
    "is_toll_free",
    "path_number",
    "region_of",
]

REGIONS = ("US", "CA")
#: ``check_numbers(region=ANY)``: US or CA, whichever the number is.
ANY = "*"
# NANP toll-free area codes (800, 833, 844, 855, 866, 877, 888).
_TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})


def is_toll_free(number: str) -> bool:
    return number.startswith("+1") and number[2:5] in _TOLL_FREE


def path_number(raw: str) -> str:
    """A number from a path (``+``, ``%2B``, or a ``+`` decoded to a space)."""
    number = normalise_e164(raw)
    if not is_e164(number):
        raise InvalidArgument(
            f"'{raw}' is not an E.164 phone number with a leading + (for example +12025550134)",
            violations=[FieldViolation("phoneNumber", "not an E.164 number")],
        )
    return number


def check_region(raw: str, field: str = "regionCode") -> str:
    region = raw.strip().upper()
    if region not in REGIONS:
        raise InvalidArgument(
            f"'{field}' must be US or CA (number hosting is for the United States and "
            f"Canada only), got '{raw}'",
            violations=[FieldViolation(field, "must be US or CA")],
        )
    return region


def region_of(number: str) -> str:
    """US or CA for a number that passed ``check_numbers`` (toll-free numbers are US)."""
    country = country_of(number)
    return "CA" if country == "CA" and not is_toll_free(number) else "US"


def _region_problem(number: str, region: str) -> str | None:
    if not number.startswith("+1"):
        return "is not a North American (+1) number"
    country = country_of(number)
    if country is not None and country not in REGIONS:
        return f"belongs to {country}, not the US or Canada"
    if region != ANY and country in REGIONS and country != region and not is_toll_free(number):
        return f"is a {country} number, not {region}"
    return None


def check_numbers(
    raw: Sequence[str], *, field: str, limit: int, region: str | None = None
) -> list[str]:
    """The numbers, each E.164 (+1, US/CA, in ``region`` when given), no duplicates,
    at least one and at most ``limit``; every problem reported at once."""
    if not raw:
        raise InvalidArgument(
            f"'{field}' must list at least one phone number",
            violations=[FieldViolation(field, "at least one number is required")],
        )
    if len(raw) > limit:
        raise InvalidArgument(
            f"'{field}' lists {len(raw)} numbers; at most {limit} are allowed per request",
            violations=[FieldViolation(field, f"at most {limit} numbers per request")],
        )
    violations: list[FieldViolation] = []
    seen: set[str] = set()
    numbers: list[str] = []
    for i, text in enumerate(raw):
        number = text.strip()
        problem = None
        if not is_e164(number):
            problem = f"'{text}' is not an E.164 number with a leading +"
        elif number in seen:
            problem = f"{number} is listed twice"
        elif region is not None and (why := _region_problem(number, region)):
            problem = f"{number} {why}"
        if problem:
            violations.append(FieldViolation(f"{field}[{i}]", problem))
        seen.add(number)
        numbers.append(number)
    if violations:
        raise InvalidArgument(
            "; ".join(v.description for v in violations[:5]), violations=violations
        )
    return numbers
