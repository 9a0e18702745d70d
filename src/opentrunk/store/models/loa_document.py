from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class LoaDocument(Base):
    """A Letter of Authorization PDF of an order: ``unsigned`` (sent for signature) or
    ``signed`` (after the e-signature)."""

    __tablename__ = "loa_documents"
    __table_args__ = (UniqueConstraint("order_id", "kind"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    order_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("hosting_orders.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
