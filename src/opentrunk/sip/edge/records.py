"""Call records as the edge produces them: one per INVITE that reached a trunk.

The edge keeps times as the monotonic seconds it runs on; the writer turns them into
wall-clock timestamps when it stores the record (``opentrunk.sip.daemon.records``).

Results, from the final answer the caller got:

=====================  ===========================================================
``COMPLETED``          answered (2xx); the record is written at BYE
``CANCEL``             the caller cancelled before an answer
``BUSY``               486 Busy Here, 600 Busy Everywhere, 603 Decline
``NO_ANSWER``          408 or 480: nobody answered in time (ringing or silent)
``FAILED``             anything else, including the edge's own refusals (403, 404,
                       503, 603 for the calls-per-second limit)
=====================  ===========================================================
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["CallRecordData", "CallResult", "result_for_status"]


class CallResult(enum.StrEnum):
    COMPLETED = "COMPLETED"
    NO_ANSWER = "NO_ANSWER"
    CANCEL = "CANCEL"
    BUSY = "BUSY"
    FAILED = "FAILED"


_BUSY = frozenset({486, 600, 603})
_NO_ANSWER = frozenset({408, 480})


def result_for_status(status: int, *, cancelled: bool = False) -> CallResult:
    if 200 <= status < 300:
        return CallResult.COMPLETED
    if cancelled or status == 487:
        return CallResult.CANCEL
    if status in _BUSY:
        return CallResult.BUSY
    if status in _NO_ANSWER:
        return CallResult.NO_ANSWER
    return CallResult.FAILED


@dataclass(frozen=True, slots=True)
class CallRecordData:
    call_id: str
    project_id: str
    trunk_id: str
    trunk_name: str
    direction: str  # INBOUND or OUTBOUND
    from_: str
    to: str
    from_country: str | None
    to_country: str | None
    result: CallResult
    sip_response_code: int
    #: monotonic seconds (the edge's clock)
    created: float
    answered: float | None
    ended: float
    transport: str
    port: int

    @property
    def duration_seconds(self) -> int:
        """Inbound: from the INVITE to the end; outbound: from the answer to the end
        (Sinch's definitions); 0 for a call never answered."""
        if self.answered is None:
            return 0
        start = self.created if self.direction == "INBOUND" else self.answered
        return max(0, round(self.ended - start))
