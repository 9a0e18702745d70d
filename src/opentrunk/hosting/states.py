"""Every state machine of number hosting, as tables, in this one file.

Theory of operation
===================

Number hosting is three aggregates moving through human-paced workflows:

* A **qualified number** proves that the customer may host it. ``:addNumbers`` puts it
  in ``ELIGIBLE_CHECK_PENDING``; Sinch reviews the customer's invoices (an operator
  action, or the sandbox autopilot) and decides ``ELIGIBLE`` or ``NOT_ELIGIBLE``. The
  voice challenge is the other proof of ownership: ``:sendVoiceChallenge`` moves the
  number to ``VERIFICATION_PENDING``; ``:verifyVoiceChallenge`` with the right code to
  ``VERIFIED``, with a wrong one to ``VERIFICATION_FAILED`` (another try, or a new
  challenge, is allowed) and past the attempt limit to ``VERIFICATION_BLOCKED``. An
  ``ELIGIBLE`` or ``VERIFIED`` number can be text-enabled: its hosting order takes it to
  ``HOSTING_IN_PROGRESS`` and, when that number's hosting process ends, to
  ``HOSTING_DONE`` or ``HOSTING_FAILED`` (from which it may be text-enabled again).

* A **hosting order** carries numbers through the carriers:
  ``SUBMITTED`` (accepted) → ``WAITING_FOR_LOA_SIGNATURE`` (direct or reseller Letter of
  Authorization emailed for e-signature) → ``IN_PROGRESS`` → ``COMPLETED``. Import
  orders and blanket-LOA orders go from ``SUBMITTED`` straight to ``IN_PROGRESS``.
  ``REJECTED`` ends an order that an operator rejected or whose LOA was declined.
  ``DRAFT`` exists in the enum for orders made in Sinch's dashboard; no API operation
  creates one. An order is ``COMPLETED`` once every one of its numbers has a final
  result, whatever the results are (an order can succeed partially).

* Each **number of an order** runs a pipeline of steps, one after the other; each step
  is ``WAITING`` → ``IN_PROGRESS`` → ``DONE`` | ``FAILED`` (``STATE_UNSPECIFIED`` marks a
  step that does not apply, such as the campaign of an order without one):

      text-enable      osrUpdate → platformProvisioning → campaignProvisioning
      toll-free        osrUpdate (Zipwhip provisioning) → platformProvisioning
      import           platformProvisioning → campaignProvisioning

  ``campaignProvisioning`` fans out to the carriers (``smsAtt``, ``smsTmo``, ``mmsAtt``,
  ``mmsTmo``) and ends when all four have: ``DONE`` if all succeeded, else ``FAILED``
  with the first failure's code. A failed OSR update or platform provisioning ends the
  number's hosting process as failed; a failed campaign link does not (the number is
  hosted and imported, and the customer can link a campaign later). The number's
  ``HOSTING_PROCESS`` result is known when its pipeline has nothing left to run.

* An **imported number** has two provisioning slots, the SMS platform (service plan)
  and the 10DLC campaign, each holding the last operation (``PROVISIONING`` or
  ``DEPROVISIONING``) and its step state. Only one operation per slot runs at a time;
  linking to something new needs an unlink first.

Rules of this file:

1. Everything that decides whether a move is legal lives here, as data. Services look
   up ``next_state(table, state, event)`` and write what it returns; they never compare
   states to decide legality themselves.
2. This file does no I/O and knows nothing of the database, HTTP or time.
3. An illegal move raises :class:`IllegalTransition` (rendered as 400
   ``FAILED_PRECONDITION``), naming the object, its state and the refused event.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from opentrunk.errors import FailedPrecondition

__all__ = [
    "CARRIER_STEPS",
    "HOSTED_STATUS",
    "ORDER",
    "QUALIFIED",
    "STEP",
    "CallbackEvent",
    "Carrier",
    "FailureCode",
    "IllegalTransition",
    "OrderEvent",
    "OrderKind",
    "OrderState",
    "OrderType",
    "ProcessState",
    "QualifiedEvent",
    "Step",
    "StepEvent",
    "StepState",
    "Table",
    "next_state",
    "pipeline",
]


class ProcessState(StrEnum):
    """``QualifiedNumber.globalProcessState`` (wire values)."""

    UNSPECIFIED = "GLOBAL_PROCESS_STATE_UNSPECIFIED"
    ELIGIBLE_CHECK_PENDING = "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"
    ELIGIBLE = "GLOBAL_PROCESS_STATE_ELIGIBLE"
    NOT_ELIGIBLE = "GLOBAL_PROCESS_STATE_NOT_ELIGIBLE"
    VERIFICATION_PENDING = "GLOBAL_PROCESS_STATE_VERIFICATION_PENDING"
    VERIFICATION_FAILED = "GLOBAL_PROCESS_STATE_VERIFICATION_FAILED"
    VERIFICATION_BLOCKED = "GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED"
    VERIFIED = "GLOBAL_PROCESS_STATE_VERIFIED"
    HOSTING_IN_PROGRESS = "GLOBAL_PROCESS_STATE_HOSTING_IN_PROGRESS"
    HOSTING_DONE = "GLOBAL_PROCESS_STATE_HOSTING_DONE"
    HOSTING_FAILED = "GLOBAL_PROCESS_STATE_HOSTING_FAILED"


class QualifiedEvent(StrEnum):
    REVIEWED_ELIGIBLE = "reviewed_eligible"
    REVIEWED_NOT_ELIGIBLE = "reviewed_not_eligible"
    CHALLENGE_SENT = "challenge_sent"
    VERIFIED = "verified"
    VERIFICATION_FAILED = "verification_failed"
    VERIFICATION_BLOCKED = "verification_blocked"
    HOSTING_STARTED = "hosting_started"
    HOSTING_DONE = "hosting_done"
    HOSTING_FAILED = "hosting_failed"


class OrderState(StrEnum):
    UNSPECIFIED = "HOSTING_ORDER_STATE_UNSPECIFIED"
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    WAITING_FOR_LOA_SIGNATURE = "WAITING_FOR_LOA_SIGNATURE"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"


class OrderEvent(StrEnum):
    SUBMITTED = "submitted"
    LOA_REQUESTED = "loa_requested"
    STARTED = "started"
    LOA_SIGNED = "loa_signed"
    LOA_DECLINED = "loa_declined"
    REJECTED = "rejected"
    ALL_NUMBERS_FINAL = "all_numbers_final"


class OrderType(StrEnum):
    UNSPECIFIED = "HOSTING_ORDER_TYPE_UNSPECIFIED"
    IMPORT = "IMPORT"
    TEXT_ENABLE = "TYPE_TEXT_ENABLE"  # sic: the only value with the TYPE_ prefix


class OrderKind(StrEnum):
    """What the pipeline depends on (the wire type does not tell toll-free apart)."""

    IMPORT = "import"
    TEXT_ENABLE = "text_enable"
    TOLL_FREE = "toll_free"


class StepState(StrEnum):
    """The API's ``State`` enum, shared by every step."""

    UNSPECIFIED = "STATE_UNSPECIFIED"
    WAITING = "WAITING"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    FAILED = "FAILED"


