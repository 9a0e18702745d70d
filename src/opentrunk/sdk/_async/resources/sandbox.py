"""``client.sandbox``: opentrunk's own sandbox controls (not Sinch's), with the admin
token (``admin_token=`` or ``OPENTRUNK_ADMIN_TOKEN``) and ``base_url``."""

from __future__ import annotations

import builtins

from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import ChallengeCalls, SandboxEmails
from opentrunk.sdk._request import APIRequest, query, segment
from opentrunk.sdk.types.sandbox import ChallengeCall, SandboxEmail

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
