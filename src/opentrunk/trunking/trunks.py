"""Trunks, and their links to access control lists and credential lists."""

from __future__ import annotations

from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError

from opentrunk.errors import (
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
)
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import (
    AccessControlList,
    CredentialList,
    PhoneNumber,
    Trunk,
    TrunkAccessControlList,
    TrunkCredentialList,
)
from opentrunk.trunking.repository import get_owned, paginate
from opentrunk.trunking.schemas import TrunkInput, TrunkOut
from opentrunk.trunking.scope import ProjectScope

__all__ = ["MAX_CALLS_PER_SECOND", "TrunkService", "trunk_out", "trunk_service"]

#: The highest ``callsPerSecond`` an operator may set (the SIP edge's token bucket holds
#: that many tokens).
MAX_CALLS_PER_SECOND = 1_000_000


def trunk_out(trunk: Trunk) -> TrunkOut:
    return TrunkOut(
        id=trunk.id,
        project_id=trunk.project_id,
        name=trunk.name,
        host_name=trunk.host_name,
        top_level_domain=trunk.top_level_domain,
        domain=f"{trunk.host_name}.{trunk.top_level_domain}",
        calls_per_second=trunk.calls_per_second,
        enable_caller_name=trunk.enable_caller_name,
        enable_call_forward=trunk.enable_call_forward,
        call_forward_number=trunk.call_forward_number,
        create_time=trunk.create_time,
        update_time=trunk.update_time,
    )


def _host_name_taken(host_name: str) -> AlreadyExists:
    return AlreadyExists(
        f"hostName '{host_name}' is already in use; trunk domains are unique",
        reason="HOST_NAME_TAKEN",
        violations=[FieldViolation("hostName", "already in use")],
    )