class StepEvent(StrEnum):
    STARTED = "started"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Step(StrEnum):
    """Steps of a number in an order, named as the wire names them."""

    OSR_UPDATE = "osrUpdate"
    PLATFORM = "platformProvisioning"
    CAMPAIGN = "campaignProvisioning"
    SMS_ATT = "smsAtt"
    SMS_TMO = "smsTmo"
    MMS_ATT = "mmsAtt"
    MMS_TMO = "mmsTmo"


Carrier = Step  # the four carrier steps are Steps; the alias names the role
CARRIER_STEPS: tuple[Step, ...] = (Step.SMS_ATT, Step.SMS_TMO, Step.MMS_ATT, Step.MMS_TMO)


class CallbackEvent(StrEnum):
    PROVISIONING_TO_SMS_PLATFORM = "PROVISIONING_TO_SMS_PLATFORM"
    DEPROVISIONING_TO_SMS_PLATFORM = "DEPROVISIONING_TO_SMS_PLATFORM"
    LINK_TO_10DLC_CAMPAIGN = "LINK_TO_10DLC_CAMPAIGN"
    UNLINK_TO_10DLC_CAMPAIGN = "UNLINK_TO_10DLC_CAMPAIGN"
    HOSTING_PROCESS = "HOSTING_PROCESS"
    OSR_UPDATE = "OSR_UPDATE"
    DELETE = "DELETE"


