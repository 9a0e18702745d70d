from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class WebhookFault(Base):
    """A sandbox fault: the next ``remaining`` deliveries to ``url`` fail without
    reaching it (``mode`` ``status``: as if it answered ``status_code``; ``down``: as if
    the connection was refused)."""

    __tablename__ = "webhook_faults"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(16))
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    remaining: Mapped[int] = mapped_column(Integer)
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
