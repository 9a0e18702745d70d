"""``opentrunk numbers imported``: numbers imported for SMS, one by one or in bulk from a
CSV file; ``opentrunk numbers callbacks``: the secret their callbacks are signed with."""

from __future__ import annotations

import sys
from typing import IO

import click

from opentrunk.cli._files import chunks, read_numbers
from opentrunk.cli._hosting import IMPORTED_COLUMNS, ORDER_COLUMNS, follow_order
from opentrunk.cli._output import emit_list, emit_one, emit_text
from opentrunk.cli._remote import RemoteGroup, client, connection_options, json_option
from opentrunk.sdk import IMPORT_LIMIT
from opentrunk.sdk.types import HostingOrder

__all__ = ["numbers"]


@click.group(cls=RemoteGroup)
@connection_options
def numbers() -> None:
    """Numbers hosted for SMS (Imported Numbers API)."""


@numbers.group()
def imported() -> None:
    """Imported numbers."""


@imported.command("list")
@click.option("--service-plan-id", required=True, help="Service plan ('' for none).")
@click.option("--campaign-id", required=True, help="10DLC campaign ('' for none).")
@click.option("--region", help="US or CA.")
@click.option("--pattern", help="Digits to look for.")
@click.option(
    "--search", type=click.Choice(["START", "CONTAIN", "END"]), help="Where the pattern is."
)
@json_option
def list_imported(
    service_plan_id: str,
    campaign_id: str,
    region: str | None,
    pattern: str | None,
    search: str | None,
) -> None:
    """List imported numbers."""
    items = client().imported_numbers.list(
        service_plan_id=service_plan_id,
        campaign_id=campaign_id,
        region_code=region,
        number_pattern=pattern,
        search_pattern=search,  # type: ignore[arg-type]
    )
    emit_list(items, IMPORTED_COLUMNS)


@imported.command("get")
@click.argument("phone_number")
@json_option
def get_imported(phone_number: str) -> None:
    """Show an imported number and its provisioning."""
    emit_one(client().imported_numbers.get(phone_number))


@imported.command("create")
@click.argument("phone_number")
@click.option("--region", default="US", show_default=True, help="US or CA.")
@click.option("--service-plan-id", required=True, help="The SMS service plan to link.")
@click.option("--campaign-id", help="The 10DLC campaign to link.")
@click.option("--display-name", help="A name for the number.")
@click.option("--callback-url", help="Where its events are posted.")
@json_option
def create_imported(
    phone_number: str,
    region: str,
    service_plan_id: str,
    campaign_id: str | None,
    display_name: str | None,
    callback_url: str | None,
) -> None:
    """Import one number."""
    emit_one(
        client().imported_numbers.create(
            phone_number=phone_number,
            region_code=region,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            display_name=display_name,
            callback_url=callback_url,
        )
    )


@imported.command("update")
@click.argument("phone_number")
@click.option("--display-name", help="A new name.")
@click.option("--service-plan-id", help="Link this plan ('' unlinks).")
@click.option("--campaign-id", help="Link this campaign ('' unlinks).")
@click.option("--callback-url", help="A new callback URL.")
@json_option
def update_imported(
    phone_number: str,
    display_name: str | None,
    service_plan_id: str | None,
    campaign_id: str | None,
    callback_url: str | None,
) -> None:
    """Change an imported number (unlink with '' before linking another plan/campaign)."""
    emit_one(
        client().imported_numbers.update(
            phone_number,
            display_name=display_name,
            service_plan_id=service_plan_id,
            campaign_id=campaign_id,
            callback_url=callback_url,
        )
    )


@imported.command("delete")
@click.argument("phone_number")
@json_option
def delete_imported(phone_number: str) -> None:
    """Remove an imported number."""
    client().imported_numbers.delete(phone_number)
    emit_text(f"deleted {phone_number}", {"deleted": phone_number})


@imported.command("import")
@click.argument("csv_file", type=click.File("r"))
@click.option("--region", default="US", show_default=True, help="US or CA.")
@click.option("--service-plan-id", required=True, help="The SMS service plan to link.")
@click.option("--campaign-id", help="The 10DLC campaign to link.")
@click.option("--display-name", help="A name for the orders.")
@click.option("--callback-url", help="Where the numbers' events are posted.")
@click.option("--wait", is_flag=True, help="Follow every order until it ends.")
@click.option("--interval", type=float, default=5.0, show_default=True, help="Poll seconds.")
@json_option
def bulk_import(
    csv_file: IO[str],
    region: str,
    service_plan_id: str,
    campaign_id: str | None,
    display_name: str | None,
    callback_url: str | None,
    wait: bool,
    interval: float,
) -> None:
    """Import the numbers of CSV_FILE ('-': stdin) in hosting orders of at most five
    numbers each (the API's limit)."""
    all_numbers = read_numbers(csv_file.read())
    if not all_numbers:
        raise click.UsageError("no phone numbers in the file")
    sdk = client()
    orders: list[HostingOrder] = []
    with click.progressbar(length=len(all_numbers), label="Importing", file=sys.stderr) as bar:
        for batch in chunks(all_numbers, IMPORT_LIMIT):
            orders.append(
                sdk.hosting_orders.import_numbers(
                    numbers=batch,
                    region_code=region,
                    service_plan_id=service_plan_id,
                    campaign_id=campaign_id,
                    display_name=display_name,
                    callback_url=callback_url,
                )
            )
            bar.update(len(batch))
    if wait:
        orders = [
            follow_order(o.hosting_order_id, interval=interval, max_wait=None) for o in orders
        ]
    emit_list(orders, ORDER_COLUMNS)


@numbers.group()
def callbacks() -> None:
    """The secret that signs the callbacks (X-Sinch-Signature)."""


@callbacks.command("get")
@json_option
def get_callbacks() -> None:
    """Show the callback configuration."""
    emit_one(client().callback_configuration.get())


@callbacks.command("set-secret")
@click.argument("hmac_secret")
@json_option
def set_secret(hmac_secret: str) -> None:
    """Sign callbacks with HMAC_SECRET from now on."""
    emit_one(client().callback_configuration.update(hmac_secret=hmac_secret))
