"""The ``opentrunk`` command."""

from __future__ import annotations

import click

from opentrunk import __version__
from opentrunk.cli.db import db
from opentrunk.cli.serve import serve

__all__ = ["main"]


@click.group(
    context_settings={"auto_envvar_prefix": "OPENTRUNK", "help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, prog_name="opentrunk")
def main() -> None:
    """opentrunk: Elastic SIP Trunking and number hosting, wire-compatible with Sinch."""


main.add_command(serve)
main.add_command(db)
