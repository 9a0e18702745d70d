from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class PhoneNumber(Timestamps, Base):
    """A DID assigned to a trunk. ``phone_number`` is unique across all projects: a
    number can route to one trunk only."""

    __tablename__ = "phone_numbers"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    sip_trunk_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("trunks.id", ondelete="RESTRICT"), index=True
    )
    phone_number: Mapped[str] = mapped_column(String(16), unique=True)
    country_code: Mapped[str | None] = mapped_column(String(2), default=None)
