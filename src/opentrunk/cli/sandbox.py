"""``opentrunk sandbox``: opentrunk's own sandbox (admin token): what it sent."""

from __future__ import annotations

from pathlib import Path

import click

from opentrunk.cli._output import Column, emit_list, emit_text
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.sdk.types import ChallengeCall, SandboxEmail

__all__ = ["sandbox"]

EMAIL_COLUMNS: list[Column[SandboxEmail]] = [
    Column("ID", lambda e: e.id),
    Column("TIME", lambda e: e.create_time),
    Column("TO", lambda e: e.to),
    Column("SUBJECT", lambda e: e.subject),
    Column("ATTACHMENT", lambda e: e.attachment),
]

CALL_COLUMNS: list[Column[ChallengeCall]] = [
    Column("TIME", lambda c: c.create_time),
    Column("NUMBER", lambda c: c.phone_number),
    Column("CODE", lambda c: c.code),
    Column("STATUS", lambda c: c.status),
]


@click.group(cls=RemoteGroup)
@connection_options
def sandbox() -> None:
    """The sandbox of a local opentrunk: inboxes (needs the admin token)."""


@sandbox.command("emails")
@click.option("--to", help="Only the emails to this address.")
@click.option("--project", "project_id", help="Only this project's.")
@json_option
def emails(to: str | None, project_id: str | None) -> None:
    """The emails sent (LOA signing requests)."""
    emit_list(client().sandbox.emails(to=to, project_id=project_id), EMAIL_COLUMNS)


@sandbox.command("attachment")
@click.argument("email_id")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="File.")
@json_option
def attachment(email_id: str, output: Path) -> None:
    """Save an email's attachment (the LOA PDF)."""
    content = client().sandbox.email_attachment(email_id)
    output.write_bytes(content)
    emit_text(f"wrote {output} ({len(content)} bytes)", {"file": str(output)})


@sandbox.command("calls")
@click.option("--number", "phone_number", help="Only the calls to this number.")
@click.option("--project", "project_id", help="Only this project's.")
@json_option
def challenge_calls(phone_number: str | None, project_id: str | None) -> None:
    """The voice-challenge calls placed, with their codes."""
    calls = client().sandbox.challenge_calls(phone_number=phone_number, project_id=project_id)
    emit_list(calls, CALL_COLUMNS)
