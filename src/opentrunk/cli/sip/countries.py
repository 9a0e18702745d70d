"""``opentrunk sip countries``: the destinations outbound calls may reach."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_list, emit_one
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import COUNTRY_COLUMNS

__all__ = ["countries"]


@click.group()
def countries() -> None:
    """Country permissions (project-wide)."""


@countries.command("list")
@click.option("--enabled", "enabled_only", is_flag=True, help="Only the allowed countries.")
@json_option
def list_countries(enabled_only: bool) -> None:
    """List every country and whether calls to it are allowed."""
    items = [c for c in client().country_permissions.list() if c.enabled or not enabled_only]
    emit_list(items, COUNTRY_COLUMNS)


@countries.command("get")
@click.argument("iso_code")
@json_option
def get_country(iso_code: str) -> None:
    """Show one country's permission (ISO code, e.g. SE)."""
    emit_one(client().country_permissions.get(iso_code.upper()))


@countries.command("enable")
@click.argument("iso_code")
@json_option
def enable_country(iso_code: str) -> None:
    """Allow calls to a country."""
    emit_one(client().country_permissions.update(iso_code.upper(), enabled=True))


@countries.command("disable")
@click.argument("iso_code")
@json_option
def disable_country(iso_code: str) -> None:
    """Forbid calls to a country."""
    emit_one(client().country_permissions.update(iso_code.upper(), enabled=False))
