"""``opentrunk sandbox``: a local opentrunk's sandbox (admin token): its clock, reset,
what it sent (emails, challenge calls, callbacks), and delivery faults."""

from __future__ import annotations

from pathlib import Path

import click

from opentrunk.cli._output import Column, emit_list, emit_one, emit_text
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.sdk.types import ChallengeCall, DeliveryFault, SandboxCallback, SandboxEmail

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


CALLBACK_COLUMNS: list[Column[SandboxCallback]] = [
    Column("TIME", lambda c: c.create_time),
    Column("EVENT", lambda c: c.event_id),
    Column("URL", lambda c: c.url),
    Column("STATUS", lambda c: c.status),
    Column("ATTEMPTS", lambda c: c.attempts),
    Column("LAST CODE", lambda c: c.deliveries[-1].status_code if c.deliveries else None),
]

FAULT_COLUMNS: list[Column[DeliveryFault]] = [
    Column("ID", lambda f: f.id),
    Column("URL", lambda f: f.url),
    Column("MODE", lambda f: f.mode),
    Column("STATUS CODE", lambda f: f.status_code),
    Column("REMAINING", lambda f: f.remaining),
]


@click.group(cls=RemoteGroup)
@connection_options
def sandbox() -> None:
    """The sandbox of a local opentrunk (needs the admin token)."""


@sandbox.command("clock")
@json_option
def show_clock() -> None:
    """The server's time and how far it runs ahead of real time."""
    emit_one(client().sandbox.clock())


@sandbox.command("advance")
@click.argument("amount")
@json_option
def advance(amount: str) -> None:
    """Move the server's clock forward by AMOUNT: seconds (3600) or an ISO 8601
    duration (P1DT2H). Timers that become due run at once."""
    try:
        seconds: float | None = float(amount)
    except ValueError:
        seconds = None
    sdk = client()
    clock = (
        sdk.sandbox.advance_clock(seconds)
        if seconds is not None
        else sdk.sandbox.advance_clock(duration=amount.upper())
    )
    emit_text(f"{clock.now.isoformat()} (+{clock.offset_seconds:g} s)", clock.to_wire())


@sandbox.command("reset")
@click.option("--yes", is_flag=True, help="Do not ask.")
@json_option
def reset(yes: bool) -> None:
    """Delete everything but projects, keys and secrets; the clock returns to real time."""
    if not yes:
        click.confirm("Delete every trunk, number and order of every project?", abort=True)
    clock = client().sandbox.reset()
    emit_text("the sandbox is empty", clock.to_wire())


@sandbox.command("callbacks")
@click.option("--status", type=click.Choice(["pending", "delivered", "failed"]))
@click.option("--url", help="Only the callbacks to this URL.")
@click.option("--project", "project_id", help="Only this project's.")
@json_option
def callbacks(status: str | None, url: str | None, project_id: str | None) -> None:
    """The callbacks sent, with their delivery attempts (--json for bodies and headers)."""
    items = client().sandbox.callbacks(status=status, url=url, project_id=project_id)  # type: ignore[arg-type]
    emit_list(items, CALLBACK_COLUMNS)


@sandbox.group()
def faults() -> None:
    """Callback deliveries that fail on purpose."""


@faults.command("list")
@json_option
def list_faults() -> None:
    """The armed faults."""
    emit_list(client().sandbox.faults(), FAULT_COLUMNS)


@faults.command("add")
@click.argument("url")
@click.option("--count", type=click.IntRange(min=1), default=1, show_default=True)
@click.option(
    "--mode", type=click.Choice(["status", "down", "timeout"]), default="status", show_default=True
)
@click.option("--status-code", type=click.IntRange(100, 599), help="For --mode status (503).")
@json_option
def add_fault(url: str, count: int, mode: str, status_code: int | None) -> None:
    """Make the next COUNT deliveries to URL fail."""
    emit_one(client().sandbox.add_fault(url, count=count, mode=mode, status_code=status_code))  # type: ignore[arg-type]


@faults.command("clear")
@json_option
def clear_faults() -> None:
    """Disarm every fault."""
    client().sandbox.clear_faults()
    emit_text("no fault armed", {"faults": []})


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
