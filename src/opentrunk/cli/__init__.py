"""The ``opentrunk`` command: ``serve`` and ``db`` run the server; every other group is
a client of the APIs, through ``opentrunk.sdk`` only."""

from __future__ import annotations

import click

from opentrunk import __version__
from opentrunk.cli.db import db
from opentrunk.cli.hosting_orders import hosting_orders
from opentrunk.cli.numbers import numbers
from opentrunk.cli.qualified import qualified
from opentrunk.cli.sandbox import sandbox
from opentrunk.cli.serve import serve
from opentrunk.cli.sip import sip

__all__ = ["main"]


@click.group(
    context_settings={"auto_envvar_prefix": "OPENTRUNK", "help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="opentrunk")
def main() -> None:
    """opentrunk: Elastic SIP Trunking and number hosting, wire-compatible with Sinch."""


main.add_command(serve)
main.add_command(db)
for group in (sip, numbers, hosting_orders, qualified, sandbox):
    main.add_command(group)
