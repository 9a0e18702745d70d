"""Email: the LOA signing request to the authorised person.

An email is a row written in the caller's transaction. With ``OPENTRUNK_SMTP_URL``
(``smtp://[user:password@]host[:port]``, or ``smtps://`` for implicit TLS;
``?starttls=1`` upgrades a plain connection) a job delivers it, retrying with backoff;
without it the row is kept, ``CAPTURED``, in the sandbox's mail inbox.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.hosting.effects import JobKind, schedule
from opentrunk.hosting.scope import HostingScope
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import LoaDocument, OutboundEmail

__all__ = ["SmtpTarget", "deliver", "queue_email", "smtp_target"]


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    username: str | None
    password: str | None
    implicit_tls: bool
    starttls: bool


def smtp_target(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(
            f"OPENTRUNK_SMTP_URL must be smtp://host[:port] or smtps://..., got {url!r}"
        )
    implicit = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        implicit_tls=implicit,
        starttls=query.get("starttls", ["0"])[0] in ("1", "true", "yes"),
    )


async def queue_email(
    scope: HostingScope,
    *,
    to: str,
    subject: str,
    body: str,
    order_id: str | None = None,
    attachment: LoaDocument | None = None,
    attachment_name: str = "",
) -> OutboundEmail:
    smtp = bool(scope.settings.smtp_url)
    email = OutboundEmail(
        id=new_ulid(),
        project_id=scope.project_id,
        order_id=order_id,
        to_address=to,
        subject=subject,
        body=body,
        attachment_id=attachment.id if attachment is not None else None,
        attachment_name=attachment_name,
        status="QUEUED" if smtp else "CAPTURED",
        attempts=0,
        last_error="",
        create_time=scope.now,
    )
    scope.session.add(email)
    if smtp:
        await schedule(scope, JobKind.EMAIL_SEND, {"emailId": email.id}, at=scope.now)
    return email


def _message(email: OutboundEmail, sender: str, attachment: LoaDocument | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Message-ID"] = make_msgid(idstring=email.id, domain="opentrunk")
    message.set_content(email.body)
    if attachment is not None:
        message.add_attachment(
            attachment.content,
            maintype="application",
            subtype="pdf",
            filename=email.attachment_name or "letter-of-authorization.pdf",
        )
    return message


def _send(target: SmtpTarget, message: EmailMessage) -> None:
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if target.implicit_tls:
        client = smtplib.SMTP_SSL(target.host, target.port, timeout=30, context=context)
    else:
        client = smtplib.SMTP(target.host, target.port, timeout=30)
    with client:
        if target.starttls:
            client.starttls(context=context)
        if target.username:
            client.login(target.username, target.password or "")
        client.send_message(message)


async def deliver(
    session: AsyncSession, email: OutboundEmail, *, smtp_url: str, sender: str
) -> None:
    """Send one queued email through SMTP (raises on failure; the job retries)."""
    attachment = (
        await session.get(LoaDocument, email.attachment_id) if email.attachment_id else None
    )
    message = _message(email, sender, attachment)
    await asyncio.to_thread(_send, smtp_target(smtp_url), message)
