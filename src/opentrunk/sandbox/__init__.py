"""Sandbox controls for developers: an advanceable clock shared by every node, reset,
and (through ``opentrunk.webhooks``) the callback inbox and delivery faults."""

from opentrunk.sandbox.clock import (
    MAX_ADVANCE,
    SandboxClock,
    advance_offset,
    load_offset,
    reset_offset,
)
from opentrunk.sandbox.reset import KEPT_TABLES, reset

__all__ = [
    "KEPT_TABLES",
    "MAX_ADVANCE",
    "SandboxClock",
    "advance_offset",
    "load_offset",
    "reset",
    "reset_offset",
]
