"""The sandbox's inboxes of what number hosting sent: emails (LOA signing requests) and
voice-challenge calls (with their codes), newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import NotFound
from opentrunk.store.models import LoaDocument, OutboundEmail, VoiceChallenge

__all__ = ["challenge_calls", "email_attachment", "emails"]


async def emails(
    session: AsyncSession, *, project_id: str | None, to: str | None, limit: int = 100
) -> list[OutboundEmail]:
    statement = select(OutboundEmail).order_by(OutboundEmail.id.desc()).limit(limit)
    if project_id:
        statement = statement.where(OutboundEmail.project_id == project_id)
    if to:
        statement = statement.where(OutboundEmail.to_address == to)
    return list(await session.scalars(statement))


async def email_attachment(
    session: AsyncSession, email_id: str
) -> tuple[OutboundEmail, LoaDocument]:
    email = await session.get(OutboundEmail, email_id)
    document = (
        await session.get(LoaDocument, email.attachment_id)
        if email and email.attachment_id
        else None
    )
    if email is None or document is None:
        raise NotFound(f"No email '{email_id}' with an attachment", reason="EMAIL_NOT_FOUND")
    return email, document


async def challenge_calls(
    session: AsyncSession, *, project_id: str | None, phone_number: str | None, limit: int = 100
) -> list[VoiceChallenge]:
    statement = select(VoiceChallenge).order_by(VoiceChallenge.id.desc()).limit(limit)
    if project_id:
        statement = statement.where(VoiceChallenge.project_id == project_id)
    if phone_number:
        statement = statement.where(VoiceChallenge.phone_number == phone_number)
    return list(await session.scalars(statement))
