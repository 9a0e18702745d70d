from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class CallBlockingRule(Timestamps, Base):
    __tablename__ = "call_blocking_rules"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str | None] = mapped_column(String(255), default=None)
    #: ``INBOUND`` or ``OUTBOUND`` (rendered lowercase, as Sinch does).
    direction: Mapped[str] = mapped_column(String(8))
    caller_country: Mapped[str | None] = mapped_column(String(2), default=None)
    callee_country: Mapped[str | None] = mapped_column(String(2), default=None)
    caller_match: Mapped[str | None] = mapped_column(String(32), default=None)
    callee_match: Mapped[str | None] = mapped_column(String(32), default=None)