class TrunkService:
    async def create(self, scope: ProjectScope, data: TrunkInput) -> Trunk:
        await self._ensure_host_name_free(scope, data.host_name, None)
        trunk = Trunk(
            id=new_ulid(),
            project_id=scope.project_id,
            name=data.name,
            host_name=data.host_name,
            top_level_domain=scope.settings.domain_suffix,
            calls_per_second=1,
            enable_caller_name=data.enable_caller_name,
            enable_call_forward=data.enable_call_forward,
            call_forward_number=data.call_forward_number or "",
            create_time=scope.now,
        )
        scope.session.add(trunk)
        await self._flush_unique(scope, data.host_name)
        scope.mark_config_changed()
        return trunk

    async def get(self, scope: ProjectScope, trunk_id: str) -> Trunk:
        return await get_owned(scope.session, Trunk, scope.project_id, trunk_id, "Trunk")

    async def find(self, scope: ProjectScope, page: PageRequest, domain: str | None) -> Page[Trunk]:
        statement = select(Trunk).where(Trunk.project_id == scope.project_id)
        if domain:
            host, _, tld = domain.strip().lower().partition(".")
            statement = statement.where(Trunk.host_name == host, Trunk.top_level_domain == tld)
        return await paginate(scope.session, statement.order_by(Trunk.id), page)

    async def update(self, scope: ProjectScope, trunk_id: str, data: TrunkInput) -> Trunk:
        trunk = await self.get(scope, trunk_id)
        if data.host_name != trunk.host_name:
            await self._ensure_host_name_free(scope, data.host_name, trunk.id)
        trunk.name = data.name
        trunk.host_name = data.host_name
        trunk.enable_caller_name = data.enable_caller_name
        trunk.enable_call_forward = data.enable_call_forward
        trunk.call_forward_number = data.call_forward_number or ""
        trunk.update_time = scope.now
        await self._flush_unique(scope, data.host_name)
        scope.mark_config_changed()
        return trunk

    async def set_calls_per_second(
        self, scope: ProjectScope, trunk_id: str, calls_per_second: int
    ) -> Trunk:
        """The operator's change of a trunk's ``callsPerSecond`` (read-only in the EST
        API: Sinch sets it on request). The SIP edge reloads the project and enforces the
        new limit from its next call."""
        if not 1 <= calls_per_second <= MAX_CALLS_PER_SECOND:
            raise InvalidArgument(
                f"callsPerSecond must be between 1 and {MAX_CALLS_PER_SECOND:,}",
                violations=[
                    FieldViolation("callsPerSecond", f"must be 1 to {MAX_CALLS_PER_SECOND}")
                ],
            )
        trunk = await self.get(scope, trunk_id)
        trunk.calls_per_second = calls_per_second
        trunk.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return trunk

    async def delete(self, scope: ProjectScope, trunk_id: str) -> None:
        trunk = await self.get(scope, trunk_id)
        numbers = await scope.session.scalar(
            select(func.count()).where(PhoneNumber.sip_trunk_id == trunk.id)
        )
        if numbers:
            raise FailedPrecondition(
                f"Cannot delete SIP Trunk {trunk.id} when there are phone numbers assigned "
                f"({numbers}); unassign them first",
                reason="TRUNK_HAS_PHONE_NUMBERS",
            )
        await scope.session.delete(trunk)
        await scope.session.flush()
        scope.mark_config_changed()

    # --- ACL links ---------------------------------------------------------------------

    async def add_access_control_lists(
        self, scope: ProjectScope, trunk_id: str, acl_ids: list[str]
    ) -> list[str]:
        trunk = await self.get(scope, trunk_id)
        await self._require_owned(scope, AccessControlList, acl_ids, "accessControlListIds")
        linked = set(
            await scope.session.scalars(
                select(TrunkAccessControlList.access_control_list_id).where(
                    TrunkAccessControlList.trunk_id == trunk.id
                )
            )
        )
        for acl_id in dict.fromkeys(acl_ids):
            if acl_id not in linked:
                scope.session.add(
                    TrunkAccessControlList(
                        trunk_id=trunk.id, access_control_list_id=acl_id, create_time=scope.now
                    )
                )
        await scope.session.flush()
        scope.mark_config_changed()
        return list(dict.fromkeys(acl_ids))

    async def list_access_control_lists(
        self, scope: ProjectScope, trunk_id: str, page: PageRequest
    ) -> Page[str]:
        trunk = await self.get(scope, trunk_id)
        statement = (
            select(TrunkAccessControlList.access_control_list_id)
            .where(TrunkAccessControlList.trunk_id == trunk.id)
            .order_by(TrunkAccessControlList.access_control_list_id)
        )
        return await paginate(scope.session, statement, page)

    async def remove_access_control_list(
        self, scope: ProjectScope, trunk_id: str, acl_id: str
    ) -> None:
        trunk = await self.get(scope, trunk_id)
        await get_owned(
            scope.session, AccessControlList, scope.project_id, acl_id, "Access control list"
        )
        await scope.session.execute(
            delete(TrunkAccessControlList).where(
                TrunkAccessControlList.trunk_id == trunk.id,
                TrunkAccessControlList.access_control_list_id == acl_id,
            )
        )
        scope.mark_config_changed()

    # --- credential-list links ---------------------------------------------------------

    async def add_credential_lists(
        self, scope: ProjectScope, trunk_id: str, list_ids: list[str]
    ) -> list[str]:
        trunk = await self.get(scope, trunk_id)
        await self._require_owned(scope, CredentialList, list_ids, "credentialListIds")
        linked = set(await self._credential_list_ids(scope, trunk.id))
        for list_id in dict.fromkeys(list_ids):
            if list_id not in linked:
                scope.session.add(
                    TrunkCredentialList(
                        trunk_id=trunk.id, credential_list_id=list_id, create_time=scope.now
                    )
                )
        await scope.session.flush()
        scope.mark_config_changed()
        return list(dict.fromkeys(list_ids))

    async def replace_credential_lists(
        self, scope: ProjectScope, trunk_id: str, list_ids: list[str]
    ) -> list[str]:
        trunk = await self.get(scope, trunk_id)
        await self._require_owned(scope, CredentialList, list_ids, "credentialListIds")
        await scope.session.execute(
            delete(TrunkCredentialList).where(TrunkCredentialList.trunk_id == trunk.id)
        )
        for list_id in dict.fromkeys(list_ids):
            scope.session.add(
                TrunkCredentialList(
                    trunk_id=trunk.id, credential_list_id=list_id, create_time=scope.now
                )
            )
        await scope.session.flush()
        scope.mark_config_changed()
        return list(dict.fromkeys(list_ids))

    async def list_credential_lists(
        self, scope: ProjectScope, trunk_id: str, page: PageRequest, descending: bool = False
    ) -> Page[CredentialList]:
        trunk = await self.get(scope, trunk_id)
        order = CredentialList.id.desc() if descending else CredentialList.id
        statement = (
            select(CredentialList)
            .join(TrunkCredentialList, TrunkCredentialList.credential_list_id == CredentialList.id)
            .where(TrunkCredentialList.trunk_id == trunk.id)
            .order_by(order)
        )
        return await paginate(scope.session, statement, page)

    async def remove_credential_list(
        self, scope: ProjectScope, trunk_id: str, list_id: str
    ) -> None:
        trunk = await self.get(scope, trunk_id)
        await get_owned(scope.session, CredentialList, scope.project_id, list_id, "Credential list")
        await scope.session.execute(
            delete(TrunkCredentialList).where(
                TrunkCredentialList.trunk_id == trunk.id,
                TrunkCredentialList.credential_list_id == list_id,
            )
        )
        scope.mark_config_changed()

    # --- helpers -----------------------------------------------------------------------

    async def _credential_list_ids(self, scope: ProjectScope, trunk_id: str) -> list[str]:
        return list(
            await scope.session.scalars(
                select(TrunkCredentialList.credential_list_id).where(
                    TrunkCredentialList.trunk_id == trunk_id
                )
            )
        )

    async def _require_owned(
        self,
        scope: ProjectScope,
        model: type[AccessControlList] | type[CredentialList],
        ids: list[str],
        field: str,
    ) -> None:
        if not ids:
            return
        found = set(
            await scope.session.scalars(
                select(model.id).where(model.id.in_(ids), model.project_id == scope.project_id)
            )
        )
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(
                f"Not found in this project: {', '.join(missing)}",
                violations=[FieldViolation(field, f"unknown id {i}") for i in missing],
            )

    async def _ensure_host_name_free(
        self, scope: ProjectScope, host_name: str, own_id: str | None
    ) -> None:
        clash = select(Trunk.id).where(Trunk.host_name == host_name)
        if own_id is not None:
            clash = clash.where(Trunk.id != own_id)
        if await scope.session.scalar(select(exists(clash))):
            raise _host_name_taken(host_name)

    async def _flush_unique(self, scope: ProjectScope, host_name: str) -> None:
        try:
            await scope.session.flush()
        except IntegrityError:
            # Lost a race with another node creating the same hostName.
            raise _host_name_taken(host_name) from None


trunk_service = TrunkService()
