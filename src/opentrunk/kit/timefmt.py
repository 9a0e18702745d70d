"""RFC 3339 timestamps as both APIs emit them: UTC, ``Z`` suffix, microseconds."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["format_rfc3339", "parse_rfc3339"]


def format_rfc3339(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_rfc3339(text: str) -> datetime:
    """Parse an RFC 3339 / ISO 8601 timestamp; a value without a zone is UTC."""
    value = datetime.fromisoformat(text.strip().replace("z", "Z"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)
