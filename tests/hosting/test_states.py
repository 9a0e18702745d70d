"""The state tables: every state is in its table, finals are final, illegal moves are
refused with the state and the event named."""

from __future__ import annotations

import pytest

from opentrunk.errors import FailedPrecondition
from opentrunk.hosting.magic import forced
from opentrunk.hosting.states import (
    ORDER,
    QUALIFIED,
    STEP,
    FailureCode,
    IllegalTransition,
    OrderEvent,
    OrderKind,
    OrderState,
    ProcessState,
    QualifiedEvent,
    Step,
    StepEvent,
    StepState,
    next_state,
    pipeline,
)


def test_every_state_has_a_row():
    assert set(QUALIFIED) == set(ProcessState) - {ProcessState.UNSPECIFIED}
    assert set(ORDER) == set(OrderState) - {OrderState.UNSPECIFIED}
    assert set(STEP) == set(StepState)


def test_the_documented_order_path():
    state = OrderState.SUBMITTED
    for event in (OrderEvent.LOA_REQUESTED, OrderEvent.LOA_SIGNED, OrderEvent.ALL_NUMBERS_FINAL):
        state = next_state(ORDER, state, event, what="order")
    assert state is OrderState.COMPLETED
    assert not ORDER[OrderState.COMPLETED]
    assert not ORDER[OrderState.REJECTED]


def test_the_documented_qualification_path():
    state = ProcessState.ELIGIBLE_CHECK_PENDING
    for event in (
        QualifiedEvent.CHALLENGE_SENT,
        QualifiedEvent.VERIFICATION_FAILED,
        QualifiedEvent.CHALLENGE_SENT,
        QualifiedEvent.VERIFIED,
        QualifiedEvent.HOSTING_STARTED,
        QualifiedEvent.HOSTING_DONE,
    ):
        state = next_state(QUALIFIED, state, event, what="number")
    assert state is ProcessState.HOSTING_DONE


@pytest.mark.parametrize(
    ("table", "state", "event"),
    [
        (ORDER, OrderState.COMPLETED, OrderEvent.REJECTED),
        (ORDER, OrderState.SUBMITTED, OrderEvent.LOA_SIGNED),
        (QUALIFIED, ProcessState.NOT_ELIGIBLE, QualifiedEvent.CHALLENGE_SENT),
        (QUALIFIED, ProcessState.ELIGIBLE_CHECK_PENDING, QualifiedEvent.HOSTING_STARTED),
        (STEP, StepState.WAITING, StepEvent.SUCCEEDED),
        (STEP, StepState.DONE, StepEvent.FAILED),
    ],
)
def test_illegal_moves_are_refused(table, state, event):
    with pytest.raises(IllegalTransition) as caught:
        next_state(table, state, event, what="It")
    assert isinstance(caught.value, FailedPrecondition)
    assert caught.value.status_hint == 400
    assert state.value in caught.value.message
    assert event.value in caught.value.message


def test_pipelines():
    assert pipeline(OrderKind.TEXT_ENABLE, with_campaign=True) == (
        Step.OSR_UPDATE, Step.PLATFORM, Step.CAMPAIGN,
    )  # fmt: skip
    assert pipeline(OrderKind.TOLL_FREE, with_campaign=True) == (Step.OSR_UPDATE, Step.PLATFORM)
    assert pipeline(OrderKind.IMPORT, with_campaign=False) == (Step.PLATFORM,)


def test_magic_numbers():
    assert forced("+12025550100") == forced("+12025551234")  # nothing forced
    assert forced("+13125550101").not_eligible
    assert forced("+18005550103").verification is ProcessState.VERIFICATION_BLOCKED
    assert [forced(f"+1202555{110 + i:04d}").campaign_failure for i in range(15)] == list(
        FailureCode
    )
    assert forced("+12025550125") == forced("+12025550100")
