"""Request bodies the hosting-order and qualified-number resources share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from opentrunk.sdk._request import JSON, body
from opentrunk.sdk.types.hosting_orders import BlanketLoaInfo, DirectLoaInfo, ResellerLoaInfo

__all__ = ["IMPORT_LIMIT", "TEXT_ENABLE_LIMIT", "Loa", "text_enable_body", "toll_free_body"]

#: Numbers per ``hostingOrders:importNumbers`` request (Sinch's default limit).
IMPORT_LIMIT = 5
#: Numbers per text-enable request.
TEXT_ENABLE_LIMIT = 500

Loa = DirectLoaInfo | ResellerLoaInfo | BlanketLoaInfo


def _loa_fields(loa: Loa) -> dict[str, object]:
    if isinstance(loa, DirectLoaInfo):
        return {"directLoaInfo": loa}
    if isinstance(loa, ResellerLoaInfo):
        return {"resellerLoaInfo": loa}
    return {"blanketLoaInfo": {}}


def text_enable_body(
    *,
    numbers: Sequence[str],
    region_code: str,
    service_plan_id: str,
    loa: Loa,
    campaign_id: str | None,
    nnid: str | None,
    scheduled_osr_update_time: datetime | None,
    display_name: str | None,
    callback_url: str | None,
    migrate_to_sinch_tmo: bool | None,
) -> dict[str, JSON]:
    return body(
        regionCode=region_code,
        numbers=list(numbers),
        servicePlanId=service_plan_id,
        campaignId=campaign_id,
        nnid=nnid,
        scheduledOsrUpdateTime=scheduled_osr_update_time,
        displayName=display_name,
        callbackUrl=callback_url,
        migrateToSinchTmo=migrate_to_sinch_tmo,
        **_loa_fields(loa),
    )


def toll_free_body(
    *,
    project_id: str | None,
    numbers: Sequence[str],
    region_code: str,
    service_plan_id: str,
    loa: DirectLoaInfo | ResellerLoaInfo,
    scheduled_zipwhip_provisioning_time: datetime | None,
    display_name: str | None,
    callback_url: str | None,
) -> dict[str, JSON]:
    # The schema requires projectId in the body as well as in the path.
    return body(
        projectId=project_id,
        regionCode=region_code,
        numbers=list(numbers),
        servicePlanId=service_plan_id,
        scheduledZipwhipProvisioningTime=scheduled_zipwhip_provisioning_time,
        displayName=display_name,
        callbackUrl=callback_url,
        **_loa_fields(loa),
    )
