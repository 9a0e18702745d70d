"""What every trunking service call runs in: the caller's project, one session (the
caller commits), the time, and a note of whether SIP-relevant configuration changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["ProjectScope", "TrunkingSettings"]


@dataclass(frozen=True, slots=True)
class TrunkingSettings:
    domain_suffix: str = "pstn.sinch.com"

    @property
    def digest_realm(self) -> str:
        # One realm for every trunk: a credential list can be linked to several trunks,
        # and HA1 depends on the realm, so a per-trunk realm would need one HA1 per link.
        return self.domain_suffix


@dataclass(slots=True)
class ProjectScope:
    session: AsyncSession
    project_id: str
    now: datetime
    settings: TrunkingSettings = field(default_factory=TrunkingSettings)
    #: The project of the access key making the call (differs from ``project_id`` when
    #: a key acts on a project its own project added).
    caller_project_id: str = ""
    #: Set by services when the SIP edge's view of the project must be rebuilt.
    config_changed: bool = False

    def mark_config_changed(self) -> None:
        self.config_changed = True
