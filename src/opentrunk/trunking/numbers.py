"""Phone numbers (DIDs) assigned to trunks.

A number routes to at most one trunk across every project, so assigning a number that
another project holds is a conflict, not a silent move.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from opentrunk.errors import AlreadyExists, FieldViolation, InvalidArgument, NotFound
from opentrunk.kit.e164 import country_of, is_e164, normalise_e164
from opentrunk.kit.ids import new_ulid
from opentrunk.kit.pagination import Page, PageRequest
from opentrunk.store.models import PhoneNumber
from opentrunk.trunking.repository import paginate
from opentrunk.trunking.schemas import PhoneNumberOut
from opentrunk.trunking.scope import ProjectScope
from opentrunk.trunking.trunks import trunk_service

__all__ = ["PhoneNumberService", "phone_number_out", "phone_number_service"]


def phone_number_out(row: PhoneNumber) -> PhoneNumberOut:
    return PhoneNumberOut(
        id=row.id,
        sip_trunk_id=row.sip_trunk_id,
        phone_number=row.phone_number,
        country_code=row.country_code,
        create_time=row.create_time,
        update_time=row.update_time,
    )


def _path_number(raw: str) -> str:
    number = normalise_e164(raw)
    if not is_e164(number):
        raise InvalidArgument(
            f"'{raw}' is not an E.164 number (for example +15551234567)",
            violations=[FieldViolation("phoneNumber", "not E.164")],
        )
    return number


def _taken(number: str) -> AlreadyExists:
    return AlreadyExists(
        f"{number} is already assigned to a SIP trunk", reason="PHONE_NUMBER_ALREADY_ASSIGNED"
    )


class PhoneNumberService:
    async def assign(self, scope: ProjectScope, number: str, trunk_id: str) -> PhoneNumber:
        """Assign ``number`` to the trunk (moving it between trunks of this project is
        allowed; a number held by another project is a conflict)."""
        trunk = await trunk_service.get(scope, trunk_id)
        row = await scope.session.scalar(
            select(PhoneNumber).where(PhoneNumber.phone_number == number)
        )
        if row is not None:
            if row.project_id != scope.project_id:
                raise _taken(number)
            if row.sip_trunk_id != trunk.id:
                row.sip_trunk_id = trunk.id
                row.update_time = scope.now
        else:
            row = PhoneNumber(
                id=new_ulid(),
                project_id=scope.project_id,
                sip_trunk_id=trunk.id,
                phone_number=number,
                country_code=country_of(number),
                create_time=scope.now,
            )
            scope.session.add(row)
        try:
            await scope.session.flush()
        except IntegrityError:
            raise _taken(number) from None
        scope.mark_config_changed()
        return row

    async def unassign(self, scope: ProjectScope, raw_number: str) -> None:
        row = await self.get(scope, raw_number)
        await scope.session.delete(row)
        await scope.session.flush()
        scope.mark_config_changed()

    async def get(self, scope: ProjectScope, raw_number: str) -> PhoneNumber:
        number = _path_number(raw_number)
        row = await scope.session.scalar(
            select(PhoneNumber).where(
                PhoneNumber.phone_number == number, PhoneNumber.project_id == scope.project_id
            )
        )
        if row is None:
            raise NotFound(f"Phone number {number} is not assigned to a trunk of this project")
        return row

    async def find(
        self,
        scope: ProjectScope,
        page: PageRequest,
        *,
        trunk_id: str | None = None,
        descending: bool = False,
        order_by: str = "id",
    ) -> Page[PhoneNumber]:
        column = {
            "id": PhoneNumber.id,
            "phoneNumber": PhoneNumber.phone_number,
            "createTime": PhoneNumber.create_time,
            "countryCode": PhoneNumber.country_code,
        }[order_by]
        statement = select(PhoneNumber).where(PhoneNumber.project_id == scope.project_id)
        if trunk_id:
            statement = statement.where(PhoneNumber.sip_trunk_id == trunk_id)
        statement = statement.order_by(column.desc() if descending else column, PhoneNumber.id)
        return await paginate(scope.session, statement, page)


phone_number_service = PhoneNumberService()
