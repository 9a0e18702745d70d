"""SIP endpoints of a trunk: static (address/port) or registered (REGISTER bindings)."""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.errors import NotFound
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import SipEndpoint
from opentrunk.trunking.credentials import credential_list_service
from opentrunk.trunking.repository import paginate
from opentrunk.trunking.schemas import SipEndpointInput, SipEndpointOut
from opentrunk.trunking.scope import ProjectScope
from opentrunk.trunking.trunks import trunk_service

__all__ = ["SipEndpointService", "endpoint_out", "sip_endpoint_service"]


def endpoint_out(row: SipEndpoint) -> SipEndpointOut:
    return SipEndpointOut(
        id=row.id,
        sip_trunk_id=row.sip_trunk_id,
        project_id=row.project_id,
        name=row.name,
        address=row.address,
        port=row.port,
        transport=row.transport,
        priority=row.priority,
        enabled=row.enabled,
        is_registered=row.is_registered,
        credential_username=row.credential_username,
        create_time=row.create_time,
        update_time=row.update_time,
    )


class SipEndpointService:
    async def create(
        self, scope: ProjectScope, trunk_id: str, data: SipEndpointInput
    ) -> SipEndpoint:
        trunk = await trunk_service.get(scope, trunk_id)
        await self._check_username(scope, data)
        row = SipEndpoint(
            id=new_ulid(), sip_trunk_id=trunk.id, project_id=scope.project_id, create_time=scope.now
        )
        self._apply(row, data)
        scope.session.add(row)
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def get(self, scope: ProjectScope, trunk_id: str, endpoint_id: str) -> SipEndpoint:
        trunk = await trunk_service.get(scope, trunk_id)
        row = await scope.session.get(SipEndpoint, endpoint_id)
        if row is None or row.sip_trunk_id != trunk.id:
            raise NotFound(f"SIP endpoint '{endpoint_id}' not found on trunk '{trunk_id}'")
        return row

    async def find(
        self, scope: ProjectScope, trunk_id: str, page: PageRequest
    ) -> Page[SipEndpoint]:
        trunk = await trunk_service.get(scope, trunk_id)
        statement = (
            select(SipEndpoint).where(SipEndpoint.sip_trunk_id == trunk.id).order_by(SipEndpoint.id)
        )
        return await paginate(scope.session, statement, page)

    async def update(
        self, scope: ProjectScope, trunk_id: str, endpoint_id: str, data: SipEndpointInput
    ) -> SipEndpoint:
        row = await self.get(scope, trunk_id, endpoint_id)
        await self._check_username(scope, data)
        self._apply(row, data)
        row.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def delete(self, scope: ProjectScope, trunk_id: str, endpoint_id: str) -> None:
        row = await self.get(scope, trunk_id, endpoint_id)
        await scope.session.delete(row)
        await scope.session.flush()
        scope.mark_config_changed()

    @staticmethod
    def _apply(row: SipEndpoint, data: SipEndpointInput) -> None:
        row.name = data.name
        row.priority = data.priority
        row.enabled = data.enabled
        row.transport = data.transport
        row.port = data.port
        row.is_registered = data.is_registered
        row.address = None if data.is_registered else data.address
        row.credential_username = data.username if data.is_registered else None

    @staticmethod
    async def _check_username(scope: ProjectScope, data: SipEndpointInput) -> None:
        username = data.username
        if (
            data.is_registered
            and username is not None
            and not await credential_list_service.username_exists(scope, username)
        ):
            raise NotFound(
                f"Credential username '{username}' is not in any credential list of this project",
                reason="CREDENTIAL_NOT_FOUND",
            )


sip_endpoint_service = SipEndpointService()