class FailureCode(StrEnum):
    """``CallbackPayload.failureCode``, in the spec's order (the sandbox's magic numbers
    index into it)."""

    CAMPAIGN_NOT_AVAILABLE = "CAMPAIGN_NOT_AVAILABLE"
    EXCEEDED_10DLC_LIMIT = "EXCEEDED_10DLC_LIMIT"
    NUMBER_PROVISIONING_FAILED = "NUMBER_PROVISIONING_FAILED"
    PARTNER_SERVICE_UNAVAILABLE = "PARTNER_SERVICE_UNAVAILABLE"
    CAMPAIGN_PENDING_ACCEPTANCE = "CAMPAIGN_PENDING_ACCEPTANCE"
    MNO_SHARING_ERROR = "MNO_SHARING_ERROR"
    CAMPAIGN_PROVISIONING_FAILED = "CAMPAIGN_PROVISIONING_FAILED"
    CAMPAIGN_EXPIRED = "CAMPAIGN_EXPIRED"
    CAMPAIGN_MNO_REJECTED = "CAMPAIGN_MNO_REJECTED"
    CAMPAIGN_MNO_SUSPENDED = "CAMPAIGN_MNO_SUSPENDED"
    CAMPAIGN_MNO_REVIEW = "CAMPAIGN_MNO_REVIEW"
    INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE"
    MOCK_CAMPAIGN_NOT_ALLOWED = "MOCK_CAMPAIGN_NOT_ALLOWED"
    TFN_NOT_ALLOWED = "TFN_NOT_ALLOWED"
    INVALID_NNID = "INVALID_NNID"


#: ``QualifiedNumber.hostedNumber.status`` is an integer on the wire.
HOSTED_STATUS: Mapping[ProcessState, int] = {
    ProcessState.HOSTING_DONE: 1,  # HOSTING_STATUS_HOSTED
    ProcessState.HOSTING_FAILED: 2,  # HOSTING_STATUS_FAILED
}


S = TypeVar("S", bound=StrEnum)
E = TypeVar("E", bound=StrEnum)
Table = Mapping[S, Mapping[E, S]]

_P = ProcessState
_Q = QualifiedEvent
_VERIFY_RESULTS: Mapping[QualifiedEvent, ProcessState] = {
    _Q.VERIFIED: _P.VERIFIED,
    _Q.VERIFICATION_FAILED: _P.VERIFICATION_FAILED,
    _Q.VERIFICATION_BLOCKED: _P.VERIFICATION_BLOCKED,
}

QUALIFIED: Table[ProcessState, QualifiedEvent] = {
    _P.ELIGIBLE_CHECK_PENDING: {
        _Q.REVIEWED_ELIGIBLE: _P.ELIGIBLE,
        _Q.REVIEWED_NOT_ELIGIBLE: _P.NOT_ELIGIBLE,
        _Q.CHALLENGE_SENT: _P.VERIFICATION_PENDING,
        **_VERIFY_RESULTS,  # an operator may record a verification result directly
    },
    _P.ELIGIBLE: {
        _Q.CHALLENGE_SENT: _P.VERIFICATION_PENDING,
        _Q.HOSTING_STARTED: _P.HOSTING_IN_PROGRESS,
        **_VERIFY_RESULTS,
    },
    _P.NOT_ELIGIBLE: {},
    _P.VERIFICATION_PENDING: {_Q.CHALLENGE_SENT: _P.VERIFICATION_PENDING, **_VERIFY_RESULTS},
    _P.VERIFICATION_FAILED: {_Q.CHALLENGE_SENT: _P.VERIFICATION_PENDING, **_VERIFY_RESULTS},
    # Blocked numbers leave only through an operator's verification result.
    _P.VERIFICATION_BLOCKED: {
        _Q.VERIFIED: _P.VERIFIED,
        _Q.VERIFICATION_FAILED: _P.VERIFICATION_FAILED,
    },
    _P.VERIFIED: {_Q.HOSTING_STARTED: _P.HOSTING_IN_PROGRESS},
    _P.HOSTING_IN_PROGRESS: {
        _Q.HOSTING_DONE: _P.HOSTING_DONE,
        _Q.HOSTING_FAILED: _P.HOSTING_FAILED,
    },
    _P.HOSTING_DONE: {},
    _P.HOSTING_FAILED: {_Q.HOSTING_STARTED: _P.HOSTING_IN_PROGRESS},
}

