"""Letter of Authorization documents: a real PDF per order (fpdf2, pure Python).

The letter names the customer (direct) or the reseller's business, the authorised
person, the service address, the current voice carrier, the new service provider and
NNID, the date, and every number of the order. The signed version is the same letter
with the e-signature block filled in (who, when, from where) and a fingerprint of the
unsigned letter, so a signed PDF can be matched to what was sent.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from opentrunk.kit.timefmt import format_rfc3339
from opentrunk.store.models import HostingOrder

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["Signature", "render_loa", "sha256"]


@dataclass(frozen=True, slots=True)
class Signature:
    signer: str
    signed_at: datetime
    address: str
    unsigned_sha256: str


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _latin1(text: str) -> str:
    # The core PDF fonts are Latin-1; anything else is shown as '?'.
    return text.encode("latin-1", "replace").decode("latin-1")


@functools.cache
def _letter_class() -> type[FPDF]:
    # Imported on first use: fpdf2 (with fontTools) would add a third of a second to
    # every server start, and most starts never render a letter.
    from fpdf import FPDF

    class _Letter(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}/{{nb}}", align="C")

    return _Letter


def render_loa(
    order: HostingOrder,
    numbers: Sequence[str],
    *,
    today: datetime,
    signature: Signature | None = None,
) -> bytes:
    pdf = _letter_class()(format="Letter")
    pdf.set_title("Letter of Authorization")
    pdf.set_creator("opentrunk")
    pdf.set_creation_date(today)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, *, size: int = 10, style: str = "", gap: float = 5.5) -> None:
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(width, gap, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    toll_free = order.kind == "toll_free"
    line("Letter of Authorization", size=18, style="B", gap=10)
    purpose = "toll-free text enablement" if toll_free else "SMS text enablement"
    line(
        f"{order.loa_type} LOA - {purpose} - hosting order {order.id}",
        size=9,
    )
    line(f"Date: {today.strftime('%B %d, %Y')}", gap=8)
    customer = (
        order.business_name
        if order.loa_type == "Reseller"
        else (f"{order.person_first_name} {order.person_last_name}")
    )
    address = (
        f"{order.address_building_number} {order.address_street}, {order.address_city}, "
        f"{order.address_state} {order.address_postal_code}, {order.address_country}"
    )
    line(
        f"I, {order.person_first_name} {order.person_last_name} ({order.person_email}), "
        f"authorise {order.service_provider} to act as the messaging service provider of the "
        f"telephone numbers listed below on behalf of {customer}, and to update the carriers' "
        "records (the Override Service Registry, OSR) so that text messages to these numbers "
        "are delivered through it. Voice service stays with the current voice carrier.",
    )
    pdf.ln(2)
    for label, value in (
        ("Customer" if order.loa_type != "Reseller" else "Reseller business", customer),
        ("Authorised person", f"{order.person_first_name} {order.person_last_name}"),
        ("Email", order.person_email),
        ("Service address", address),
        ("Current voice carrier", order.current_voice_carrier),
        ("New messaging provider", order.service_provider),
        ("NNID", order.nnid),
        ("Numbers", str(len(numbers))),
    ):
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(52, 6, _latin1(label))
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(width - 52, 6, _latin1(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    line("Telephone numbers", size=12, style="B", gap=7)
    pdf.set_font("Courier", size=9)
    per_row = 4
    for start in range(0, len(numbers), per_row):
        pdf.cell(
            width, 5, "    ".join(numbers[start : start + per_row]), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(6)
    line("Signature", size=12, style="B", gap=7)
    if signature is None:
        line("Awaiting electronic signature by the authorised person.")
    else:
        line(f"Signed electronically by {signature.signer}")
        line(f"Signed at {format_rfc3339(signature.signed_at)} from {signature.address}")
        line(f"Letter sent for signature: SHA-256 {signature.unsigned_sha256}", size=8)
    return bytes(pdf.output())
