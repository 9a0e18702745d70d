"""``opentrunk sip acls``: access control lists and their IP ranges."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import ACL_COLUMNS, IP_RANGE_COLUMNS, TRUNK_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited
from opentrunk.sdk.types import IpRangeInput

__all__ = ["acls"]


def _ip_range(value: str, description: str | None = None) -> IpRangeInput:
    address, _, prefix = value.partition("/")
    try:
        return IpRangeInput(
            ip_address=address, range=int(prefix) if prefix else 32, description=description
        )
    except ValueError:
        raise click.BadParameter(f"'{value}' is not ADDRESS or ADDRESS/PREFIX (1-32)") from None


@click.group()
def acls() -> None:
    """Access control lists (IP authentication)."""


@acls.command("list")
@limit_option
@json_option
def list_acls(limit: int | None) -> None:
    """List ACLs."""
    emit_list(limited(client().acls.list(), limit), ACL_COLUMNS)


@acls.command("get")
@click.argument("acl_id")
@json_option
def get_acl(acl_id: str) -> None:
    """Show an ACL."""
    emit_one(client().acls.get(acl_id))


@acls.command("create")
@click.option("-n", "--name", required=True, help="ACL name.")
@click.option(
    "-r", "--range", "ranges", multiple=True, required=True, help="ADDRESS[/PREFIX] (repeatable)."
)
@click.option("--disabled", is_flag=True, help="Create it disabled.")
@json_option
def create_acl(name: str, ranges: tuple[str, ...], disabled: bool) -> None:
    """Create an ACL."""
    parsed = [_ip_range(r) for r in ranges]
    emit_one(client().acls.create(name=name, ip_ranges=parsed, enabled=False if disabled else None))


@acls.command("update")
@click.argument("acl_id")
@click.option("-n", "--name", help="New name.")
@click.option("--enable/--disable", "enabled", default=None, help="Turn the ACL on or off.")
@json_option
def update_acl(acl_id: str, name: str | None, enabled: bool | None) -> None:
    """Rename, enable or disable an ACL (its ranges stay)."""
    sdk = client()
    acl = sdk.acls.get(acl_id)
    emit_one(
        sdk.acls.update(
            acl_id, name=name or acl.name, enabled=acl.enabled if enabled is None else enabled
        )
    )


@acls.command("delete")
@click.argument("acl_id")
@json_option
def delete_acl(acl_id: str) -> None:
    """Delete an ACL."""
    client().acls.delete(acl_id)
    emit_text(f"deleted ACL {acl_id}", {"deleted": acl_id})


@acls.command("trunks")
@click.argument("acl_id")
@json_option
def acl_trunks(acl_id: str) -> None:
    """List the trunks an ACL is linked to."""
    emit_list(client().acls.list_trunks(acl_id), TRUNK_COLUMNS)


@acls.group("ranges")
def ranges() -> None:
    """The IP ranges of an ACL."""


@ranges.command("list")
@click.argument("acl_id")
@json_option
def list_ranges(acl_id: str) -> None:
    """List the ranges of ACL_ID."""
    emit_list(client().acls.list_ip_ranges(acl_id), IP_RANGE_COLUMNS)


@ranges.command("add")
@click.argument("acl_id")
@click.argument("ip_range")
@click.option("-d", "--description", help="What the range is.")
@json_option
def add_range(acl_id: str, ip_range: str, description: str | None) -> None:
    """Add IP_RANGE (ADDRESS[/PREFIX]) to ACL_ID."""
    parsed = _ip_range(ip_range, description)
    emit_one(
        client().acls.add_ip_range(
            acl_id,
            ip_address=parsed.ip_address,
            range=parsed.range,
            description=parsed.description,
        )
    )


@ranges.command("remove")
@click.argument("acl_id")
@click.argument("ip_range_id")
@json_option
def remove_range(acl_id: str, ip_range_id: str) -> None:
    """Remove the range IP_RANGE_ID from ACL_ID."""
    client().acls.delete_ip_range(acl_id, ip_range_id)
    emit_text(f"removed range {ip_range_id}", {"deleted": ip_range_id})
