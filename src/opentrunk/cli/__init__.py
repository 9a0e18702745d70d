"""The ``opentrunk`` command: ``serve`` and ``db`` run the server; every other group is
a client of the APIs, through ``opentrunk.sdk`` only.

Groups are imported when they are used: ``opentrunk serve`` never loads the SDK, httpx
or rich, which would add about half a second to every start of the server."""

from __future__ import annotations

import importlib

import click

from opentrunk import __version__

__all__ = ["main"]

#: Command name -> "module:attribute" of the click command.
_COMMANDS = {
    "serve": "opentrunk.cli.serve:serve",
    "db": "opentrunk.cli.db:db",
    "sip": "opentrunk.cli.sip:sip",
    "numbers": "opentrunk.cli.numbers:numbers",
    "hosting-orders": "opentrunk.cli.hosting_orders:hosting_orders",
    "qualified": "opentrunk.cli.qualified:qualified",
    "sandbox": "opentrunk.cli.sandbox:sandbox",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = _COMMANDS[cmd_name].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(
    cls=_LazyGroup,
    context_settings={"auto_envvar_prefix": "OPENTRUNK", "help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="opentrunk")
def main() -> None:
    """opentrunk: Elastic SIP Trunking and number hosting, wire-compatible with Sinch."""
