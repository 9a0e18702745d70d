"""``client.projects``."""

from __future__ import annotations

from opentrunk.sdk import AsyncClient


async def test_add_returns_the_new_ones(client: AsyncClient):
    project = "d1923022-5199-4bb3-a513-c4757a656bc5"
    assert await client.projects.add([project]) == [project]
    assert await client.projects.add([project]) == []
