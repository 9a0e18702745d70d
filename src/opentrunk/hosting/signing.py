"""The LOA e-signature round: the letter is rendered and stored, a signing link (a
random token, kept only as its SHA-256) is emailed to the authorised person with the
letter attached; the signing page finds the order by that token."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from opentrunk.errors import NotFound
from opentrunk.hosting.loa import Signature, render_loa, sha256
from opentrunk.hosting.mail import queue_email
from opentrunk.hosting.scope import HostingScope
from opentrunk.kit.ids import new_ulid
from opentrunk.store.models import HostingOrder, HostingOrderNumber, LoaDocument

__all__ = [
    "document",
    "order_by_token",
    "order_numbers",
    "request_signature",
    "store_signed",
]


async def order_numbers(session: AsyncSession, order: HostingOrder) -> list[str]:
    return list(
        await session.scalars(
            select(HostingOrderNumber.phone_number)
            .where(HostingOrderNumber.order_id == order.id)
            .order_by(HostingOrderNumber.id)
        )
    )


def _store(scope: HostingScope, order: HostingOrder, kind: str, content: bytes) -> LoaDocument:
    doc = LoaDocument(
        id=new_ulid(),
        order_id=order.id,
        kind=kind,
        content=content,
        sha256=sha256(content),
        create_time=scope.now,
    )
    scope.session.add(doc)
    return doc


async def request_signature(
    scope: HostingScope, order: HostingOrder, numbers: Sequence[str]
) -> None:
    unsigned = _store(scope, order, "unsigned", render_loa(order, numbers, today=scope.now))
    token = secrets.token_urlsafe(32)
    order.loa_token_hash = sha256(token.encode())
    link = f"{scope.settings.public_url.rstrip('/')}/loa/{token}"
    name = order.person_first_name or "there"
    await queue_email(
        scope,
        to=order.person_email,
        subject=f"Please sign the Letter of Authorization for hosting order {order.id}",
        body=(
            f"Hello {name},\n\n"
            f"{order.service_provider} needs your signature on a Letter of Authorization to "
            f"enable text messaging on {len(numbers)} telephone number"
            f"{'s' if len(numbers) != 1 else ''} (hosting order {order.id}).\n\n"
            f"Review and sign it here:\n{link}\n\n"
            "The letter is attached. If you did not expect this request, decline it on the "
            "same page.\n"
        ),
        order_id=order.id,
        attachment=unsigned,
        attachment_name=f"loa-{order.id}.pdf",
    )


async def order_by_token(session: AsyncSession, token: str) -> HostingOrder:
    order = await session.scalar(
        select(HostingOrder).where(HostingOrder.loa_token_hash == sha256(token.encode()))
    )
    if order is None:
        raise NotFound("This signing link is not valid", reason="LOA_LINK_NOT_FOUND")
    return order


async def document(session: AsyncSession, order: HostingOrder, kind: str) -> LoaDocument:
    doc = await session.scalar(
        select(LoaDocument).where(LoaDocument.order_id == order.id, LoaDocument.kind == kind)
    )
    if doc is None:
        what = "signed" if kind == "signed" else "unsigned"
        raise NotFound(f"Hosting order {order.id} has no {what} LOA", reason="LOA_NOT_FOUND")
    return doc


async def store_signed(
    scope: HostingScope, order: HostingOrder, signer: str, address: str
) -> LoaDocument:
    unsigned = await document(scope.session, order, "unsigned")
    numbers = await order_numbers(scope.session, order)
    content = render_loa(
        order,
        numbers,
        today=unsigned.create_time,
        signature=Signature(signer, scope.now, address, unsigned.sha256),
    )
    return _store(scope, order, "signed", content)
