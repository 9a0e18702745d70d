"""``opentrunk sip blocking-rules``: calls refused by country and prefix."""

from __future__ import annotations

from typing import Any

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import BLOCKING_RULE_COLUMNS

__all__ = ["blocking_rules"]


def _rule_options(command: Any) -> Any:
    for option in reversed(
        [
            click.option(
                "-d",
                "--direction",
                type=click.Choice(["INBOUND", "OUTBOUND"], case_sensitive=False),
                required=True,
            ),
            click.option("-n", "--name", help="Rule name."),
            click.option("--caller-country", help="Inbound: the caller's country (ISO)."),
            click.option("--caller-match", help="Inbound: caller number prefix."),
            click.option("--callee-country", help="Outbound: the callee's country (ISO)."),
            click.option("--callee-match", help="Outbound: callee number prefix."),
        ]
    ):
        command = option(command)
    return command


@click.group("blocking-rules")
def blocking_rules() -> None:
    """Call blocking rules."""


@blocking_rules.command("list")
@json_option
def list_rules() -> None:
    """List the rules."""
    emit_list(client().call_blocking_rules.list(), BLOCKING_RULE_COLUMNS)


@blocking_rules.command("create")
@_rule_options
@json_option
def create_rule(direction: str, **fields: str | None) -> None:
    """Create a rule."""
    emit_one(client().call_blocking_rules.create(direction=direction.upper(), **fields))  # type: ignore[arg-type]


@blocking_rules.command("update")
@click.argument("rule_id")
@_rule_options
@json_option
def update_rule(rule_id: str, direction: str, **fields: str | None) -> None:
    """Replace a rule."""
    emit_one(
        client().call_blocking_rules.update(rule_id, direction=direction.upper(), **fields)  # type: ignore[arg-type]
    )


@blocking_rules.command("delete")
@click.argument("rule_id")
@json_option
def delete_rule(rule_id: str) -> None:
    """Delete a rule."""
    client().call_blocking_rules.delete(rule_id)
    emit_text(f"deleted rule {rule_id}", {"deleted": rule_id})
