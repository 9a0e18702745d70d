from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class CallbackConfiguration(Timestamps, Base):
    """A project's callback signing secret (Sinch's ``CallbackConfiguration``)."""

    __tablename__ = "callback_configurations"

    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    #: Empty means "not configured": callbacks then go out unsigned, as Sinch's do.
    hmac_secret: Mapped[str] = mapped_column(String(256))
