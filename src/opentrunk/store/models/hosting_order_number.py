from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, UTCDateTime


class HostingOrderNumber(Base):
    """One number of a hosting order and the state of each of its steps (``State``
    values); ``{step}_update_time`` is when the step last changed state."""

    __tablename__ = "hosting_order_numbers"
    __table_args__ = (UniqueConstraint("order_id", "phone_number"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    order_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("hosting_orders.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    phone_number: Mapped[str] = mapped_column(String(16), index=True)
    #: SUCCEEDED or FAILED once the number's hosting process has ended, else "".
    result: Mapped[str] = mapped_column(String(16), default="")
    create_time: Mapped[datetime] = mapped_column(UTCDateTime())
    update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    osr_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    osr_error_code: Mapped[str] = mapped_column(String(64), default="")
    osr_error_message: Mapped[str] = mapped_column(String(255), default="")
    osr_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    platform_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    platform_error_code: Mapped[str] = mapped_column(String(64), default="")
    platform_error_message: Mapped[str] = mapped_column(String(255), default="")
    platform_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    campaign_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    campaign_error_code: Mapped[str] = mapped_column(String(64), default="")
    campaign_error_message: Mapped[str] = mapped_column(String(255), default="")
    campaign_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sms_att_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    sms_att_error_code: Mapped[str] = mapped_column(String(64), default="")
    sms_att_error_message: Mapped[str] = mapped_column(String(255), default="")
    sms_att_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sms_tmo_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    sms_tmo_error_code: Mapped[str] = mapped_column(String(64), default="")
    sms_tmo_error_message: Mapped[str] = mapped_column(String(255), default="")
    sms_tmo_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    mms_att_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    mms_att_error_code: Mapped[str] = mapped_column(String(64), default="")
    mms_att_error_message: Mapped[str] = mapped_column(String(255), default="")
    mms_att_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    mms_tmo_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    mms_tmo_error_code: Mapped[str] = mapped_column(String(64), default="")
    mms_tmo_error_message: Mapped[str] = mapped_column(String(255), default="")
    mms_tmo_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
