"""Qualified numbers: numbers whose eligibility and ownership are being checked before
they can be text-enabled."""

from __future__ import annotations

from datetime import datetime

from opentrunk.sdk.types._base import Model

__all__ = ["QualificationStep", "QualifiedNumber"]


class QualificationStep(Model):
    #: A step state name; ``hostedNumber.status`` is a number (0, 1 hosted, 2 failed).
    status: str | int | None = None
    error: str | None = None


class QualifiedNumber(Model):
    """``global_process_state`` is one of the ``GLOBAL_PROCESS_STATE_*`` values, e.g.
    ``GLOBAL_PROCESS_STATE_VERIFIED``."""

    phone_number: str
    global_process_state: str | None = None
    project_id: str | None = None
    region_code: str | None = None
    osr_eligibility: QualificationStep | None = None
    ownership_verification: QualificationStep | None = None
    hosted_number: QualificationStep | None = None
    created_time: datetime | None = None
    updated_time: datetime | None = None