_O = OrderState
_OE = OrderEvent
ORDER: Table[OrderState, OrderEvent] = {
    _O.DRAFT: {_OE.SUBMITTED: _O.SUBMITTED, _OE.REJECTED: _O.REJECTED},
    _O.SUBMITTED: {
        _OE.LOA_REQUESTED: _O.WAITING_FOR_LOA_SIGNATURE,
        _OE.STARTED: _O.IN_PROGRESS,
        _OE.REJECTED: _O.REJECTED,
    },
    _O.WAITING_FOR_LOA_SIGNATURE: {
        _OE.LOA_SIGNED: _O.IN_PROGRESS,
        _OE.LOA_DECLINED: _O.REJECTED,
        _OE.REJECTED: _O.REJECTED,
    },
    _O.IN_PROGRESS: {_OE.ALL_NUMBERS_FINAL: _O.COMPLETED, _OE.REJECTED: _O.REJECTED},
    _O.COMPLETED: {},
    _O.REJECTED: {},
}

_T = StepState
_TE = StepEvent
STEP: Table[StepState, StepEvent] = {
    _T.UNSPECIFIED: {},
    _T.WAITING: {_TE.STARTED: _T.IN_PROGRESS},
    _T.IN_PROGRESS: {_TE.SUCCEEDED: _T.DONE, _TE.FAILED: _T.FAILED},
    _T.DONE: {},
    _T.FAILED: {},
}

ORDER_FINAL: frozenset[OrderState] = frozenset({_O.COMPLETED, _O.REJECTED})
STEP_FINAL: frozenset[StepState] = frozenset({_T.DONE, _T.FAILED, _T.UNSPECIFIED})

_PIPELINES: Mapping[OrderKind, tuple[Step, ...]] = {
    OrderKind.TEXT_ENABLE: (Step.OSR_UPDATE, Step.PLATFORM, Step.CAMPAIGN),
    OrderKind.TOLL_FREE: (Step.OSR_UPDATE, Step.PLATFORM),
    OrderKind.IMPORT: (Step.PLATFORM, Step.CAMPAIGN),
}

#: A failure of these ends the number's hosting process as failed.
HOSTING_CRITICAL: frozenset[Step] = frozenset({Step.OSR_UPDATE, Step.PLATFORM})


def pipeline(kind: OrderKind, *, with_campaign: bool) -> tuple[Step, ...]:
    steps = _PIPELINES[kind]
    return steps if with_campaign else tuple(s for s in steps if s is not Step.CAMPAIGN)


class IllegalTransition(FailedPrecondition):
    def __init__(self, what: str, state: StrEnum, event: StrEnum) -> None:
        super().__init__(
            f"{what} is {state.value}; '{event.value}' is not possible in that state",
            reason="ILLEGAL_TRANSITION",
        )
        self.state = state
        self.event = event


def next_state(table: Table[S, E], state: S, event: E, *, what: str) -> S:
    """The state ``event`` leads to from ``state``; :class:`IllegalTransition` if none."""
    target = table.get(state, {}).get(event)
    if target is None:
        raise IllegalTransition(what, state, event)
    return target


def allowed(table: Table[S, E], state: S, event: E) -> bool:
    return event in table.get(state, {})
