from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps, UTCDateTime


class WebhookEvent(Timestamps, Base):
    """One callback in the transactional outbox. ``id`` is the payload's ``eventId`` and
    ``body`` the exact bytes sent (and signed) on every attempt."""

    __tablename__ = "webhook_events"
    __table_args__ = (
        Index("ix_webhook_events_project_id_create_time", "project_id", "create_time"),
        # Retention finds callbacks whose delivery ended long ago (``webhooks.retention``).
        Index("ix_webhook_events_status_last_attempt_time", "status", "last_attempt_time"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE")
    )
    url: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes] = mapped_column(LargeBinary)
    #: ``pending`` → ``delivered`` | ``failed`` (attempts exhausted); a resend → ``pending``.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    last_attempt_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
