from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class Trunk(Timestamps, Base):
    __tablename__ = "trunks"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    #: Unique across all projects: the trunk domain routes SIP traffic.
    host_name: Mapped[str] = mapped_column(String(63), unique=True)
    top_level_domain: Mapped[str] = mapped_column(String(255))
    calls_per_second: Mapped[int] = mapped_column(Integer, default=1)
    enable_caller_name: Mapped[bool] = mapped_column(Boolean, default=False)
    enable_call_forward: Mapped[bool] = mapped_column(Boolean, default=False)
    call_forward_number: Mapped[str] = mapped_column(String(16), default="")
