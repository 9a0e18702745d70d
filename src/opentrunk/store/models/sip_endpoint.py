from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class SipEndpoint(Timestamps, Base):
    """A static endpoint has ``address``/``port``; a registered one has
    ``credential_username`` and takes its contact from live REGISTER bindings."""

    __tablename__ = "sip_endpoints"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    sip_trunk_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("trunks.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(255))
    is_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str | None] = mapped_column(String(255), default=None)
    port: Mapped[int] = mapped_column(Integer, default=5060)
    transport: Mapped[str] = mapped_column(String(3), default="UDP")
    priority: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    credential_username: Mapped[str | None] = mapped_column(String(128), default=None, index=True)
