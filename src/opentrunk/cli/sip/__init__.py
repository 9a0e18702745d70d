"""``opentrunk sip``: Elastic SIP Trunking, with the command names of Sinch's own CLI
(``sip trunks|endpoints|acls|credential-lists|numbers|countries|calls``)."""

from __future__ import annotations

import click

from opentrunk.cli._output import emit_text
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.cli.sip.access_control_lists import acls
from opentrunk.cli.sip.call_blocking_rules import blocking_rules
from opentrunk.cli.sip.calls import calls
from opentrunk.cli.sip.countries import countries
from opentrunk.cli.sip.credential_lists import credential_lists
from opentrunk.cli.sip.endpoints import endpoints
from opentrunk.cli.sip.numbers import numbers
from opentrunk.cli.sip.trunks import trunks

__all__ = ["sip"]


@click.group(cls=RemoteGroup)
@connection_options
def sip() -> None:
    """Elastic SIP Trunking: trunks, endpoints, ACLs, credentials, numbers, calls."""


@sip.group()
def projects() -> None:
    """Projects this one manages trunks for."""


@projects.command("add")
@click.argument("project_ids", nargs=-1, required=True)
@json_option
def add_projects(project_ids: tuple[str, ...]) -> None:
    """Add PROJECT_IDS to Elastic SIP Trunking."""
    added = client().projects.add(list(project_ids))
    emit_text(f"added {len(added)}: {', '.join(added) or '-'}", {"addedProjects": added})


for command in (trunks, endpoints, acls, credential_lists, numbers, countries, calls):
    sip.add_command(command)
sip.add_command(blocking_rules)
