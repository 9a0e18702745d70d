"""``opentrunk sip endpoints``: where a trunk delivers inbound calls."""

from __future__ import annotations

from typing import Any

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import ENDPOINT_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited
from opentrunk.sdk.types import Transport

__all__ = ["endpoints"]

_TRUNK = click.option("-t", "--trunk-id", required=True, help="The endpoint's trunk.")
_TRANSPORTS = click.Choice(["UDP", "TCP", "TLS"], case_sensitive=False)


@click.group()
def endpoints() -> None:
    """SIP endpoints of a trunk."""


@endpoints.command("list")
@_TRUNK
@limit_option
@json_option
def list_endpoints(trunk_id: str, limit: int | None) -> None:
    """List a trunk's endpoints."""
    emit_list(limited(client().endpoints.list(trunk_id), limit), ENDPOINT_COLUMNS)


@endpoints.command("get")
@_TRUNK
@click.argument("endpoint_id")
@json_option
def get_endpoint(trunk_id: str, endpoint_id: str) -> None:
    """Show an endpoint."""
    emit_one(client().endpoints.get(trunk_id, endpoint_id))


@endpoints.command("create")
@_TRUNK
@click.option("-n", "--name", required=True, help="Endpoint name.")
@click.option("-a", "--address", help="Static endpoint: IP address or domain.")
@click.option("-u", "--username", help="Registered endpoint: a credential username.")
@click.option("--port", type=click.IntRange(1, 65535), help="Port (5060).")
@click.option("--transport", type=_TRANSPORTS, help="UDP (default), TCP or TLS.")
@click.option("-p", "--priority", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--disabled", is_flag=True, help="Create it disabled.")
@json_option
def create_endpoint(
    trunk_id: str,
    name: str,
    address: str | None,
    username: str | None,
    port: int | None,
    transport: str | None,
    priority: int,
    disabled: bool,
) -> None:
    """Add a static (--address) or registered (--username) endpoint."""
    if (address is None) == (username is None):
        raise click.UsageError("give one of --address and --username")
    kind: Transport | None = transport.upper() if transport else None  # type: ignore[assignment]
    emit_one(
        client().endpoints.create(
            trunk_id,
            name=name,
            address=address,
            credential_username=username,
            port=port,
            transport=kind,
            priority=priority,
            enabled=False if disabled else None,
        )
    )


@endpoints.command("update")
@_TRUNK
@click.argument("endpoint_id")
@click.option("-n", "--name", help="New name.")
@click.option("-a", "--address", help="New address (static endpoints).")
@click.option("--port", type=click.IntRange(1, 65535), help="New port.")
@click.option("--transport", type=_TRANSPORTS, help="New transport.")
@click.option("-p", "--priority", type=click.IntRange(min=1), help="New priority.")
@click.option("--enable/--disable", "enabled", default=None, help="Turn it on or off.")
@json_option
def update_endpoint(trunk_id: str, endpoint_id: str, **changes: Any) -> None:
    """Change an endpoint; what is not given stays as it is."""
    sdk = client()
    now = sdk.endpoints.get(trunk_id, endpoint_id)
    given = {k: v for k, v in changes.items() if v is not None}
    transport = str(given.get("transport", now.transport)).upper()
    emit_one(
        sdk.endpoints.update(
            trunk_id,
            endpoint_id,
            name=given.get("name", now.name),
            priority=given.get("priority", now.priority),
            address=given.get("address", now.address),
            port=given.get("port", now.port),
            transport=transport,  # type: ignore[arg-type]
            enabled=given.get("enabled", now.enabled),
            credential_username=None if now.address else now.credential_username,
        )
    )


@endpoints.command("delete")
@_TRUNK
@click.argument("endpoint_id")
@json_option
def delete_endpoint(trunk_id: str, endpoint_id: str) -> None:
    """Remove an endpoint."""
    client().endpoints.delete(trunk_id, endpoint_id)
    emit_text(f"deleted endpoint {endpoint_id}", {"deleted": endpoint_id})
