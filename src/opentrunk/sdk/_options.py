"""Client options: keyword arguments first, then the environment, then Sinch's hosts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Literal, TypeAlias

import httpx

from opentrunk.sdk._errors import SDKError
from opentrunk.sdk._request import APIRequest, segment

__all__ = [
    "DEFAULT_AUTH_URL",
    "DEFAULT_HOSTING_BASE_URL",
    "DEFAULT_TRUNKING_BASE_URL",
    "Auth",
    "ClientOptions",
]

DEFAULT_TRUNKING_BASE_URL = "https://elastic-trunking.api.sinch.com"
DEFAULT_HOSTING_BASE_URL = "https://imported.numbers.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com"
DEFAULT_TIMEOUT = 30.0

Auth: TypeAlias = Literal["oauth2", "basic"]


def _version() -> str:
    try:
        return metadata.version("opentrunk")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"opentrunk-sdk-python/{_version()}"


@dataclass(frozen=True, slots=True)
class ClientOptions:
    project_id: str | None
    key_id: str | None
    key_secret: str | None
    auth: Auth
    trunking_base_url: str
    hosting_base_url: str
    auth_url: str
    sandbox_base_url: str | None
    admin_token: str | None
    timeout: httpx.Timeout
    max_retries: int

    @classmethod
    def resolve(
        cls,
        *,
        project_id: str | None,
        key_id: str | None,
        key_secret: str | None,
        auth: Auth,
        base_url: str | None,
        trunking_base_url: str | None,
        hosting_base_url: str | None,
        auth_url: str | None,
        admin_token: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        environ: Mapping[str, str] | None = None,
    ) -> ClientOptions:
        env = os.environ if environ is None else environ
        if auth not in ("oauth2", "basic"):
            raise SDKError(f"auth must be 'oauth2' or 'basic', not {auth!r}")
        if max_retries < 0:
            raise SDKError("max_retries must be 0 or more")
        common = base_url or env.get("OPENTRUNK_BASE_URL") or None
        return cls(
            project_id=project_id or env.get("SINCH_PROJECT_ID") or None,
            key_id=key_id or env.get("SINCH_KEY_ID") or None,
            key_secret=key_secret or env.get("SINCH_KEY_SECRET") or None,
            auth=auth,
            trunking_base_url=_strip(trunking_base_url or common or DEFAULT_TRUNKING_BASE_URL),
            hosting_base_url=_strip(hosting_base_url or common or DEFAULT_HOSTING_BASE_URL),
            auth_url=_strip(auth_url or common or DEFAULT_AUTH_URL),
            sandbox_base_url=_strip(common) if common else None,
            admin_token=admin_token or env.get("OPENTRUNK_ADMIN_TOKEN") or None,
            timeout=timeout
            if isinstance(timeout, httpx.Timeout)
            else httpx.Timeout(DEFAULT_TIMEOUT if timeout is None else timeout),
            max_retries=max_retries,
        )

    def credentials(self) -> tuple[str, str]:
        if not self.key_id or not self.key_secret:
            raise SDKError(
                "No access key: pass key_id= and key_secret= or set SINCH_KEY_ID and "
                "SINCH_KEY_SECRET"
            )
        return self.key_id, self.key_secret

    def url(self, request: APIRequest) -> str:
        if request.api == "auth":
            return self.auth_url + request.path
        if request.api == "sandbox":
            if self.sandbox_base_url is None:
                raise SDKError(
                    "The sandbox is opentrunk's own: pass base_url= (or set OPENTRUNK_BASE_URL)"
                )
            return self.sandbox_base_url + request.path
        if not self.project_id:
            raise SDKError("No project: pass project_id= or set SINCH_PROJECT_ID")
        base = self.trunking_base_url if request.api == "trunking" else self.hosting_base_url
        return f"{base}/v1/projects/{segment(self.project_id)}{request.path}"


def _strip(url: str) -> str:
    return url.rstrip("/")
