from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class WebhookDelivery(Base):
    """One delivery attempt of a webhook event: the delivery log."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    event_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True
    )
    #: 1-based, counted over the event's whole life (resends continue the count).
    attempt: Mapped[int] = mapped_column(Integer)
    attempt_time: Mapped[datetime] = mapped_column(UTCDateTime())
    succeeded: Mapped[bool] = mapped_column(Boolean)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    response_excerpt: Mapped[str | None] = mapped_column(Text, default=None)
    #: The headers sent (JSON object), so a signature mismatch can be debugged.
    request_headers: Mapped[str | None] = mapped_column(Text, default=None)
