"""What the Imported Numbers & Hosting Orders routes share: the project scope as a
hosting scope (same authentication, tenancy and one commit point as the EST routes),
and the list parameters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from opentrunk.api.deps import ReadScope, State, WriteScope
from opentrunk.hosting.listing import Ordering, Window, ordering, window
from opentrunk.hosting.scope import HostingScope

__all__ = ["HostingRead", "HostingWrite", "ListOrder", "ListWindow"]


async def _read(scope: ReadScope, state: State) -> HostingScope:
    return HostingScope(scope.session, scope.project_id, scope.now, state.hosting)


async def _write(scope: WriteScope, state: State) -> HostingScope:
    return HostingScope(scope.session, scope.project_id, scope.now, state.hosting)


HostingRead = Annotated[HostingScope, Depends(_read)]
HostingWrite = Annotated[HostingScope, Depends(_write)]


async def _window(
    pageSize: Annotated[str | None, Query()] = None,
    pageToken: Annotated[str | None, Query()] = None,
) -> Window:
    return window(pageSize, pageToken)


async def _order(orderBy: Annotated[str | None, Query()] = None) -> Ordering:
    return ordering(orderBy)


ListWindow = Annotated[Window, Depends(_window)]
ListOrder = Annotated[Ordering, Depends(_order)]
