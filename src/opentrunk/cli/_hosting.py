"""What the number-hosting commands share: table columns, and following an order."""

from __future__ import annotations

import json

import click

from opentrunk.cli._output import Column, format_value
from opentrunk.cli._remote import EXIT_REJECTED, CliFailure, client, wants_json
from opentrunk.sdk.types import (
    HostingOrder,
    HostingOrderNumber,
    ImportedNumber,
    QualificationStep,
    QualifiedNumber,
)

__all__ = [
    "IMPORTED_COLUMNS",
    "ORDER_COLUMNS",
    "ORDER_NUMBER_COLUMNS",
    "QUALIFIED_COLUMNS",
    "follow_order",
]

ORDER_COLUMNS: list[Column[HostingOrder]] = [
    Column("ID", lambda o: o.hosting_order_id),
    Column("TYPE", lambda o: o.type),
    Column("STATE", lambda o: o.state),
    Column("REGION", lambda o: o.region_code),
    Column("SERVICE PLAN", lambda o: o.service_plan_id),
    Column("CAMPAIGN", lambda o: o.campaign_id),
    Column("CREATED", lambda o: o.created_time),
]

ORDER_NUMBER_COLUMNS: list[Column[HostingOrderNumber]] = [
    Column("NUMBER", lambda n: n.phone_number),
    Column("OSR", lambda n: n.osr_update.state if n.osr_update else None),
    Column(
        "PLATFORM", lambda n: n.platform_provisioning.state if n.platform_provisioning else None
    ),
    Column(
        "CAMPAIGN", lambda n: n.campaign_provisioning.state if n.campaign_provisioning else None
    ),
    Column("SMS T-MOBILE", lambda n: n.sms_tmo.state if n.sms_tmo else None),
    Column("SMS AT&T", lambda n: n.sms_att.state if n.sms_att else None),
]

IMPORTED_COLUMNS: list[Column[ImportedNumber]] = [
    Column("NUMBER", lambda n: n.phone_number),
    Column("NAME", lambda n: n.display_name),
    Column(
        "SERVICE PLAN",
        lambda n: n.sms_configuration.service_plan_id if n.sms_configuration else None,
    ),
    Column("CAMPAIGN", lambda n: n.sms_configuration.campaign_id if n.sms_configuration else None),
    Column("SMS", lambda n: n.sms_provisioning.state if n.sms_provisioning else None),
    Column("10DLC", lambda n: n.campaign_provisioning.state if n.campaign_provisioning else None),
]

QUALIFIED_COLUMNS: list[Column[QualifiedNumber]] = [
    Column("NUMBER", lambda n: n.phone_number),
    Column("REGION", lambda n: n.region_code),
    Column("STATE", lambda n: (n.global_process_state or "").removeprefix("GLOBAL_PROCESS_STATE_")),
    Column("ELIGIBILITY", lambda n: n.osr_eligibility.status if n.osr_eligibility else None),
    Column("OWNERSHIP", lambda n: (n.ownership_verification or QualificationStep()).status),
    Column("UPDATED", lambda n: n.updated_time),
]  # fmt: skip


def follow_order(hosting_order_id: str, *, interval: float, max_wait: float | None) -> HostingOrder:
    """Print the order's state each time it changes, until it ends; a REJECTED order is
    a failure (exit code 11)."""
    sdk = client()
    final: HostingOrder | None = None
    for order in sdk.hosting_orders.follow(hosting_order_id, interval=interval, max_wait=max_wait):
        final = order
        report = sdk.hosting_orders.report(hosting_order_id)
        if wants_json():
            line = {**order.to_wire(), "report": report.to_wire()}
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            when = format_value(order.updated_time or order.created_time)
            click.echo(
                f"{when}  {order.state:<26} {report.sms_provisioned}/{report.total} provisioned, "
                f"{report.osr_updated}/{report.total} OSR updated"
            )
    assert final is not None  # follow yields the order at least once
    if final.state == "REJECTED":
        raise CliFailure(f"hosting order {hosting_order_id} was REJECTED", EXIT_REJECTED)
    return final
