"""Country permissions: which destination countries a project may call (project-wide).
Only changed countries have a row; the rest follow the default (US and CA enabled)."""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.errors import NotFound
from opentrunk.kit.countries import ALL_COUNTRIES, DEFAULT_ENABLED, Country, country
from opentrunk.store.models import CountryPermission
from opentrunk.trunking.schemas import CountryPermissionOut
from opentrunk.trunking.scope import ProjectScope

__all__ = ["CountryPermissionService", "country_permission_service", "permission_out"]


def permission_out(item: Country, enabled: bool) -> CountryPermissionOut:
    return CountryPermissionOut(
        iso_code=item.iso_code,
        name=item.name,
        continent=item.continent,
        country_dialing_codes=list(item.dialing_codes),
        enabled=enabled,
    )


class CountryPermissionService:
    async def enabled_map(self, scope: ProjectScope) -> dict[str, bool]:
        rows = await scope.session.scalars(
            select(CountryPermission).where(CountryPermission.project_id == scope.project_id)
        )
        overrides = {row.iso_code: row.enabled for row in rows}
        return {
            c.iso_code: overrides.get(c.iso_code, c.iso_code in DEFAULT_ENABLED)
            for c in ALL_COUNTRIES
        }

    async def find(self, scope: ProjectScope) -> list[CountryPermissionOut]:
        enabled = await self.enabled_map(scope)
        return [permission_out(c, enabled[c.iso_code]) for c in ALL_COUNTRIES]

    async def get(self, scope: ProjectScope, iso_code: str) -> CountryPermissionOut:
        item = self._country(iso_code)
        row = await scope.session.get(CountryPermission, (scope.project_id, item.iso_code))
        return permission_out(item, row.enabled if row else item.iso_code in DEFAULT_ENABLED)

    async def update(
        self, scope: ProjectScope, iso_code: str, enabled: bool
    ) -> CountryPermissionOut:
        item = self._country(iso_code)
        row = await scope.session.get(CountryPermission, (scope.project_id, item.iso_code))
        if row is None:
            row = CountryPermission(
                project_id=scope.project_id,
                iso_code=item.iso_code,
                enabled=enabled,
                update_time=scope.now,
            )
            scope.session.add(row)
        else:
            row.enabled = enabled
            row.update_time = scope.now
        await scope.session.flush()
        scope.mark_config_changed()
        return permission_out(item, enabled)

    @staticmethod
    def _country(iso_code: str) -> Country:
        item = country(iso_code) if len(iso_code) == 2 else None
        if item is None:
            raise NotFound(f"'{iso_code}' is not a country code this service knows")
        return item


country_permission_service = CountryPermissionService()
