from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class CallRecord(Base):
    """One row per INVITE the edge handled (the CDR behind ``/calls``)."""

    __tablename__ = "call_records"
    __table_args__ = (Index("ix_call_records_project_id_create_time", "project_id", "create_time"),)

    call_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE")
    )
    trunk_id: Mapped[str | None] = mapped_column(String(26), default=None, index=True)
    trunk_name: Mapped[str | None] = mapped_column(String(255), default=None)
    #: ``INBOUND`` or ``OUTBOUND``.
    direction: Mapped[str] = mapped_column(String(8))
    from_: Mapped[str] = mapped_column("from_uri", String(255))
    to: Mapped[str] = mapped_column("to_uri", String(255))
    from_country: Mapped[str | None] = mapped_column(String(2), default=None)
    to_country: Mapped[str | None] = mapped_column(String(2), default=None)
    call_result: Mapped[str] = mapped_column(String(16))
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
    answer_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    end_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    billing_duration_seconds: Mapped[int] = mapped_column(Integer, default=0)
    price_per_minute: Mapped[float] = mapped_column(Float, default=0.0)
    price: Mapped[float] = mapped_column(Float, default=0.0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    sip_response_code: Mapped[int | None] = mapped_column(Integer, default=None)
    cause_code: Mapped[int | None] = mapped_column(Integer, default=None)
    is_emergency: Mapped[bool] = mapped_column(Boolean, default=False)
    region: Mapped[str] = mapped_column(String(32), default="local")
    transport: Mapped[str] = mapped_column(String(3), default="udp")
    port: Mapped[int | None] = mapped_column(Integer, default=None)
    pcap_id: Mapped[str | None] = mapped_column(String(36), default=None)
