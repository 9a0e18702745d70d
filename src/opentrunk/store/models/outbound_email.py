from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class OutboundEmail(Base):
    """An email opentrunk sends. Delivered through SMTP when configured; otherwise the
    rows are the sandbox's mail inbox."""

    __tablename__ = "outbound_emails"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    order_id: Mapped[str | None] = mapped_column(String(26), index=True, default=None)
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    #: The LOA document attached, if any.
    attachment_id: Mapped[str | None] = mapped_column(String(26), default=None)
    attachment_name: Mapped[str] = mapped_column(String(255), default="")
    #: QUEUED (SMTP delivery pending), SENT, FAILED, or CAPTURED (kept in the inbox).
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(512), default="")
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
