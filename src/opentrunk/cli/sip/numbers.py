"""``opentrunk sip numbers``: phone numbers and the trunks they ring."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import PHONE_NUMBER_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited

__all__ = ["numbers"]


@click.group()
def numbers() -> None:
    """Phone numbers on trunks."""


@numbers.command("list")
@click.option("-t", "--trunk-id", help="Only the numbers of this trunk.")
@limit_option
@json_option
def list_numbers(trunk_id: str | None, limit: int | None) -> None:
    """List the project's numbers."""
    items = client().phone_numbers.list(sip_trunk_id=trunk_id)
    emit_list(limited(items, limit), PHONE_NUMBER_COLUMNS)


@numbers.command("get")
@click.argument("phone_number")
@json_option
def get_number(phone_number: str) -> None:
    """Show a number (E.164, e.g. +15552229999)."""
    emit_one(client().phone_numbers.get(phone_number))


@numbers.command("assign")
@click.argument("phone_number")
@click.option("-t", "--trunk-id", required=True, help="The trunk to ring.")
@json_option
def assign_number(phone_number: str, trunk_id: str) -> None:
    """Route PHONE_NUMBER to a trunk."""
    emit_one(client().phone_numbers.assign(phone_number, sip_trunk_id=trunk_id))


@numbers.command("unassign")
@click.argument("phone_number")
@json_option
def unassign_number(phone_number: str) -> None:
    """Take PHONE_NUMBER off its trunk."""
    client().phone_numbers.unassign(phone_number)
    emit_text(f"unassigned {phone_number}", {"unassigned": phone_number})
