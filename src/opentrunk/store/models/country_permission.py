from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class CountryPermission(Base):
    """A project's choice for one country. Countries without a row use the default
    (US and CA enabled, everything else disabled)."""

    __tablename__ = "country_permissions"

    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    iso_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    update_time: Mapped[datetime] = mapped_column(UTCDateTime())
