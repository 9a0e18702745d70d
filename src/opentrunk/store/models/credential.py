from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class Credential(Timestamps, Base):
    """A SIP user. The password itself is never stored, only digest HA1 values."""

    __tablename__ = "credentials"
    __table_args__ = (UniqueConstraint("credential_list_id", "username"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    credential_list_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("credential_lists.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    username: Mapped[str] = mapped_column(String(128))
    #: The digest realm the HA1 values were computed for.
    realm: Mapped[str] = mapped_column(String(255))
    ha1_md5: Mapped[str] = mapped_column(String(32))
    ha1_sha256: Mapped[str] = mapped_column(String(64))
