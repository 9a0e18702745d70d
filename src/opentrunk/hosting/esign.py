"""The signing page's side: find the order by its link's token, sign or decline.

The link is the authorisation (as in any e-signature service): whoever holds it may
sign, once. Signing moves the order from ``WAITING_FOR_LOA_SIGNATURE`` to
``IN_PROGRESS``; declining rejects it. Either answer again is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import FieldViolation, InvalidArgument
from opentrunk.hosting import signing
from opentrunk.hosting.flow import hosting_order_flow
from opentrunk.hosting.scope import Actor, HostingScope, HostingSettings
from opentrunk.hosting.states import OrderState
from opentrunk.store.models import HostingOrder, LoaDocument

__all__ = ["SigningPage", "decline_by_token", "sign_by_token", "signing_page"]


@dataclass(frozen=True, slots=True)
class SigningPage:
    order: HostingOrder
    numbers: list[str]
    signed: bool
    open: bool


async def signing_page(session: AsyncSession, token: str) -> SigningPage:
    order = await signing.order_by_token(session, token)
    return SigningPage(
        order=order,
        numbers=await signing.order_numbers(session, order),
        signed=order.loa_signed_time is not None,
        open=order.state == OrderState.WAITING_FOR_LOA_SIGNATURE,
    )


def _scope(
    session: AsyncSession, order: HostingOrder, now: datetime, settings: HostingSettings
) -> HostingScope:
    return HostingScope(session, order.project_id, now, settings, Actor.CUSTOMER)


async def sign_by_token(
    session: AsyncSession,
    token: str,
    *,
    signer: str,
    address: str,
    now: datetime,
    settings: HostingSettings,
) -> LoaDocument:
    name = " ".join(signer.split())[:255]
    if not name:
        raise InvalidArgument(
            "Type your full name to sign", violations=[FieldViolation("signer", "required")]
        )
    order = await signing.order_by_token(session, token)
    return await hosting_order_flow.sign(
        _scope(session, order, now, settings), order, signer=name, address=address
    )


async def decline_by_token(
    session: AsyncSession, token: str, *, reason: str, now: datetime, settings: HostingSettings
) -> HostingOrder:
    order = await signing.order_by_token(session, token)
    why = " ".join(reason.split())[:200] or "no reason given"
    await hosting_order_flow.decline(
        _scope(session, order, now, settings), order, reason=f"LOA declined by the signer: {why}"
    )
    return order
