from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from opentrunk.store.base import Base, Timestamps, UTCDateTime


class SipRegistration(Timestamps, Base):
    """A live REGISTER binding of a registered endpoint, written by the SIP edge (which
    routes from its memory, never from here) for the API to show and for a restarted
    edge to reload. Rows past ``expire_time`` are stale and are swept by the edge."""

    __tablename__ = "sip_registrations"
    __table_args__ = (UniqueConstraint("sip_endpoint_id", "contact"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    project_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("projects.id", ondelete="CASCADE")
    )
    sip_trunk_id: Mapped[str] = mapped_column(String(26))
    sip_endpoint_id: Mapped[str] = mapped_column(
        String(26), ForeignKey("sip_endpoints.id", ondelete="CASCADE"), index=True
    )
    #: the Contact URI registered
    contact: Mapped[str] = mapped_column(String(512))
    #: where calls to it are sent, e.g. ``udp:203.0.113.7:5060``
    target: Mapped[str] = mapped_column(String(64))
    #: where the REGISTER came from
    source: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    expire_time: Mapped[datetime] = mapped_column(UTCDateTime())
