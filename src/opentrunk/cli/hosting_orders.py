"""``opentrunk hosting-orders``: orders that import or text-enable numbers; text-enable
from a CSV file, and ``wait`` to follow an order live until it ends."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import IO

import click

from opentrunk.cli._files import chunks, read_loa, read_numbers
from opentrunk.cli._hosting import ORDER_COLUMNS, ORDER_NUMBER_COLUMNS, follow_order
from opentrunk.cli._output import emit_list, emit_one
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.sdk import TEXT_ENABLE_LIMIT
from opentrunk.sdk.types import DirectLoaInfo, HostingOrder, ResellerLoaInfo

__all__ = ["hosting_orders"]

_STATES = click.Choice(
    ["DRAFT", "SUBMITTED", "WAITING_FOR_LOA_SIGNATURE", "IN_PROGRESS", "COMPLETED", "REJECTED",
     "HOSTING_ORDER_STATE_UNSPECIFIED"]
)  # fmt: skip


@click.group("hosting-orders", cls=RemoteGroup)
@connection_options
def hosting_orders() -> None:
    """Hosting orders (Imported Numbers API)."""


@hosting_orders.command("list")
@click.option("--state", "states", type=_STATES, multiple=True, required=True, help="Repeatable.")
@click.option(
    "--type",
    "order_type",
    type=click.Choice(["IMPORT", "TYPE_TEXT_ENABLE", "HOSTING_ORDER_TYPE_UNSPECIFIED"]),
    default="HOSTING_ORDER_TYPE_UNSPECIFIED",
    show_default=True,
)
@click.option("--service-plan-id", default="", help="Service plan ('' any).")
@click.option("--campaign-id", default="", help="Campaign ('' any).")
@click.option("--region", help="US or CA.")
@json_option
def list_orders(
    states: tuple[str, ...],
    order_type: str,
    service_plan_id: str,
    campaign_id: str,
    region: str | None,
) -> None:
    """List hosting orders."""
    items = client().hosting_orders.list(
        states=list(states),  # type: ignore[arg-type]
        type=order_type,  # type: ignore[arg-type]
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region,
    )
    emit_list(items, ORDER_COLUMNS)


@hosting_orders.command("get")
@click.argument("hosting_order_id")
@json_option
def get_order(hosting_order_id: str) -> None:
    """Show an order."""
    emit_one(client().hosting_orders.get(hosting_order_id))


@hosting_orders.command("report")
@click.argument("hosting_order_id")
@json_option
def order_report(hosting_order_id: str) -> None:
    """How many of an order's numbers passed each step."""
    emit_one(client().hosting_orders.report(hosting_order_id))


@hosting_orders.command("numbers")
@click.argument("hosting_order_id")
@click.argument("phone_number", required=False)
@json_option
def order_numbers(hosting_order_id: str, phone_number: str | None) -> None:
    """The numbers of an order, step by step (or one of them)."""
    sdk = client()
    if phone_number:
        emit_one(sdk.hosting_orders.get_number(hosting_order_id, phone_number))
    else:
        emit_list(sdk.hosting_orders.list_numbers(hosting_order_id), ORDER_NUMBER_COLUMNS)


@hosting_orders.command("wait")
@click.argument("hosting_order_id")
@click.option("--interval", type=float, default=5.0, show_default=True, help="Poll seconds.")
@click.option("--timeout", type=float, help="Give up after this many seconds (exit 12).")
@json_option
def wait(hosting_order_id: str, interval: float, timeout: float | None) -> None:
    """Follow an order live, a line per change, until it is COMPLETED (exit 0) or
    REJECTED (exit 11). With --json, a JSON object per line."""
    follow_order(hosting_order_id, interval=interval, max_wait=timeout)


@hosting_orders.command("text-enable")
@click.argument("csv_file", type=click.File("r"))
@click.option("--loa", "loa_file", type=click.File("r"), required=True, help=(
    "JSON with one of directLoaInfo, resellerLoaInfo, blanketLoaInfo (as in the API)."
))  # fmt: skip
@click.option("--region", default="US", show_default=True, help="US or CA.")
@click.option("--service-plan-id", required=True, help="The SMS service plan.")
@click.option("--campaign-id", help="The 10DLC campaign.")
@click.option("--toll-free", is_flag=True, help="Toll-free numbers (no campaign).")
@click.option("--osr-time", type=click.DateTime(), help="When the OSR update should run (UTC).")
@click.option("--display-name", help="A name for the orders.")
@click.option("--callback-url", help="Where the numbers' events are posted.")
@json_option
def text_enable(
    csv_file: IO[str],
    loa_file: IO[str],
    region: str,
    service_plan_id: str,
    campaign_id: str | None,
    toll_free: bool,
    osr_time: datetime | None,
    display_name: str | None,
    callback_url: str | None,
) -> None:
    """Text-enable the qualified numbers of CSV_FILE ('-': stdin), 500 per order."""
    all_numbers = read_numbers(csv_file.read())
    if not all_numbers:
        raise click.UsageError("no phone numbers in the file")
    loa = read_loa(loa_file.read())
    if toll_free and not isinstance(loa, DirectLoaInfo | ResellerLoaInfo):
        raise click.UsageError("toll-free numbers need a direct or reseller LOA")
    sdk = client()
    orders: list[HostingOrder] = []
    with click.progressbar(length=len(all_numbers), label="Text-enabling", file=sys.stderr) as bar:
        for batch in chunks(all_numbers, TEXT_ENABLE_LIMIT):
            if isinstance(loa, DirectLoaInfo | ResellerLoaInfo) and toll_free:
                order = sdk.hosting_orders.text_enable_toll_free_numbers(
                    numbers=batch,
                    region_code=region,
                    service_plan_id=service_plan_id,
                    loa=loa,
                    scheduled_zipwhip_provisioning_time=osr_time,
                    display_name=display_name,
                    callback_url=callback_url,
                )
            else:
                order = sdk.hosting_orders.text_enable_numbers(
                    numbers=batch,
                    region_code=region,
                    service_plan_id=service_plan_id,
                    loa=loa,
                    campaign_id=campaign_id,
                    scheduled_osr_update_time=osr_time,
                    display_name=display_name,
                    callback_url=callback_url,
                )
            orders.append(order)
            bar.update(len(batch))
    emit_list(orders, ORDER_COLUMNS)
