"""Access control lists and their IP ranges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, func, select

from opentrunk.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound
from opentrunk.kit.cidr import InvalidRange, parse_ipv4_range
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import AccessControlList, IpRange, Trunk, TrunkAccessControlList
from opentrunk.trunking.repository import get_owned, paginate
from opentrunk.trunking.schemas import (
    AccessControlListInput,
    AccessControlListOut,
    AccessControlListUpdate,
    IpRangeInput,
    IpRangeOut,
)
from opentrunk.trunking.scope import ProjectScope

__all__ = ["AclService", "acl_out", "acl_service", "ip_range_out"]


def ip_range_out(row: IpRange) -> IpRangeOut:
    return IpRangeOut(
        id=row.id,
        access_control_list_id=row.access_control_list_id,
        project_id=row.project_id,
        description=row.description,
        ip_address=row.ip_address,
        range=row.range,
        create_time=row.create_time,
        update_time=row.update_time,
    )


def acl_out(acl: AccessControlList, ranges: Sequence[IpRange]) -> AccessControlListOut:
    return AccessControlListOut(
        id=acl.id,
        project_id=acl.project_id,
        name=acl.name,
        enabled=acl.enabled,
        ip_ranges=[ip_range_out(r) for r in ranges],
        create_time=acl.create_time,
        update_time=acl.update_time,
    )


def _validated(data: IpRangeInput, field: str) -> tuple[str, int]:
    try:
        network = parse_ipv4_range(data.ip_address, data.range)
    except InvalidRange as exc:
        raise InvalidArgument(str(exc), violations=[FieldViolation(field, str(exc))]) from None
    return str(network.network_address), network.prefixlen


class AclService:
    async def create(
        self, scope: ProjectScope, data: AccessControlListInput
    ) -> tuple[AccessControlList, list[IpRange]]:
        checked = [_validated(r, f"ipRanges[{i}]") for i, r in enumerate(data.ip_ranges)]
        acl = AccessControlList(
            id=new_ulid(),
            project_id=scope.project_id,
            name=data.name,
            enabled=data.enabled,
            create_time=scope.now,
        )
        scope.session.add(acl)
        await scope.session.flush()  # no ORM relationships: parents go in first
        ranges = self._new_ranges(scope, acl.id, data.ip_ranges, checked)
        await scope.session.flush()
        return acl, ranges

    async def get(
        self, scope: ProjectScope, acl_id: str
    ) -> tuple[AccessControlList, list[IpRange]]:
        acl = await self._get(scope, acl_id)
        return acl, (await self._ranges_of(scope, [acl.id]))[acl.id]

    async def find(
        self, scope: ProjectScope, page: PageRequest
    ) -> tuple[Page[AccessControlList], dict[str, list[IpRange]]]:
        statement = (
            select(AccessControlList)
            .where(AccessControlList.project_id == scope.project_id)
            .order_by(AccessControlList.id)
        )
        result = await paginate(scope.session, statement, page)
        return result, await self._ranges_of(scope, [a.id for a in result.items])

    async def update(
        self, scope: ProjectScope, acl_id: str, data: AccessControlListUpdate
    ) -> tuple[AccessControlList, list[IpRange]]:
        acl = await self._get(scope, acl_id)
        acl.name = data.name
        acl.enabled = data.enabled
        acl.update_time = scope.now
        if data.ip_ranges is not None:
            checked = [_validated(r, f"ipRanges[{i}]") for i, r in enumerate(data.ip_ranges)]
            await scope.session.execute(
                delete(IpRange).where(IpRange.access_control_list_id == acl.id)
            )
            self._new_ranges(scope, acl.id, data.ip_ranges, checked)
        await scope.session.flush()
        scope.mark_config_changed()
        return acl, (await self._ranges_of(scope, [acl.id]))[acl.id]

    async def delete(self, scope: ProjectScope, acl_id: str) -> None:
        acl = await self._get(scope, acl_id)
        links = await scope.session.scalar(
            select(func.count()).where(TrunkAccessControlList.access_control_list_id == acl.id)
        )
        if links:
            raise FailedPrecondition(
                "Access Control List cannot be deleted while attached to a SIP Trunk; "
                "remove it from the trunk first",
                reason="ACL_ATTACHED_TO_TRUNK",
            )
        await scope.session.delete(acl)
        await scope.session.flush()

    async def trunks(self, scope: ProjectScope, acl_id: str, page: PageRequest) -> Page[Trunk]:
        acl = await self._get(scope, acl_id)
        statement = (
            select(Trunk)
            .join(TrunkAccessControlList, TrunkAccessControlList.trunk_id == Trunk.id)
            .where(TrunkAccessControlList.access_control_list_id == acl.id)
            .order_by(Trunk.id)
        )
        return await paginate(scope.session, statement, page)

    # --- IP ranges ---------------------------------------------------------------------

    async def add_range(self, scope: ProjectScope, acl_id: str, data: IpRangeInput) -> IpRange:
        acl = await self._get(scope, acl_id)
        checked = _validated(data, "ipAddress")
        (row,) = self._new_ranges(scope, acl.id, [data], [checked])
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def list_ranges(
        self, scope: ProjectScope, acl_id: str, page: PageRequest
    ) -> Page[IpRange]:
        acl = await self._get(scope, acl_id)
        statement = (
            select(IpRange).where(IpRange.access_control_list_id == acl.id).order_by(IpRange.id)
        )
        return await paginate(scope.session, statement, page)

    async def update_range(
        self, scope: ProjectScope, acl_id: str, range_id: str, data: IpRangeInput
    ) -> IpRange:
        row = await self._get_range(scope, acl_id, range_id)
        row.ip_address, row.range = _validated(data, "ipAddress")
        row.description = data.description
        row.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return row

    async def delete_range(self, scope: ProjectScope, acl_id: str, range_id: str) -> None:
        row = await self._get_range(scope, acl_id, range_id)
        await scope.session.delete(row)
        await scope.session.flush()
        scope.mark_config_changed()

    # --- helpers -----------------------------------------------------------------------

    async def _get(self, scope: ProjectScope, acl_id: str) -> AccessControlList:
        return await get_owned(
            scope.session, AccessControlList, scope.project_id, acl_id, "Access control list"
        )

    async def _get_range(self, scope: ProjectScope, acl_id: str, range_id: str) -> IpRange:
        acl = await self._get(scope, acl_id)
        row = await scope.session.get(IpRange, range_id)
        if row is None or row.access_control_list_id != acl.id:
            raise NotFound(f"IP range '{range_id}' not found in access control list '{acl_id}'")
        return row

    def _new_ranges(
        self,
        scope: ProjectScope,
        acl_id: str,
        inputs: Sequence[IpRangeInput],
        checked: Sequence[tuple[str, int]],
    ) -> list[IpRange]:
        rows = [
            IpRange(
                id=new_ulid(),
                access_control_list_id=acl_id,
                project_id=scope.project_id,
                description=data.description,
                ip_address=address,
                range=prefix,
                create_time=scope.now,
            )
            for data, (address, prefix) in zip(inputs, checked, strict=True)
        ]
        scope.session.add_all(rows)
        return rows

    async def _ranges_of(self, scope: ProjectScope, acl_ids: list[str]) -> dict[str, list[IpRange]]:
        grouped: dict[str, list[IpRange]] = defaultdict(list)
        if acl_ids:
            rows = await scope.session.scalars(
                select(IpRange)
                .where(IpRange.access_control_list_id.in_(acl_ids))
                .order_by(IpRange.id)
            )
            for row in rows:
                grouped[row.access_control_list_id].append(row)
        return {acl_id: grouped[acl_id] for acl_id in acl_ids}


acl_service = AclService()
