"""Qualified numbers: numbers whose ownership the project proves before hosting them.

Transitions come from ``states.QUALIFIED``; this module applies them, writing the
detail objects the API shows (``osrEligibility``, ``ownershipVerification``,
``hostedNumber``) and an audit row with each.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from opentrunk.errors import FailedPrecondition
from opentrunk.hosting import audit
from opentrunk.hosting.effects import JobKind, schedule
from opentrunk.hosting.listing import Ordering, Window
from opentrunk.hosting.magic import forced
from opentrunk.hosting.numbers import ANY, check_numbers, region_of
from opentrunk.hosting.repository import get_qualified, ordered, windowed
from opentrunk.hosting.scope import Actor, AutopilotAction, HostingScope
from opentrunk.hosting.states import (
    HOSTED_STATUS,
    QUALIFIED,
    ProcessState,
    QualifiedEvent,
    StepState,
    next_state,
)
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import QualifiedNumber

__all__ = ["QualifiedNumberService", "qualified_number_service"]

_P = ProcessState

#: What each state shows in the two detail objects: (osrEligibility, ownershipVerification).
_DETAILS: dict[ProcessState, tuple[StepState | None, StepState | None]] = {
    _P.ELIGIBLE_CHECK_PENDING: (StepState.IN_PROGRESS, StepState.WAITING),
    _P.ELIGIBLE: (StepState.DONE, StepState.DONE),
    _P.NOT_ELIGIBLE: (StepState.FAILED, None),
    _P.VERIFICATION_PENDING: (None, StepState.IN_PROGRESS),
    _P.VERIFICATION_FAILED: (None, StepState.FAILED),
    _P.VERIFICATION_BLOCKED: (None, StepState.FAILED),
    _P.VERIFIED: (StepState.DONE, StepState.DONE),
}


class QualifiedNumberService:
    async def add(self, scope: HostingScope, raw_numbers: Sequence[str]) -> list[QualifiedNumber]:
        """Start qualifying the numbers; numbers already qualifying in this project are
        returned as they are (adding is idempotent)."""
        numbers = check_numbers(
            raw_numbers, field="phoneNumbers", limit=scope.settings.add_numbers_limit, region=ANY
        )
        existing = {
            row.phone_number: row
            for row in await scope.session.scalars(
                select(QualifiedNumber).where(
                    QualifiedNumber.project_id == scope.project_id,
                    QualifiedNumber.phone_number.in_(numbers),
                )
            )
        }
        result: list[QualifiedNumber] = []
        added = False
        for number in numbers:
            row = existing.get(number)
            if row is None:
                region = region_of(number)
                row = QualifiedNumber(
                    id=new_ulid(),
                    project_id=scope.project_id,
                    phone_number=number,
                    region_code=region,
                    state=_P.ELIGIBLE_CHECK_PENDING.value,
                    osr_eligibility_state=StepState.IN_PROGRESS.value,
                    osr_eligibility_error="",
                    ownership_state=StepState.WAITING.value,
                    ownership_error="",
                    hosted_status=0,
                    hosted_error="",
                    failed_attempts=0,
                    create_time=scope.now,
                    update_time=scope.now,
                )
                scope.session.add(row)
                audit.record(
                    scope,
                    audit.Subject.QUALIFIED_NUMBER,
                    "added",
                    _P.UNSPECIFIED.value,
                    row.state,
                    phone_number=number,
                )
                added = True
            result.append(row)
        if added and scope.settings.autopilot_on:
            await schedule(
                scope,
                JobKind.AUTOPILOT_QUALIFIED,
                {"projectId": scope.project_id, "action": AutopilotAction.REVIEW.value},
                at=scope.now + scope.settings.delay(AutopilotAction.REVIEW),
            )
        await scope.session.flush()
        return result

    async def get(self, scope: HostingScope, number: str) -> QualifiedNumber:
        return await get_qualified(scope, number)

    async def find(
        self,
        scope: HostingScope,
        page: Window,
        order: Ordering,
        *,
        states: set[ProcessState] | None,
        region_code: str | None,
    ) -> tuple[list[QualifiedNumber], int]:
        statement = select(QualifiedNumber).where(QualifiedNumber.project_id == scope.project_id)
        if states is not None:
            statement = statement.where(QualifiedNumber.state.in_([s.value for s in states]))
        if region_code:
            statement = statement.where(QualifiedNumber.region_code == region_code)
        return await windowed(scope, ordered(statement, QualifiedNumber, order), page)

    async def delete(self, scope: HostingScope, number: str) -> None:
        row = await get_qualified(scope, number)
        if row.state == _P.HOSTING_IN_PROGRESS:
            raise FailedPrecondition(
                f"{number} is being hosted by an order in progress; it can be deleted when "
                "that order has finished",
                reason="NUMBER_IN_ACTIVE_ORDER",
            )
        audit.record(
            scope,
            audit.Subject.QUALIFIED_NUMBER,
            "deleted",
            row.state,
            _P.UNSPECIFIED.value,
            phone_number=number,
        )
        await scope.session.delete(row)
        await scope.session.flush()

    def apply(
        self, scope: HostingScope, row: QualifiedNumber, event: QualifiedEvent, error: str = ""
    ) -> None:
        """Move ``row`` by ``event`` (or refuse it), update its detail objects, audit."""
        before = ProcessState(row.state)
        after = next_state(QUALIFIED, before, event, what=f"Qualified number {row.phone_number}")
        row.state = after.value
        row.update_time = scope.now
        osr, ownership = _DETAILS.get(after, (None, None))
        if osr is not None:
            row.osr_eligibility_state = osr.value
            row.osr_eligibility_error = error if osr is StepState.FAILED else ""
        if ownership is not None:
            row.ownership_state = ownership.value
            row.ownership_error = error if ownership is StepState.FAILED else ""
        if after in HOSTED_STATUS:
            row.hosted_status = HOSTED_STATUS[after]
            row.hosted_error = error if after is _P.HOSTING_FAILED else ""
        elif after is _P.HOSTING_IN_PROGRESS:
            row.hosted_status, row.hosted_error = 0, ""
        audit.record(
            scope,
            audit.Subject.QUALIFIED_NUMBER,
            event.value,
            before.value,
            after.value,
            phone_number=row.phone_number,
            detail=error,
        )

    async def review(
        self, scope: HostingScope, number: str, *, eligible: bool, reason: str = ""
    ) -> QualifiedNumber:
        """The invoice review (an operator's decision, or the autopilot's)."""
        row = await get_qualified(scope, number)
        if eligible:
            self.apply(scope, row, QualifiedEvent.REVIEWED_ELIGIBLE)
        else:
            why = reason or "The documents provided do not show that the number can be hosted"
            self.apply(scope, row, QualifiedEvent.REVIEWED_NOT_ELIGIBLE, why)
        await scope.session.flush()
        return row

    async def record_verification(
        self, scope: HostingScope, number: str, *, result: ProcessState, reason: str = ""
    ) -> QualifiedNumber:
        """An operator's ownership-verification result (VERIFIED, VERIFICATION_FAILED or
        VERIFICATION_BLOCKED), for instance after checking invoices by hand."""
        events = {
            _P.VERIFIED: QualifiedEvent.VERIFIED,
            _P.VERIFICATION_FAILED: QualifiedEvent.VERIFICATION_FAILED,
            _P.VERIFICATION_BLOCKED: QualifiedEvent.VERIFICATION_BLOCKED,
        }
        row = await get_qualified(scope, number)
        if result not in events:
            raise FailedPrecondition(
                "a verification result is VERIFIED, VERIFICATION_FAILED or VERIFICATION_BLOCKED"
            )
        self.apply(scope, row, events[result], reason or _default_reason(result))
        if result is _P.VERIFIED:
            row.failed_attempts = 0
        await scope.session.flush()
        return row

    async def autopilot_review(self, scope: HostingScope) -> None:
        """Review every number of the project that has waited the review delay; a later
        job picks up numbers added since."""
        due = scope.now - scope.settings.delay(AutopilotAction.REVIEW)
        rows = await scope.session.scalars(
            select(QualifiedNumber).where(
                QualifiedNumber.project_id == scope.project_id,
                QualifiedNumber.state == _P.ELIGIBLE_CHECK_PENDING.value,
                QualifiedNumber.create_time <= due,
            )
        )
        acting = scope.acting_as(Actor.AUTOPILOT)
        for row in rows:
            if forced(row.phone_number).not_eligible:
                self.apply(
                    acting,
                    row,
                    QualifiedEvent.REVIEWED_NOT_ELIGIBLE,
                    "The invoices provided do not list this number (sandbox magic number)",
                )
            else:
                self.apply(acting, row, QualifiedEvent.REVIEWED_ELIGIBLE)
        await scope.session.flush()


def _default_reason(result: ProcessState) -> str:
    if result is _P.VERIFICATION_BLOCKED:
        return "Ownership verification is blocked for this number"
    if result is _P.VERIFICATION_FAILED:
        return "Ownership of the number could not be verified"
    return ""


qualified_number_service = QualifiedNumberService()
