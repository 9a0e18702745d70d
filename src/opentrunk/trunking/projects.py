"""``/addProjects``: bring further projects under the caller's EST account. The caller's
access key may then act on them; projects EST already knows are ignored."""

from __future__ import annotations

from sqlalchemy import select

from opentrunk.store.models import Project
from opentrunk.trunking.scope import ProjectScope

__all__ = ["ProjectService", "project_service"]


class ProjectService:
    async def add(self, scope: ProjectScope, project_ids: list[str]) -> list[str]:
        wanted = list(dict.fromkeys(p.strip() for p in project_ids if p.strip()))
        known = set(await scope.session.scalars(select(Project.id).where(Project.id.in_(wanted))))
        added = [p for p in wanted if p not in known]
        scope.session.add_all(
            Project(id=p, parent_id=scope.project_id, create_time=scope.now) for p in added
        )
        await scope.session.flush()
        return added


project_service = ProjectService()
