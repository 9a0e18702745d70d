from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class TrunkCredentialList(Base):
    __tablename__ = "trunk_credential_lists"

    trunk_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("trunks.id", ondelete="CASCADE"), primary_key=True
    )
    credential_list_id: Mapped[str] = mapped_column(
        String(26),
        ForeignKey("credential_lists.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    )
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
