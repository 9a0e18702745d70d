from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class VoiceChallenge(Base):
    """One ownership challenge call and its code. The rows are also the sandbox's
    inbox of challenge calls (the SIP edge places them as real calls)."""

    __tablename__ = "voice_challenges"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    phone_number: Mapped[str] = mapped_column(String(16), index=True)
    code: Mapped[str] = mapped_column(String(12))
    #: QUEUED (call to place), PLACED, SUPERSEDED (a newer challenge), USED.
    status: Mapped[str] = mapped_column(String(16))
    expire_time: Mapped[datetime] = mapped_column(UTCDateTime())
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
    placed_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
