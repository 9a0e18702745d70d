"""Settings: one pydantic-settings class, environment prefix ``OPENTRUNK_``.

Settings are built once by the entry point (CLI or test) and passed down explicitly;
nothing reads them at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OPENTRUNK_", extra="ignore")

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    sip_host: str = "127.0.0.1"
    sip_port: int = Field(default=5060, ge=0, le=65535)
    data_dir: Path = Path(".opentrunk")
    #: Empty means the embedded default: a SQLite file (WAL) inside ``data_dir``.
    database_url: str = ""
    redis_url: str = ""
    sip_domain_suffix: str = "pstn.sinch.com"
    admin_token: SecretStr | None = None
    #: Largest accepted request body, in bytes (413 beyond it).
    max_body_bytes: int = 1_048_576
    access_token_ttl_seconds: int = 3600
    log_level: str = "info"
    #: Which parts this process runs: everything, or one part for scale-out.
    role: Literal["all", "api", "sip", "worker"] = "all"
    #: Sandbox controls (advanceable clock, reset, inboxes, faults). Unset: on with SQLite
    #: (the embedded default, a developer's machine), off with PostgreSQL (an operator's).
    sandbox: bool | None = None
    worker_concurrency: int = Field(default=8, ge=1, le=256)
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=3600)
    #: A job whose worker has not renewed its lease for this long is taken over.
    worker_lease_seconds: float = Field(default=60.0, ge=1, le=86400)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    webhook_max_attempts: int = Field(default=10, ge=1, le=100)
    #: Finished jobs (succeeded or failed) are deleted this many days after they
    #: finished; 0 keeps them forever. Measured on the server's clock (sandbox time
    #: where the sandbox is on), checked by every worker when it starts and hourly.
    job_retention_days: int = Field(default=7, ge=0, le=36500)
    #: Callbacks whose delivery ended (delivered, or failed after the last attempt) are
    #: deleted with their delivery attempts this many days after the last attempt; 0
    #: keeps them forever. Pending callbacks are never deleted.
    callback_retention_days: int = Field(default=30, ge=0, le=36500)
    #: The server runs a full garbage collection when Python's allocated memory blocks
    #: grew by this many percent since the last one, instead of on Python's own trigger
    #: (``kit.collector``); 0 leaves full collections to Python.
    gc_full_collection_growth_percent: int = Field(default=25, ge=0, le=1000)

    # The SIP edge (opentrunk.sip).
    #: Where outbound calls go: ``host[:port][;transport=tcp]``. Empty: the built-in PSTN
    #: simulator (on ``pstn_simulator_port``), which answers them itself.
    pstn_gateway: str = ""
    #: Where inbound calls may come from: IPs, CIDRs or ``ip:port``, comma-separated.
    #: Empty: the PSTN gateway's address (the simulator's, by default).
    carrier_addresses: str = ""
    #: Port of the built-in PSTN simulator (UDP and TCP on ``sip_host``); 0: any free port.
    pstn_simulator_port: int = Field(default=0, ge=0, le=65535)
    #: The address the edge writes in its Via and Record-Route; empty: ``sip_host``.
    sip_advertised_host: str = ""
    #: A call leg with no response at all after this long fails over (or fails: 408).
    sip_failover_timeout_seconds: float = Field(default=4.0, gt=0, le=300)
    #: A call leg that rings this long unanswered is cancelled (the proxy's Timer C).
    sip_ring_timeout_seconds: float = Field(default=120.0, gt=0, le=3600)
    #: At shutdown, how long calls in progress may take to finish their transactions.
    sip_drain_seconds: float = Field(default=5.0, ge=0, le=600)
    #: SIP edge processes sharing ``sip_port`` (``SO_REUSEPORT``, Linux): ``serve`` starts
    #: the others itself (``sip.daemon.siblings``). 1: the edge runs in this process only.
    sip_processes: int = Field(default=1, ge=1, le=64)
    #: Set by ``serve`` for the edge processes it starts: which one, and the directory
    #: of the sockets they share state through.
    sip_process_index: int = Field(default=0, ge=0, le=63)
    sip_siblings_dir: str = ""

    # Number hosting (opentrunk.hosting).
    #: Base of the links opentrunk emails (LOA signing); empty: http://HTTP_HOST:HTTP_PORT.
    public_url: str = ""
    #: ``smtp://[user:pass@]host[:port][?starttls=1]`` or ``smtps://...``; empty keeps
    #: emails in the sandbox mail inbox.
    smtp_url: str = ""
    mail_from: str = "opentrunk <loa@opentrunk.localhost>"
    #: In the sandbox, perform the operator's hosting steps automatically.
    hosting_autopilot: bool = True
    hosting_autopilot_delay_seconds: float = Field(default=3.0, ge=0)
    #: Per-step overrides, e.g. ``review=10,loa=5,osr=2,platform=1,campaign=1,reject=1``.
    hosting_autopilot_delays: str = ""
    hosting_nnid: str = "999999"
    hosting_service_provider: str = "opentrunk"

    # Sinch's own variables: when set at start, this project and access key exist.
    sinch_project_id: str | None = Field(default=None, validation_alias="SINCH_PROJECT_ID")
    sinch_key_id: str | None = Field(default=None, validation_alias="SINCH_KEY_ID")
    sinch_key_secret: SecretStr | None = Field(default=None, validation_alias="SINCH_KEY_SECRET")

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'opentrunk.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")

    @property
    def sandbox_enabled(self) -> bool:
        return self.is_sqlite if self.sandbox is None else self.sandbox
