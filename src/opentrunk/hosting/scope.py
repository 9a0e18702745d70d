"""What every hosting service call runs in: the project, one session (the caller
commits), the time, the settings, and who is acting (for the audit trail)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.config import Settings

__all__ = ["Actor", "AutopilotAction", "HostingScope", "HostingSettings", "parse_delays"]


class Actor(StrEnum):
    CUSTOMER = "customer"
    OPERATOR = "operator"
    AUTOPILOT = "autopilot"
    SYSTEM = "system"


class AutopilotAction(StrEnum):
    """The operator steps the sandbox autopilot performs, each after its own delay."""

    REVIEW = "review"  # invoice review: eligible or not
    LOA = "loa"  # the authorised person signs (or declines) the LOA
    OSR = "osr"
    PLATFORM = "platform"
    CAMPAIGN = "campaign"
    REJECT = "reject"


def parse_delays(text: str, default: float) -> dict[AutopilotAction, timedelta]:
    """``"osr=5,platform=0.5"`` → a delay per action; actions not named get ``default``."""
    delays = {action: timedelta(seconds=default) for action in AutopilotAction}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        try:
            delays[AutopilotAction(name.strip().lower())] = timedelta(seconds=float(value))
        except ValueError:
            known = ", ".join(a.value for a in AutopilotAction)
            raise ValueError(
                f"OPENTRUNK_HOSTING_AUTOPILOT_DELAYS: {item!r} is not ACTION=SECONDS with an "
                f"action among {known}"
            ) from None
    return delays


@dataclass(frozen=True, slots=True)
class HostingSettings:
    sandbox: bool = True
    autopilot: bool = True
    autopilot_delays: Mapping[AutopilotAction, timedelta] = field(
        default_factory=lambda: parse_delays("", 3.0)
    )
    #: Base of the links in emails (the LOA signing page).
    public_url: str = "http://127.0.0.1:8080"
    nnid: str = "999999"
    service_provider: str = "opentrunk"
    smtp_url: str = ""
    mail_from: str = "opentrunk <loa@opentrunk.localhost>"
    import_limit: int = 5
    text_enable_limit: int = 500
    add_numbers_limit: int = 500
    challenge_code_length: int = 6
    challenge_ttl: timedelta = timedelta(minutes=10)
    #: Wrong codes (across challenges) before the number is VERIFICATION_BLOCKED.
    challenge_max_attempts: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> HostingSettings:
        public = settings.public_url or f"http://{settings.http_host}:{settings.http_port}"
        return cls(
            sandbox=settings.sandbox_enabled,
            autopilot=settings.hosting_autopilot,
            autopilot_delays=parse_delays(
                settings.hosting_autopilot_delays, settings.hosting_autopilot_delay_seconds
            ),
            public_url=public,
            nnid=settings.hosting_nnid,
            service_provider=settings.hosting_service_provider,
            smtp_url=settings.smtp_url,
            mail_from=settings.mail_from,
        )

    @property
    def autopilot_on(self) -> bool:
        return self.sandbox and self.autopilot

    def delay(self, action: AutopilotAction) -> timedelta:
        return self.autopilot_delays.get(action, timedelta(seconds=3))


@dataclass(slots=True)
class HostingScope:
    session: AsyncSession
    project_id: str
    now: datetime
    settings: HostingSettings = field(default_factory=HostingSettings)
    actor: Actor = Actor.CUSTOMER

    def acting_as(self, actor: Actor) -> HostingScope:
        return replace(self, actor=actor)
