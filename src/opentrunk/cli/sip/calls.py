"""``opentrunk sip calls``: call history and its CSV export."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from opentrunk.cli._output import emit_list, emit_text
from opentrunk.cli._remote import client, json_option
from opentrunk.cli.sip._columns import CALL_COLUMNS
from opentrunk.cli.sip._common import limit_option, limited

__all__ = ["calls"]

F = TypeVar("F", bound=Callable[..., Any])

_RESULTS = click.Choice(
    ["COMPLETED", "NO_ANSWER", "CANCEL", "BUSY", "FAILED"], case_sensitive=False
)
_DIRECTIONS = click.Choice(["INBOUND", "OUTBOUND"], case_sensitive=False)


def _filters(command: F) -> F:
    for option in reversed(
        [
            click.option("--from", "from_", help="Caller number prefix."),
            click.option("--to", help="Callee number prefix."),
            click.option("-t", "--trunk-id", help="Only this trunk's calls."),
            click.option("--period", help="A period: 2024, 2024-06, 2024-06-01, 2024-06-01T08."),
            click.option("--since", type=click.DateTime(), help="Created at or after (UTC)."),
            click.option("--until", type=click.DateTime(), help="Created at or before (UTC)."),
            click.option("--result", "results", type=_RESULTS, multiple=True, help="Repeatable."),
            click.option("--direction", type=_DIRECTIONS, help="INBOUND or OUTBOUND."),
        ]
    ):
        command = option(command)
    return command


def _query(
    from_: str | None,
    to: str | None,
    trunk_id: str | None,
    period: str | None,
    since: datetime | None,
    until: datetime | None,
    results: tuple[str, ...],
    direction: str | None,
) -> dict[str, Any]:
    return {
        "from_": from_,
        "to": to,
        "trunk_id": trunk_id,
        "create_time": period,
        "create_time_gte": since,
        "create_time_lte": until,
        "call_result": [r.upper() for r in results] or None,
        "direction": direction.upper() if direction else None,
    }


@click.group()
def calls() -> None:
    """Call history (the last 24 hours unless a period is given)."""


@calls.command("list")
@_filters
@limit_option
@json_option
def list_calls(limit: int | None, **filters: Any) -> None:
    """List calls, newest first."""
    emit_list(limited(client().calls.find(**_query(**filters)), limit), CALL_COLUMNS)


@calls.command("export")
@_filters
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@json_option
def export_calls(output: Path | None, **filters: Any) -> None:
    """Export call records as CSV."""
    with client().calls.export(**_query(**filters)) as export:
        if output is None:
            stdout = sys.stdout.buffer
            for chunk in export.iter_bytes():
                stdout.write(chunk)
            stdout.flush()
            return
        saved = export.save(output)
    emit_text(f"wrote {saved} ({saved.stat().st_size} bytes)", {"file": str(saved)})


@calls.command("pcap")
@click.argument("pcap_id")
@click.option("--direction", type=_DIRECTIONS, help="The leg (OUTBOUND by default).")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="File.")
@json_option
def pcap(pcap_id: str, direction: str | None, output: Path) -> None:
    """Save a call's packet capture (calls of the last ten days)."""
    content = client().calls.pcap(pcap_id, direction=direction.upper() if direction else None)  # type: ignore[arg-type]
    output.write_bytes(content)
    emit_text(f"wrote {output} ({len(content)} bytes)", {"file": str(output)})
