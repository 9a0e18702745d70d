"""``client.projects``: other projects this project manages trunks for."""

from __future__ import annotations

from collections.abc import Sequence

from opentrunk.sdk._async.resources._resource import AsyncResource
from opentrunk.sdk._envelopes import AddedProjects
from opentrunk.sdk._request import APIRequest, body

__all__ = ["AsyncProjects"]


class AsyncProjects(AsyncResource):
    async def add(self, project_ids: Sequence[str]) -> list[str]:
        """Add projects to Elastic SIP Trunking; returns those that were new.

        Example::

            added = await client.projects.add(["d1923022-5199-4bb3-a513-c4757a656bc5"])
        """
        payload = body(projectIds=list(project_ids))
        request = APIRequest("POST", "trunking", "/addProjects", json=payload)
        return (await self._transport.fetch(request, AddedProjects)).added_projects
