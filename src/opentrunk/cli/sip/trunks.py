"""``opentrunk sip trunks``: trunks and their ACL and credential-list links."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import CREDENTIAL_LIST_COLUMNS, TRUNK_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited

__all__ = ["trunks"]


@click.group()
def trunks() -> None:
    """SIP trunks."""


@trunks.command("list")
@click.option("--domain", help="Only the trunk with this SIP domain.")
@limit_option
@json_option
def list_trunks(domain: str | None, limit: int | None) -> None:
    """List trunks."""
    emit_list(limited(client().trunks.list(domain=domain), limit), TRUNK_COLUMNS)


@trunks.command("get")
@click.argument("trunk_id")
@json_option
def get_trunk(trunk_id: str) -> None:
    """Show a trunk."""
    emit_one(client().trunks.get(trunk_id))


@trunks.command("create")
@click.option("-n", "--name", required=True, help="Trunk name.")
@click.option("--host-name", required=True, help="Host name: the SIP domain's first label.")
@click.option("--caller-name/--no-caller-name", default=None, help="CNAM lookup (US/CA).")
@click.option("--forward-to", help="Forward undeliverable inbound calls to this E.164 number.")
@json_option
def create_trunk(
    name: str, host_name: str, caller_name: bool | None, forward_to: str | None
) -> None:
    """Create a trunk."""
    emit_one(
        client().trunks.create(
            name=name,
            host_name=host_name,
            enable_caller_name=caller_name,
            enable_call_forward=True if forward_to else None,
            call_forward_number=forward_to,
        )
    )


@trunks.command("update")
@click.argument("trunk_id")
@click.option("-n", "--name", help="New name.")
@click.option("--host-name", help="New host name.")
@click.option("--caller-name/--no-caller-name", default=None, help="CNAM lookup (US/CA).")
@click.option("--forward-to", help="Forward undeliverable inbound calls to this number.")
@click.option("--no-forward", is_flag=True, help="Stop forwarding.")
@json_option
def update_trunk(
    trunk_id: str,
    name: str | None,
    host_name: str | None,
    caller_name: bool | None,
    forward_to: str | None,
    no_forward: bool,
) -> None:
    """Change a trunk; what is not given stays as it is."""
    sdk = client()
    trunk = sdk.trunks.get(trunk_id)
    forwarding = trunk.enable_call_forward and not no_forward
    emit_one(
        sdk.trunks.update(
            trunk_id,
            name=name or trunk.name,
            host_name=host_name or trunk.host_name,
            enable_caller_name=trunk.enable_caller_name if caller_name is None else caller_name,
            enable_call_forward=bool(forward_to) or forwarding,
            call_forward_number=forward_to or (trunk.call_forward_number if forwarding else None),
        )
    )


@trunks.command("delete")
@click.argument("trunk_id")
@json_option
def delete_trunk(trunk_id: str) -> None:
    """Delete a trunk (its numbers must be unassigned first)."""
    client().trunks.delete(trunk_id)
    emit_text(f"deleted trunk {trunk_id}", {"deleted": trunk_id})


# --- ACL links ---------------------------------------------------------------------------


@trunks.group("acls")
def trunk_acls() -> None:
    """The ACLs linked to a trunk."""


@trunk_acls.command("list")
@click.argument("trunk_id")
@json_option
def list_trunk_acls(trunk_id: str) -> None:
    """List the ids of the ACLs linked to TRUNK_ID."""
    ids = list(client().trunks.list_access_control_lists(trunk_id))
    emit_text("\n".join(ids) if ids else "no ACL linked", {"accessControlListIds": ids})


@trunk_acls.command("add")
@click.argument("trunk_id")
@click.argument("acl_ids", nargs=-1, required=True)
@json_option
def add_trunk_acls(trunk_id: str, acl_ids: tuple[str, ...]) -> None:
    """Link ACL_IDS to TRUNK_ID."""
    added = client().trunks.add_access_control_lists(trunk_id, list(acl_ids))
    emit_text(f"linked {', '.join(added)}", {"accessControlListIds": added})


@trunk_acls.command("remove")
@click.argument("trunk_id")
@click.argument("acl_id")
@json_option
def remove_trunk_acl(trunk_id: str, acl_id: str) -> None:
    """Unlink ACL_ID from TRUNK_ID."""
    client().trunks.remove_access_control_list(trunk_id, acl_id)
    emit_text(f"unlinked {acl_id}", {"removed": acl_id})


# --- credential-list links ---------------------------------------------------------------


@trunks.group("credential-lists")
def trunk_credential_lists() -> None:
    """The credential lists linked to a trunk."""


@trunk_credential_lists.command("list")
@click.argument("trunk_id")
@json_option
def list_trunk_credential_lists(trunk_id: str) -> None:
    """List the credential lists linked to TRUNK_ID."""
    emit_list(client().trunks.list_credential_lists(trunk_id), CREDENTIAL_LIST_COLUMNS)


@trunk_credential_lists.command("add")
@click.argument("trunk_id")
@click.argument("credential_list_ids", nargs=-1, required=True)
@json_option
def add_trunk_credential_lists(trunk_id: str, credential_list_ids: tuple[str, ...]) -> None:
    """Link CREDENTIAL_LIST_IDS to TRUNK_ID."""
    added = client().trunks.add_credential_lists(trunk_id, list(credential_list_ids))
    emit_text(f"linked {', '.join(added)}", {"credentialListIds": added})


@trunk_credential_lists.command("update")
@click.argument("trunk_id")
@click.argument("credential_list_ids", nargs=-1)
@json_option
def replace_trunk_credential_lists(trunk_id: str, credential_list_ids: tuple[str, ...]) -> None:
    """Make CREDENTIAL_LIST_IDS exactly the lists of TRUNK_ID (none: unlink all)."""
    now = client().trunks.replace_credential_lists(trunk_id, list(credential_list_ids))
    emit_text(f"linked: {', '.join(now) or 'none'}", {"credentialListIds": now})


@trunk_credential_lists.command("remove")
@click.argument("trunk_id")
@click.argument("credential_list_id")
@json_option
def remove_trunk_credential_list(trunk_id: str, credential_list_id: str) -> None:
    """Unlink CREDENTIAL_LIST_ID from TRUNK_ID."""
    client().trunks.remove_credential_list(trunk_id, credential_list_id)
    emit_text(f"unlinked {credential_list_id}", {"removed": credential_list_id})
