from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class SandboxClockOffset(Base):
    """The sandbox clock's lead over real time, shared by every node (one row, id 1)."""

    __tablename__ = "sandbox_clock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    offset_us: Mapped[int] = mapped_column(BigInteger, default=0)
    update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
