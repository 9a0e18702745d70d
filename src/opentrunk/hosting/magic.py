"""Sandbox magic numbers: outcomes the autopilot (and the voice challenge) force.

A number ``+1 NPA 555 01XX`` (any area code, including toll-free ones) picks the
outcome ``XX``; every other number succeeds everywhere:

=======  ======================================================================
``01XX`` forced outcome
=======  ======================================================================
``00``   nothing forced (every step succeeds)
``01``   invoice review: ``GLOBAL_PROCESS_STATE_NOT_ELIGIBLE``
``02``   ownership verification: ``VERIFICATION_FAILED`` whatever code is sent
``03``   ownership verification: ``VERIFICATION_BLOCKED`` whatever code is sent
``04``   the authorised person declines the LOA: the order is ``REJECTED``
``05``   OSR update ``FAILED`` (``OSR_UPDATE`` callback with ``INVALID_NNID``)
``06``   SMS platform provisioning ``FAILED`` (no failure code, as documented)
``07``   the operator rejects the order
``10``-``24``  campaign link ``FAILED`` on T-Mobile SMS with failure code number
         ``XX - 10`` of the spec's list: 10 ``CAMPAIGN_NOT_AVAILABLE``,
         11 ``EXCEEDED_10DLC_LIMIT``, ... 23 ``TFN_NOT_ALLOWED``, 24 ``INVALID_NNID``
=======  ======================================================================

An order mixing these with ordinary numbers succeeds partially. Magic numbers act only
when the sandbox is on.
"""

from __future__ import annotations

from dataclasses import dataclass

from opentrunk.hosting.states import FailureCode, ProcessState

__all__ = ["Forced", "forced"]

_CODES = list(FailureCode)


@dataclass(frozen=True, slots=True)
class Forced:
    not_eligible: bool = False
    verification: ProcessState | None = None
    loa_declined: bool = False
    osr_failure: bool = False
    platform_failure: bool = False
    rejected: bool = False
    campaign_failure: FailureCode | None = None


_NOTHING = Forced()


def forced(number: str) -> Forced:
    digits = number.removeprefix("+1")
    if len(digits) != 10 or digits[3:6] != "555" or digits[6:8] != "01":
        return _NOTHING
    outcome = int(digits[8:])
    if 10 <= outcome < 10 + len(_CODES):
        return Forced(campaign_failure=_CODES[outcome - 10])
    return {
        1: Forced(not_eligible=True),
        2: Forced(verification=ProcessState.VERIFICATION_FAILED),
        3: Forced(verification=ProcessState.VERIFICATION_BLOCKED),
        4: Forced(loa_declined=True),
        5: Forced(osr_failure=True),
        6: Forced(platform_failure=True),
        7: Forced(rejected=True),
    }.get(outcome, _NOTHING)
