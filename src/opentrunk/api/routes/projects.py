"""``/addProjects``."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic_core import to_json
from starlette.responses import Response

from opentrunk.api.deps import WriteScope
from opentrunk.trunking.projects import project_service
from opentrunk.trunking.schemas import AddProjectsRequest

router = APIRouter(prefix="/v1/projects/{projectId}", tags=["Projects"])


@router.post("/addProjects", operation_id="addEstProjects")
async def add_projects(scope: WriteScope, body: AddProjectsRequest) -> Response:
    added = await project_service.add(scope, body.project_ids)
    return Response(to_json({"addedProjects": added}), media_type="application/json")
