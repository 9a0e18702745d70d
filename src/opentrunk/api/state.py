"""Resources built once at start-up and shared by every request."""

from __future__ import annotations

from dataclasses import dataclass

from opentrunk.auth.service import AccessKeyService
from opentrunk.auth.tokens import TokenIssuer
from opentrunk.clock import Clock
from opentrunk.config import Settings
from opentrunk.hosting.scope import HostingSettings
from opentrunk.runtime import Runtime
from opentrunk.store.db import Database
from opentrunk.trunking.changes import ConfigChangeFeed
from opentrunk.trunking.scope import TrunkingSettings
from opentrunk.worker import Worker

__all__ = ["AppState"]


@dataclass(slots=True)
class AppState:
    settings: Settings
    database: Database
    clock: Clock
    tokens: TokenIssuer
    keys: AccessKeyService
    changes: ConfigChangeFeed
    trunking: TrunkingSettings
    hosting: HostingSettings
    #: The process's shared parts (worker, HTTP client, sandbox clock, admin token).
    runtime: Runtime

    @property
    def worker(self) -> Worker:
        return self.runtime.worker
