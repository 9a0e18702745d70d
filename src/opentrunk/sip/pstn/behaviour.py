"""What the built-in PSTN simulator does with a call, chosen by the last four digits of
the number called (documented in the README; the same idea as a carrier's test
numbers):

=============  ==============================================================
ends with      the simulated far end
=============  ==============================================================
``0486``       is busy: 486 Busy Here
``0600``       is busy everywhere: 600 Busy Everywhere
``0603``       declines: 603 Decline
``0404``       does not exist: 404 Not Found
``0480``       is unavailable: 480 Temporarily Unavailable, at once
``0408``       rings and never answers; after ``no_answer_seconds`` 480
``0500``       fails: 500 Server Internal Error
``0503``       fails: 503 Service Unavailable
``0180``       rings for ``ring_seconds``, then answers
``0000``       never responds at all (the edge times out)
anything else  rings and answers at once
=============  ==============================================================

An answered call stays up until one side sends BYE.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Behaviour", "Outcome", "behaviour_for"]


class Outcome(enum.Enum):
    ANSWER = "answer"
    REJECT = "reject"
    RING_FOREVER = "ring forever"
    SILENT = "silent"


@dataclass(frozen=True, slots=True)
class Behaviour:
    outcome: Outcome
    status: int = 200
    #: ring (180) this long before the outcome
    ring: bool = True
    delayed: bool = False


_BY_SUFFIX = {
    "0486": Behaviour(Outcome.REJECT, 486, ring=False),
    "0600": Behaviour(Outcome.REJECT, 600, ring=False),
    "0603": Behaviour(Outcome.REJECT, 603, ring=False),
    "0404": Behaviour(Outcome.REJECT, 404, ring=False),
    "0480": Behaviour(Outcome.REJECT, 480, ring=False),
    "0500": Behaviour(Outcome.REJECT, 500, ring=False),
    "0503": Behaviour(Outcome.REJECT, 503, ring=False),
    "0408": Behaviour(Outcome.RING_FOREVER, 480),
    "0180": Behaviour(Outcome.ANSWER, 200, delayed=True),
    "0000": Behaviour(Outcome.SILENT, ring=False),
}
_ANSWER = Behaviour(Outcome.ANSWER)


def behaviour_for(number: str) -> Behaviour:
    """>>> behaviour_for("+15551230486").status
    486
    """
    digits = "".join(c for c in number if c.isdigit())
    return _BY_SUFFIX.get(digits[-4:], _ANSWER)
