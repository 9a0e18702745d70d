"""Retries, against a transport that fails on purpose; the sleep is injected, so the
test sees every delay and never waits."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from opentrunk.sdk import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncClient,
    InternalServerError,
    RateLimitError,
)

TRUNK = {"id": "01HA2E80QCBX185VVP21PJG9CT", "name": "T", "hostName": "t"}


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class Script:
    """Answers requests with the given outcomes in turn (a status, a response, or an
    exception to raise), and counts the attempts per path."""

    def __init__(self, *outcomes: int | httpx.Response | Exception) -> None:
        self.outcomes = list(outcomes)
        self.attempts: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.attempts.append(f"{request.method} {request.url.path.rsplit('/', 1)[-1]}")
        if request.url.path == "/oauth2/token":
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        outcome = self.outcomes.pop(0) if self.outcomes else 200
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, httpx.Response):
            return outcome
        return httpx.Response(outcome, json=TRUNK if outcome < 300 else {"code": outcome})


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def make(sleeps: Sleeps) -> Callable[..., AsyncClient]:
    def build(script: Script, **options: object) -> AsyncClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(script))
        defaults: dict[str, object] = {
            "project_id": "p",
            "key_id": "k",
            "key_secret": "s",
            "auth": "basic",
            "base_url": "http://sinch.test",
            "http_client": http,
            "sleep": sleeps,
        }
        return AsyncClient(**{**defaults, **options})  # type: ignore[arg-type]

    return build


async def test_5xx_on_a_get_is_retried_with_growing_backoff(make, sleeps):
    script = Script(503, 502)
    trunk = await make(script, max_retries=3).trunks.get("x")
    assert trunk.id == TRUNK["id"]
    assert script.attempts == ["GET x"] * 3
    first, second = sleeps.delays
    assert 0.375 <= first <= 0.5
    assert 0.75 <= second <= 1.0


async def test_retries_give_up_after_max_retries(make, sleeps):
    script = Script(*[500] * 10)
    with pytest.raises(InternalServerError) as caught:
        await make(script, max_retries=6).trunks.get("x")
    assert caught.value.status_code == 500
    assert len(script.attempts) == 7
    assert len(sleeps.delays) == 6
    assert all(d <= 8.0 for d in sleeps.delays)
    assert sleeps.delays[-1] >= 6.0  # capped at 8 s, less at most 25 % jitter


async def test_5xx_on_a_post_is_not_retried(make, sleeps):
    script = Script(503)
    with pytest.raises(InternalServerError):
        await make(script).trunks.create(name="T", host_name="t")
    assert script.attempts == ["POST trunks"]
    assert sleeps.delays == []


async def test_429_is_retried_for_a_post_honouring_retry_after(make, sleeps):
    script = Script(httpx.Response(429, headers={"Retry-After": "3"}, json={}), 201)
    await make(script).trunks.create(name="T", host_name="t")
    assert script.attempts == ["POST trunks"] * 2
    assert sleeps.delays == [3.0]


async def test_retry_after_as_an_http_date(make, sleeps):
    limited = httpx.Response(
        429,
        headers={
            "Date": "Wed, 21 Oct 2026 07:28:00 GMT",
            "Retry-After": "Wed, 21 Oct 2026 07:28:05 GMT",
        },
        json={},
    )
    await make(Script(limited)).trunks.get("x")
    assert sleeps.delays == [5.0]


async def test_an_unreasonable_retry_after_falls_back_to_backoff(make, sleeps):
    script = Script(httpx.Response(429, headers={"Retry-After": "3600"}, json={}))
    await make(script).trunks.get("x")
    assert 0.375 <= sleeps.delays[0] <= 0.5


async def test_429_without_retries_left_is_a_rate_limit_error(make):
    with pytest.raises(RateLimitError):
        await make(Script(429, 429), max_retries=1).trunks.get("x")


async def test_connection_refused_is_retried_even_for_a_post(make, sleeps):
    script = Script(httpx.ConnectError("refused"), 201)
    await make(script).trunks.create(name="T", host_name="t")
    assert script.attempts == ["POST trunks"] * 2
    assert len(sleeps.delays) == 1


async def test_a_lost_post_is_not_sent_again(make):
    script = Script(httpx.ReadTimeout("slow"))
    with pytest.raises(APITimeoutError):
        await make(script).trunks.create(name="T", host_name="t")
    assert script.attempts == ["POST trunks"]


async def test_a_lost_get_is_sent_again(make):
    script = Script(httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("reset"))
    await make(script).trunks.get("x")
    assert script.attempts == ["GET x"] * 3


async def test_connection_errors_without_retries_left(make):
    with pytest.raises(APIConnectionError) as caught:
        await make(Script(httpx.ConnectError("refused")), max_retries=0).trunks.get("x")
    assert not isinstance(caught.value, APITimeoutError)
    assert "refused" in caught.value.message


async def test_the_token_request_is_retried_on_429(make, sleeps):
    answers = [httpx.Response(429, json={}), httpx.Response(200, json={"access_token": "tok"})]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/oauth2/token":
            return answers.pop(0)
        assert request.headers["authorization"] == "Bearer tok"
        return httpx.Response(200, json=TRUNK)

    client = make(handler, auth="oauth2")  # type: ignore[arg-type]
    await client.trunks.get("x")
    assert seen == ["/oauth2/token", "/oauth2/token", "/v1/projects/p/trunks/x"]
    assert len(sleeps.delays) == 1


async def test_a_body_that_does_not_fit_the_model(make):
    script = Script(httpx.Response(200, content=json.dumps({"name": "no id"}).encode()))
    with pytest.raises(APIResponseValidationError) as caught:
        await make(script).trunks.get("x")
    assert "Trunk" in caught.value.message
