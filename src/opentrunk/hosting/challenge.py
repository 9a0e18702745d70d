"""The voice challenge: proof of ownership by a call to the number that speaks a code.

* ``:sendVoiceChallenge`` makes a code of ``challenge_code_length`` digits (6 by
  default), valid for ``challenge_ttl`` (10 minutes), and records the challenge call.
  A new challenge replaces the previous one. The SIP edge places the call; until it
  does (``calls_to_place`` / ``mark_placed``) the call waits, ``QUEUED``, in the
  challenge-call inbox; in the sandbox it is ``PLACED`` at once. The inbox shows the
  code either way.
* ``:verifyVoiceChallenge`` with the right, unexpired code verifies the number. A wrong
  or expired code fails verification (the number may try again, or ask for a new
  challenge); after ``challenge_max_attempts`` wrong codes (3 by default, counted across
  challenges so that new challenges do not reset the count) the number is blocked.
  Both answers are 200 with the qualified number, whose state tells the outcome.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import FailedPrecondition
from opentrunk.hosting.magic import forced
from opentrunk.hosting.qualified import qualified_number_service
from opentrunk.hosting.repository import get_qualified
from opentrunk.hosting.scope import HostingScope
from opentrunk.hosting.states import ProcessState, QualifiedEvent
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import QualifiedNumber, VoiceChallenge

__all__ = ["VoiceChallengeService", "calls_to_place", "mark_placed", "voice_challenge_service"]

_LIVE = ("QUEUED", "PLACED")


class VoiceChallengeService:
    async def send(self, scope: HostingScope, number: str) -> QualifiedNumber:
        row = await get_qualified(scope, number)
        qualified_number_service.apply(scope, row, QualifiedEvent.CHALLENGE_SENT)
        await scope.session.execute(
            update(VoiceChallenge)
            .where(
                VoiceChallenge.project_id == scope.project_id,
                VoiceChallenge.phone_number == number,
                VoiceChallenge.status.in_(_LIVE),
            )
            .values(status="SUPERSEDED")
        )
        length = scope.settings.challenge_code_length
        placed = scope.settings.sandbox  # the sandbox "places" the call at once
        scope.session.add(
            VoiceChallenge(
                id=new_ulid(),
                project_id=scope.project_id,
                phone_number=number,
                code=f"{secrets.randbelow(10**length):0{length}d}",
                status="PLACED" if placed else "QUEUED",
                expire_time=scope.now + scope.settings.challenge_ttl,
                create_time=scope.now,
                placed_time=scope.now if placed else None,
            )
        )
        await scope.session.flush()
        return row

    async def verify(self, scope: HostingScope, number: str, code: str) -> QualifiedNumber:
        row = await get_qualified(scope, number)
        challenge = await scope.session.scalar(
            select(VoiceChallenge)
            .where(
                VoiceChallenge.project_id == scope.project_id,
                VoiceChallenge.phone_number == number,
                VoiceChallenge.status.in_(_LIVE),
            )
            .order_by(VoiceChallenge.create_time.desc(), VoiceChallenge.id.desc())
            .limit(1)
        )
        state = ProcessState(row.state)
        if challenge is None or state not in (
            ProcessState.VERIFICATION_PENDING,
            ProcessState.VERIFICATION_FAILED,
        ):
            raise FailedPrecondition(
                f"Qualified number {number} is {state.value} and has no voice challenge to "
                "verify; send one with :sendVoiceChallenge first",
                reason="NO_VOICE_CHALLENGE",
            )
        outcome = forced(number).verification if scope.settings.sandbox else None
        if outcome is ProcessState.VERIFICATION_BLOCKED:
            qualified_number_service.apply(
                scope,
                row,
                QualifiedEvent.VERIFICATION_BLOCKED,
                "Verification is blocked for this number",
            )
        elif outcome is ProcessState.VERIFICATION_FAILED:
            qualified_number_service.apply(
                scope,
                row,
                QualifiedEvent.VERIFICATION_FAILED,
                "The challenge call was not answered",
            )
        elif challenge.expire_time <= scope.now:
            challenge.status = "EXPIRED"
            qualified_number_service.apply(
                scope,
                row,
                QualifiedEvent.VERIFICATION_FAILED,
                "The code has expired; send a new voice challenge",
            )
        elif hmac.compare_digest(code.encode(), challenge.code.encode()):
            challenge.status = "USED"
            row.failed_attempts = 0
            qualified_number_service.apply(scope, row, QualifiedEvent.VERIFIED)
        else:
            row.failed_attempts += 1
            left = scope.settings.challenge_max_attempts - row.failed_attempts
            if left <= 0:
                challenge.status = "USED"
                qualified_number_service.apply(
                    scope,
                    row,
                    QualifiedEvent.VERIFICATION_BLOCKED,
                    "Too many wrong codes; verification is blocked for this number",
                )
            else:
                qualified_number_service.apply(
                    scope,
                    row,
                    QualifiedEvent.VERIFICATION_FAILED,
                    f"Wrong code ({left} attempt{'s' if left > 1 else ''} left)",
                )
        await scope.session.flush()
        return row


voice_challenge_service = VoiceChallengeService()


async def calls_to_place(session: AsyncSession, now: datetime) -> list[VoiceChallenge]:
    """Challenge calls waiting for the SIP edge (unexpired, oldest first)."""
    return list(
        await session.scalars(
            select(VoiceChallenge)
            .where(VoiceChallenge.status == "QUEUED", VoiceChallenge.expire_time > now)
            .order_by(VoiceChallenge.create_time, VoiceChallenge.id)
        )
    )


async def mark_placed(session: AsyncSession, challenge_id: str, now: datetime) -> None:
    """The SIP edge placed the call (and spoke the code)."""
    await session.execute(
        update(VoiceChallenge)
        .where(VoiceChallenge.id == challenge_id, VoiceChallenge.status == "QUEUED")
        .values(status="PLACED", placed_time=now)
    )
