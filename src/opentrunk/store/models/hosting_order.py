from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps, UTCDateTime


class HostingOrder(Timestamps, Base):
    """An import or text-enable order. ``state`` is an ``OrderState`` value, ``kind`` an
    ``OrderKind`` (import, text_enable, toll_free)."""

    __tablename__ = "hosting_orders"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(32), index=True)
    display_name: Mapped[str] = mapped_column(String(255), default="")
    region_code: Mapped[str] = mapped_column(String(2))
    service_plan_id: Mapped[str] = mapped_column(String(64), default="")
    campaign_id: Mapped[str] = mapped_column(String(64), default="")
    nnid: Mapped[str] = mapped_column(String(32), default="")
    migrate_to_sinch_tmo: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_url: Mapped[str] = mapped_column(String(2048), default="")
    #: The operation that created it: ``hostingOrders`` or ``qualifiedNumbers``.
    origin: Mapped[str] = mapped_column(String(20))
    number_count: Mapped[int] = mapped_column(Integer, default=0)
    scheduled_osr_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    #: Toll-free only: as requested (the effective time is ``scheduled_osr_update_time``).
    scheduled_zipwhip_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # Letter of Authorization: Direct, Reseller, Blanket, or "" (import orders).
    loa_type: Mapped[str] = mapped_column(String(16), default="")
    business_name: Mapped[str] = mapped_column(String(255), default="")
    person_first_name: Mapped[str] = mapped_column(String(255), default="")
    person_last_name: Mapped[str] = mapped_column(String(255), default="")
    person_email: Mapped[str] = mapped_column(String(320), default="")
    address_building_number: Mapped[str] = mapped_column(String(64), default="")
    address_street: Mapped[str] = mapped_column(String(255), default="")
    address_city: Mapped[str] = mapped_column(String(255), default="")
    address_state: Mapped[str] = mapped_column(String(64), default="")
    address_postal_code: Mapped[str] = mapped_column(String(32), default="")
    address_country: Mapped[str] = mapped_column(String(64), default="")
    current_voice_carrier: Mapped[str] = mapped_column(String(255), default="")
    service_provider: Mapped[str] = mapped_column(String(255), default="")
    #: SHA-256 of the signing link's token (the token itself is only in the email).
    loa_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    loa_signer: Mapped[str] = mapped_column(String(255), default="")
    loa_signed_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    rejection_reason: Mapped[str] = mapped_column(String(512), default="")
