from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class IpRange(Timestamps, Base):
    __tablename__ = "ip_ranges"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    access_control_list_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("access_control_lists.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE")
    )
    description: Mapped[str | None] = mapped_column(String(255), default=None)
    ip_address: Mapped[str] = mapped_column(String(45))
    range: Mapped[int] = mapped_column(Integer, default=32)
