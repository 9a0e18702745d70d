from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class HostingEvent(Base):
    """The audit trail: one row per state transition of anything in number hosting."""

    __tablename__ = "hosting_events"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    #: hosting_order, hosting_order_number, qualified_number or imported_number.
    subject: Mapped[str] = mapped_column(String(24))
    order_id: Mapped[str | None] = mapped_column(String(26), index=True, default=None)
    phone_number: Mapped[str | None] = mapped_column(String(16), index=True, default=None)
    #: The step for step transitions (osrUpdate, smsTmo, ...), else "".
    step: Mapped[str] = mapped_column(String(24), default="")
    event: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(48))
    to_state: Mapped[str] = mapped_column(String(48))
    #: customer, operator, autopilot or system.
    actor: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(512), default="")
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
