"""``client.sandbox``: opentrunk's own sandbox controls (not Sinch's), with the admin
token (``admin_token=`` or ``OPENTRUNK_ADMIN_TOKEN``) and ``base_url``: the clock, reset,
the inboxes (emails, challenge calls, callbacks) and delivery faults."""

from __future__ import annotations

import builtins
from typing import Literal

from opentrunk.sdk._async._pagination import AsyncPaginator
from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import ChallengeCalls, DeliveryFaults, Empty, SandboxEmails
from opentrunk.sdk._paging import TokenPages
from opentrunk.sdk._request import APIRequest, body, query, segment
from opentrunk.sdk.types.sandbox import (
    ChallengeCall,
    DeliveryFault,
    SandboxCallback,
    SandboxClock,
    SandboxEmail,
)

__all__ = ["AsyncSandbox"]


class AsyncSandbox(AsyncResource):
    async def emails(
        self, *, project_id: str | None = None, to: str | None = None
    ) -> builtins.list[SandboxEmail]:
        """The emails the server sent (LOA signing requests), oldest first.

        Example::

            (email,) = await client.sandbox.emails(to="john.smith@example.com")
            print(email.subject)
        """
        params = query(projectId=project_id, to=to)
        request = APIRequest("GET", "sandbox", "/sandbox/emails", params)
        return (await self._transport.fetch(request, SandboxEmails)).emails

    async def email_attachment(self, email_id: str) -> bytes:
        """The PDF attached to an email (the Letter of Authorization).

        Example::

            pdf = await client.sandbox.email_attachment(email.id)
        """
        path = f"/sandbox/emails/{segment(email_id)}/attachment"
        request = APIRequest("GET", "sandbox", path, accept="application/pdf")
        return (await self._transport.send(request)).content

    async def challenge_calls(
        self, *, project_id: str | None = None, phone_number: str | None = None
    ) -> builtins.list[ChallengeCall]:
        """The voice-challenge calls placed, with the codes they read out.

        Example::

            (call,) = await client.sandbox.challenge_calls(phone_number="+12025550134")
            await client.qualified_numbers.verify_voice_challenge(call.phone_number, code=call.code)
        """
        params = query(projectId=project_id, phoneNumber=phone_number)
        request = APIRequest("GET", "sandbox", "/sandbox/challengeCalls", params)
        return (await self._transport.fetch(request, ChallengeCalls)).challenge_calls

    async def clock(self) -> SandboxClock:
        """The server's time and how far it is ahead of real time.

        Example::

            print((await client.sandbox.clock()).now)
        """
        request = APIRequest("GET", "sandbox", "/sandbox/clock")
        return await self._transport.fetch(request, SandboxClock)

    async def advance_clock(
        self, seconds: float | None = None, *, duration: str | None = None
    ) -> SandboxClock:
        """Move the server's clock forward by ``seconds`` or an ISO 8601 ``duration``
        (``"P1DT2H"``); timers that become due run at once.

        Example::

            await client.sandbox.advance_clock(3600)
        """
        if (seconds is None) == (duration is None):
            raise ValueError("give seconds or duration")
        payload = body(seconds=seconds, duration=duration)
        request = APIRequest("POST", "sandbox", "/sandbox/clock:advance", json=payload)
        return await self._transport.fetch(request, SandboxClock)

    async def reset(self) -> SandboxClock:
        """Delete every resource but projects, access keys and secrets, and put the
        clock back to real time.

        Example::

            await client.sandbox.reset()
        """
        request = APIRequest("POST", "sandbox", "/sandbox:reset", json={})
        return await self._transport.fetch(request, SandboxClock)

    def callbacks(
        self,
        *,
        project_id: str | None = None,
        status: Literal["pending", "delivered", "failed"] | None = None,
        url: str | None = None,
        page_size: int | None = None,
    ) -> AsyncPaginator[SandboxCallback]:
        """Every callback sent, oldest first, with each delivery attempt.

        Example::

            async for callback in client.sandbox.callbacks(status="failed"):
                print(callback.url, callback.attempts)
        """
        params = query(projectId=project_id, status=status, url=url, pageSize=page_size)
        request = APIRequest("GET", "sandbox", "/sandbox/callbacks", params)
        return self._paginate(request, TokenPages("callbacks"), SandboxCallback)

    async def faults(self) -> builtins.list[DeliveryFault]:
        """The armed delivery faults.

        Example::

            armed = await client.sandbox.faults()
        """
        request = APIRequest("GET", "sandbox", "/sandbox/faults")
        return (await self._transport.fetch(request, DeliveryFaults)).faults

    async def add_fault(
        self,
        url: str,
        *,
        count: int = 1,
        mode: Literal["status", "down", "timeout"] = "status",
        status_code: int | None = None,
    ) -> DeliveryFault:
        """Make the next ``count`` callback deliveries to ``url`` fail.

        Example::

            await client.sandbox.add_fault("https://example.com/cb", count=3, status_code=503)
        """
        payload = body(url=url, count=count, mode=mode, statusCode=status_code)
        request = APIRequest("POST", "sandbox", "/sandbox/faults", json=payload)
        return await self._transport.fetch(request, DeliveryFault)

    async def clear_faults(self) -> None:
        """Disarm every delivery fault.

        Example::

            await client.sandbox.clear_faults()
        """
        await self._transport.fetch(APIRequest("DELETE", "sandbox", "/sandbox/faults"), Empty)
