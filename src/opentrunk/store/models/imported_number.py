from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps, UTCDateTime


class ImportedNumber(Timestamps, Base):
    """A number hosted for SMS. ``phone_number`` is unique across projects: a number is
    imported once. The ``platform_*`` and ``campaign_*`` columns hold the last
    provisioning operation of each slot (``service_id`` is its target service plan or
    campaign), the carrier columns the campaign's per-carrier state."""

    __tablename__ = "imported_numbers"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    phone_number: Mapped[str] = mapped_column(String(16), unique=True)
    region_code: Mapped[str] = mapped_column(String(2))
    display_name: Mapped[str] = mapped_column(String(255), default="")
    callback_url: Mapped[str] = mapped_column(String(2048), default="")
    #: Linked now (set when a provisioning operation is DONE, cleared on unlink).
    service_plan_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    campaign_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    migrate_to_sinch_tmo: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The order that imported it (None when imported singly).
    hosting_order_id: Mapped[str | None] = mapped_column(String(26), default=None)
    platform_service_id: Mapped[str] = mapped_column(String(64), default="")
    platform_type: Mapped[str] = mapped_column(String(16), default="")
    campaign_service_id: Mapped[str] = mapped_column(String(64), default="")
    campaign_type: Mapped[str] = mapped_column(String(16), default="")
    platform_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    platform_error_code: Mapped[str] = mapped_column(String(64), default="")
    platform_error_message: Mapped[str] = mapped_column(String(255), default="")
    platform_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    campaign_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    campaign_error_code: Mapped[str] = mapped_column(String(64), default="")
    campaign_error_message: Mapped[str] = mapped_column(String(255), default="")
    campaign_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sms_att_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    sms_att_operation: Mapped[str] = mapped_column(String(24), default="OPERATION_UNSPECIFIED")
    sms_att_error_code: Mapped[str] = mapped_column(String(64), default="")
    sms_att_error_message: Mapped[str] = mapped_column(String(255), default="")
    sms_att_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    sms_tmo_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    sms_tmo_operation: Mapped[str] = mapped_column(String(24), default="OPERATION_UNSPECIFIED")
    sms_tmo_error_code: Mapped[str] = mapped_column(String(64), default="")
    sms_tmo_error_message: Mapped[str] = mapped_column(String(255), default="")
    sms_tmo_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    mms_att_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    mms_att_operation: Mapped[str] = mapped_column(String(24), default="OPERATION_UNSPECIFIED")
    mms_att_error_code: Mapped[str] = mapped_column(String(64), default="")
    mms_att_error_message: Mapped[str] = mapped_column(String(255), default="")
    mms_att_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    mms_tmo_state: Mapped[str] = mapped_column(String(20), default="STATE_UNSPECIFIED")
    mms_tmo_operation: Mapped[str] = mapped_column(String(24), default="OPERATION_UNSPECIFIED")
    mms_tmo_error_code: Mapped[str] = mapped_column(String(64), default="")
    mms_tmo_error_message: Mapped[str] = mapped_column(String(255), default="")
    mms_tmo_update_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
