"""Registration state of registered endpoints: the REGISTER bindings the SIP edge holds
(it writes them to ``sip_registrations``; this only reads). Not part of Sinch's API:
``GET .../endpoints/{id}/registrations`` is opentrunk's own, so that a PBX's owner can
see whether (and from where) it is registered."""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.kit.wire import ResponseModel, Timestamp
from opentrunk.store.models import SipRegistration
from opentrunk.trunking.endpoints import sip_endpoint_service
from opentrunk.trunking.repository import paginate
from opentrunk.trunking.scope import ProjectScope

__all__ = ["RegistrationOut", "RegistrationService", "registration_out", "registration_service"]


class RegistrationOut(ResponseModel):
    sip_endpoint_id: str
    #: the Contact URI the endpoint registered
    contact: str
    #: where the edge sends calls for it (``udp:203.0.113.7:5060``)
    target: str
    #: where the REGISTER came from
    source: str
    user_agent: str
    expire_time: Timestamp
    create_time: Timestamp
    update_time: Timestamp | None


def registration_out(row: SipRegistration) -> RegistrationOut:
    return RegistrationOut(
        sip_endpoint_id=row.sip_endpoint_id,
        contact=row.contact,
        target=row.target,
        source=row.source,
        user_agent=row.user_agent,
        expire_time=row.expire_time,
        create_time=row.create_time,
        update_time=row.update_time,
    )


class RegistrationService:
    async def find(
        self, scope: ProjectScope, trunk_id: str, endpoint_id: str, page: PageRequest
    ) -> Page[SipRegistration]:
        """The endpoint's live bindings (not expired), latest expiry first."""
        endpoint = await sip_endpoint_service.get(scope, trunk_id, endpoint_id)
        statement = (
            select(SipRegistration)
            .where(
                SipRegistration.sip_endpoint_id == endpoint.id,
                SipRegistration.expire_time > scope.now,
            )
            .order_by(SipRegistration.expire_time.desc(), SipRegistration.id)
        )
        return await paginate(scope.session, statement, page)


registration_service = RegistrationService()
