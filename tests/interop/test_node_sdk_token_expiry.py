"""The official Sinch Node SDK recovers from an expired access token the way it does
against Sinch: opentrunk answers a call with an expired JWT 401 with ``WWW-Authenticate:
Bearer error="invalid_token", error_description="The access token expired"``, and the
SDK fetches a new token and retries the call once.

That logic is in ``@sinch/sdk-client`` 1.5.0 (what ``@sinch/sdk-core`` 1.4.0 resolves
to in ``node/package-lock.json``): ``ApiFetchClient.sinchFetch`` and ``isTokenExpired``
(``dist/client/api-fetch-client.js``) retry on ``401`` with ``expired`` in
``WWW-Authenticate``, after ``manageExpiredToken`` (``dist/client/api-client-helpers.js``)
cleared the cached JWT (``Oauth2TokenRequest.clearCachedToken``, only if the cache still
holds the failing one) and fetched a new one. The SDK also refreshes a minute before the
JWT's ``exp``, but by the real clock: the sandbox clock, which the script moves past the
token's 3600 s lifetime (``POST /sandbox/clock:advance``), leaves that clock alone, so
the SDK sends the old token and only the server's 401 makes it refresh.

One Node process (``node/token-expiry.mjs``) and one ``SinchClient``: a call gets a
token; the clock moves 3601 s; the next call (a list, a create with a JSON body, a CSV
export, then two calls at once) is refused and retried on a new token. The script
records every request the SDK sends; here each step's requests are checked, and each
replaced token is shown refused (401 ``expired``) by a direct call.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import PROJECT_ID
from tests.interop.conftest import (
    NodeSdk,
    Server,
    run_node_script,
    start_server,
    stop_if_running,
)

pytestmark = pytest.mark.interop

SCRIPT = "token-expiry.mjs"
TOKEN_TTL_SECONDS = 3600  # the server's default access-token lifetime
ADVANCE_SECONDS = TOKEN_TTL_SECONDS + 1
SDK_REFRESH_MARGIN_SECONDS = 60  # EXPIRY_SAFETY_MARGIN_SEC in oauth2-token.request.js

TOKEN = ("POST", "/oauth2/token")
TRUNKS = f"/v1/projects/{PROJECT_ID}/trunks"
EXPORT = f"/v1/projects/{PROJECT_ID}/calls/export"
PERMISSIONS = f"/v1/projects/{PROJECT_ID}/countryPermissions"

# (method, path, status, credential: "basic" or the token's index, 401 said "expired")
Request = tuple[str, str, int, str | int | None, bool]


@dataclass
class SandboxServer:
    server: Server
    admin_token: str


@pytest.fixture
def sandbox_server(database_url: str, tmp_path: Path) -> Iterator[SandboxServer]:
    """``opentrunk serve`` with the sandbox on (also on PostgreSQL) and a known admin
    token, for ``POST /sandbox/clock:advance``."""
    admin_token = secrets.token_urlsafe(24)
    running = start_server(
        tmp_path / "data",
        database_url,
        {"OPENTRUNK_ADMIN_TOKEN": admin_token, "OPENTRUNK_SANDBOX": "true"},
    )
    try:
        yield SandboxServer(running, admin_token)
    finally:
        stop_if_running(running)


def _requests(step: dict[str, Any]) -> list[Request]:
    return [
        (
            r["method"],
            r["path"],
            r["status"],
            r["credential"],
            r["status"] == 401 and "expired" in (r["wwwAuthenticate"] or ""),
        )
        for r in step["requests"]
    ]


def _refused_then_retried(method: str, path: str, stale: int, status: int) -> list[Request]:
    """The SDK's recovery: the call with the stale token is refused 401 ``expired``, one
    token request, and the same call again with the new token."""
    return [
        (method, path, 401, stale, True),
        (*TOKEN, 200, "basic", False),
        (method, path, status, stale + 1, False),
    ]


def _epoch(rfc3339: str) -> float:
    return datetime.fromisoformat(rfc3339.replace("Z", "+00:00")).timestamp()


def test_official_node_sdk_refreshes_an_expired_token_and_retries(
    node_sdk: NodeSdk, sandbox_server: SandboxServer
) -> None:
    server = sandbox_server.server
    status, summary, stderr = run_node_script(
        node_sdk,
        SCRIPT,
        sandbox_server.server,
        OPENTRUNK_ADMIN_TOKEN=sandbox_server.admin_token,
        OPENTRUNK_ADVANCE_SECONDS=str(ADVANCE_SECONDS),
    )

    steps = {s["name"]: s for s in summary["steps"]}
    assert status == 0, (
        f"the SDK did not recover from an expired token: {summary['error']}\n"
        + "\n".join(f"{name}: {r}" for name, s in steps.items() for r in _requests(s))
        + f"\n{stderr}"
    )
    assert summary["ok"] is True
    assert summary["sdk"]["@sinch/sdk-core"] == "1.4.0"
    assert summary["sdk"]["@sinch/sdk-client"] == "1.5.0"  # the retry logic cited above
    assert list(steps) == [
        "first call", "list after expiry", "create after expiry", "export after expiry",
        "two calls at once after expiry",
    ]  # fmt: skip

    # One token, then a call with it.
    assert _requests(steps["first call"]) == [
        (*TOKEN, 200, "basic", False),
        ("GET", TRUNKS, 200, 0, False),
    ]
    # After each advance, the call with the token that just expired is refused, and the
    # same SDK instance fetches a new token and repeats the call, which succeeds.
    assert _requests(steps["list after expiry"]) == _refused_then_retried("GET", TRUNKS, 0, 200)
    assert _requests(steps["create after expiry"]) == _refused_then_retried("POST", TRUNKS, 1, 201)
    assert steps["create after expiry"]["result"]["id"]
    assert _requests(steps["export after expiry"]) == _refused_then_retried("GET", EXPORT, 2, 200)
    assert steps["export after expiry"]["result"]["header"].startswith('"Timestamp"')
    # Two calls refused at once share one new token (the SDK clears the cache only while
    # it still holds the failing token, and shares a refresh in flight).
    assert sorted(_requests(steps["two calls at once after expiry"]), key=repr) == sorted(
        [
            ("GET", TRUNKS, 401, 3, True),
            ("GET", PERMISSIONS, 401, 3, True),
            (*TOKEN, 200, "basic", False),
            ("GET", TRUNKS, 200, 4, False),
            ("GET", PERMISSIONS, 200, 4, False),
        ],
        key=repr,
    )
    token_requests = [r for s in summary["steps"] for r in _requests(s) if r[:2] == TOKEN]
    assert len(token_requests) == len(summary["tokens"]) == 5

    # The server's clock, not the SDK's, expired each token: when it was sent again, the
    # SDK's own check (by the real clock, a minute early) still took it for valid, while
    # the server's clock had moved past its exp.
    advances = summary["advances"]
    assert [a["offsetSeconds"] for a in advances] == [ADVANCE_SECONDS * n for n in (1, 2, 3, 4)]
    for n, step in enumerate(summary["steps"][1:]):
        stale = summary["tokens"][n]
        assert stale["exp"] > step["realNow"] + SDK_REFRESH_MARGIN_SECONDS, (step["name"], stale)
        assert _epoch(advances[n]["now"]) >= stale["exp"], (step["name"], stale)

    # Directly: every replaced token is now refused as expired; the last one works.
    clock = httpx.get(
        f"{server.base_url}/sandbox/clock",
        headers={"Authorization": f"Bearer {sandbox_server.admin_token}"},
    )
    assert clock.status_code == 200, clock.text
    assert clock.json()["offsetSeconds"] == ADVANCE_SECONDS * 4
    tokens = [t["value"] for t in summary["tokens"]]
    for token in tokens[:-1]:
        refused = httpx.get(server.base_url + TRUNKS, headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401, refused.text
        assert "expired" in refused.headers["www-authenticate"], refused.headers
    accepted = httpx.get(
        server.base_url + TRUNKS, headers={"Authorization": f"Bearer {tokens[-1]}"}
    )
    assert accepted.status_code == 200, accepted.text

    code, output = server.stop()
    assert code == 0, f"opentrunk serve did not stop cleanly on SIGTERM:\n{output}"
    assert "Traceback" not in output, output
