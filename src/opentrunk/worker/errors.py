"""How a handler tells the runner what to do next, other than by returning.

    JobControl
    ├── RetryLater   run again after ``delay``; not counted as a failed attempt
    └── Fail         stop now: the job is ``failed`` with ``reason``

Any other exception is a failed attempt: retried with exponential backoff until the
job's ``max_attempts``, then ``failed``. In every case the handler's session is rolled
back, so a job either commits all of its effects together with its completion or none.
"""

from __future__ import annotations

from datetime import timedelta

__all__ = ["Fail", "JobControl", "RetryLater"]


class JobControl(Exception):
    """Base of the control-flow exceptions a handler may raise."""


class RetryLater(JobControl):
    def __init__(self, delay: timedelta, reason: str = "") -> None:
        if delay < timedelta(0):
            raise ValueError("RetryLater needs a delay >= 0")
        super().__init__(reason or f"retry in {delay}")
        self.delay = delay
        self.reason = reason


class Fail(JobControl):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
