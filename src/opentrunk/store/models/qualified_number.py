from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps


class QualifiedNumber(Timestamps, Base):
    """A number whose ownership the project is proving, and its hosting status.
    States are ``opentrunk.hosting.states.ProcessState`` values."""

    __tablename__ = "qualified_numbers"
    __table_args__ = (UniqueConstraint("project_id", "phone_number"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    phone_number: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(48), index=True)
    osr_eligibility_state: Mapped[str] = mapped_column(String(20))
    osr_eligibility_error: Mapped[str] = mapped_column(String(255), default="")
    ownership_state: Mapped[str] = mapped_column(String(20))
    ownership_error: Mapped[str] = mapped_column(String(255), default="")
    hosted_status: Mapped[int] = mapped_column(Integer, default=0)
    hosted_error: Mapped[str] = mapped_column(String(255), default="")
    #: Wrong voice-challenge codes so far (across challenges; the limit blocks).
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
