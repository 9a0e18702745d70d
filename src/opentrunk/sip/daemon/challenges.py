"""Placing the number-hosting voice challenge as a real SIP call.

``:sendVoiceChallenge`` leaves a challenge ``QUEUED`` (outside the sandbox, which marks
it placed at once and keeps it in its inbox). Every ``interval`` seconds the dialer
reads the queued, unexpired challenges and calls each number through the PSTN gateway
(the built-in simulator by default), the code in the INVITE's ``Subject`` and
``X-Opentrunk-Challenge-Code`` headers. An answered call marks the challenge
``PLACED``; a busy, failed or unanswered one is tried again after ``retry_seconds``,
until the challenge expires.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable

from opentrunk.clock import Clock
from opentrunk.hosting.challenge import calls_to_place, mark_placed
from opentrunk.sip.edge.caller import Caller
from opentrunk.sip.element import Flow
from opentrunk.sip.transport import ElementHost
from opentrunk.store.db import Database

__all__ = ["ChallengeDialer"]

log = logging.getLogger("opentrunk.sip")

CODE_HEADER = "X-Opentrunk-Challenge-Code"


class ChallengeDialer:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        caller: Caller,
        host: ElementHost,
        gateway: Flow,
        monotonic: Callable[[], float],
        *,
        interval: float = 1.0,
        retry_seconds: float = 30.0,
    ) -> None:
        self.database = database
        self.clock = clock
        self.caller = caller
        self.host = host
        self.gateway = gateway
        self.monotonic = monotonic
        self.interval = interval
        self.retry_seconds = retry_seconds
        self.placed = 0
        self._dialing: set[str] = set()
        self._retry_at: dict[str, float] = {}
        self._answered: list[str] = []

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.dial()
            except Exception:
                log.warning("could not place voice challenge calls", exc_info=True)

    async def dial(self) -> None:
        """Mark the calls answered since last time, and place the queued ones."""
        if self._answered:
            answered, self._answered = self._answered, []
            async with self.database.write_session() as session:
                for challenge_id in answered:
                    await mark_placed(session, challenge_id, self.clock.now())
                await session.commit()
            self.placed += len(answered)
        async with self.database.read_session() as session:
            queued = [
                (c.id, c.phone_number, c.code)
                for c in await calls_to_place(session, self.clock.now())
            ]
        now = self.monotonic()
        for challenge_id, number, code in queued:
            if challenge_id in self._dialing or self._retry_at.get(challenge_id, 0.0) > now:
                continue
            self._dialing.add(challenge_id)
            self.caller.call(
                self.gateway,
                number,
                now,
                done=functools.partial(self._done, challenge_id),
                headers=[
                    ("Subject", f"Your opentrunk verification code is {code}"),
                    (CODE_HEADER, code),
                ],
            )
        self.host.reschedule()

    def _done(self, challenge_id: str, status: int) -> None:
        self._dialing.discard(challenge_id)
        if 200 <= status < 300:
            self._answered.append(challenge_id)
            self._retry_at.pop(challenge_id, None)
        else:
            self._retry_at[challenge_id] = self.monotonic() + self.retry_seconds
