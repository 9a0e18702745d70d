"""``opentrunk sip credential-lists``: credential lists and their credentials."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import CREDENTIAL_LIST_COLUMNS, TRUNK_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited
from opentrunk.sdk.types import CredentialInput

__all__ = ["credential_lists"]


def _credential(value: str) -> CredentialInput:
    username, sep, password = value.partition(":")
    if not sep or not username or not password:
        raise click.BadParameter(f"'{value}' is not USERNAME:PASSWORD")
    return CredentialInput(username=username, password=password)


@click.group("credential-lists")
def credential_lists() -> None:
    """Credential lists (digest authentication)."""


@credential_lists.command("list")
@limit_option
@json_option
def list_lists(limit: int | None) -> None:
    """List credential lists."""
    emit_list(limited(client().credential_lists.list(), limit), CREDENTIAL_LIST_COLUMNS)


@credential_lists.command("get")
@click.argument("credential_list_id")
@json_option
def get_list(credential_list_id: str) -> None:
    """Show a credential list."""
    emit_one(client().credential_lists.get(credential_list_id))


@credential_lists.command("create")
@click.option("-n", "--name", required=True, help="List name.")
@click.option(
    "-c", "--credential", "credentials", multiple=True, help="USERNAME:PASSWORD (repeatable)."
)
@json_option
def create_list(name: str, credentials: tuple[str, ...]) -> None:
    """Create a credential list."""
    parsed = [_credential(c) for c in credentials]
    emit_one(client().credential_lists.create(name=name, credentials=parsed))


@credential_lists.command("update")
@click.argument("credential_list_id")
@click.option("-n", "--name", required=True, help="New name.")
@json_option
def update_list(credential_list_id: str, name: str) -> None:
    """Rename a credential list."""
    emit_one(client().credential_lists.update(credential_list_id, name=name))


@credential_lists.command("delete")
@click.argument("credential_list_id")
@json_option
def delete_list(credential_list_id: str) -> None:
    """Delete a credential list."""
    client().credential_lists.delete(credential_list_id)
    emit_text(f"deleted credential list {credential_list_id}", {"deleted": credential_list_id})


@credential_lists.command("trunks")
@click.argument("credential_list_id")
@json_option
def list_trunks(credential_list_id: str) -> None:
    """List the trunks a credential list is linked to."""
    emit_list(client().credential_lists.list_trunks(credential_list_id), TRUNK_COLUMNS)


@credential_lists.command("set-credential")
@click.argument("credential_list_id")
@click.argument("username")
@click.password_option(
    "--password", envvar="OPENTRUNK_CREDENTIAL_PASSWORD", help="The password (prompted if absent)."
)
@json_option
def set_credential(credential_list_id: str, username: str, password: str) -> None:
    """Add USERNAME to a list, or change its password."""
    credential = client().credential_lists.set_credential(
        credential_list_id, username, password=password
    )
    emit_text(f"set {credential.username} ({credential.id})", credential.to_wire())


@credential_lists.command("delete-credential")
@click.argument("credential_list_id")
@click.argument("username")
@json_option
def delete_credential(credential_list_id: str, username: str) -> None:
    """Remove USERNAME from a list."""
    client().credential_lists.delete_credential(credential_list_id, username)
    emit_text(f"deleted {username}", {"deleted": username})
