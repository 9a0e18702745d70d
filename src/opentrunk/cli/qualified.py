"""``opentrunk qualified``: qualifying numbers (eligibility, ownership) before they are
text-enabled."""

from __future__ import annotations

import sys
from typing import IO

import click

from opentrunk.cli._files import chunks, read_numbers
from opentrunk.cli._hosting import QUALIFIED_COLUMNS
from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.sdk import TEXT_ENABLE_LIMIT
from opentrunk.sdk.types import QualifiedNumber

__all__ = ["qualified"]

_STATES = [
    "UNSPECIFIED", "ELIGIBLE_CHECK_PENDING", "ELIGIBLE", "NOT_ELIGIBLE", "VERIFICATION_PENDING",
    "VERIFICATION_FAILED", "VERIFICATION_BLOCKED", "VERIFIED", "HOSTING_IN_PROGRESS",
    "HOSTING_DONE", "HOSTING_FAILED",
]  # fmt: skip


@click.group(cls=RemoteGroup)
@connection_options
def qualified() -> None:
    """Qualified numbers (Imported Numbers API)."""


@qualified.command("list")
@click.option(
    "--state",
    "states",
    type=click.Choice(_STATES, case_sensitive=False),
    multiple=True,
    help="Repeatable; all states if none.",
)
@click.option("--region", help="US or CA.")
@json_option
def list_qualified(states: tuple[str, ...], region: str | None) -> None:
    """List qualified numbers."""
    wanted = [f"GLOBAL_PROCESS_STATE_{s.upper()}" for s in states or ("UNSPECIFIED",)]
    emit_list(client().qualified_numbers.list(states=wanted, region_code=region), QUALIFIED_COLUMNS)


@qualified.command("get")
@click.argument("phone_number")
@json_option
def get_qualified(phone_number: str) -> None:
    """Show a qualified number."""
    emit_one(client().qualified_numbers.get(phone_number))


@qualified.command("add")
@click.argument("phone_numbers", nargs=-1)
@click.option("-f", "--file", "csv_file", type=click.File("r"), help="Numbers from a CSV file.")
@json_option
def add_qualified(phone_numbers: tuple[str, ...], csv_file: IO[str] | None) -> None:
    """Submit PHONE_NUMBERS (and those of --file) for qualification, 500 per request."""
    wanted = list(
        dict.fromkeys([*phone_numbers, *(read_numbers(csv_file.read()) if csv_file else [])])
    )
    if not wanted:
        raise click.UsageError("give phone numbers or --file")
    sdk = client()
    added: list[QualifiedNumber] = []
    with click.progressbar(length=len(wanted), label="Adding", file=sys.stderr) as bar:
        for batch in chunks(wanted, TEXT_ENABLE_LIMIT):
            added += sdk.qualified_numbers.add(batch)
            bar.update(len(batch))
    emit_list(added, QUALIFIED_COLUMNS)


@qualified.command("delete")
@click.argument("phone_number")
@json_option
def delete_qualified(phone_number: str) -> None:
    """Withdraw a number."""
    client().qualified_numbers.delete(phone_number)
    emit_text(f"deleted {phone_number}", {"deleted": phone_number})


@qualified.command("challenge")
@click.argument("phone_number")
@json_option
def send_challenge(phone_number: str) -> None:
    """Call PHONE_NUMBER and read out a code (the voice challenge)."""
    emit_one(client().qualified_numbers.send_voice_challenge(phone_number))


@qualified.command("verify")
@click.argument("phone_number")
@click.argument("code")
@json_option
def verify(phone_number: str, code: str) -> None:
    """Prove ownership of PHONE_NUMBER with the CODE the challenge call read out."""
    emit_one(client().qualified_numbers.verify_voice_challenge(phone_number, code=code))
