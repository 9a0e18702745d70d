from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class ConfigVersion(Base):
    """How many times a project's SIP-relevant configuration has changed: bumped in the
    transaction of every such change, so that an edge in another process sees it (by
    polling on SQLite; PostgreSQL also sends a NOTIFY) and reloads that project."""

    __tablename__ = "config_versions"

    project_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=1)
    update_time: Mapped[datetime] = mapped_column(UTCDateTime())
