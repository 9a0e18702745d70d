"""What every command that talks to an API shares: the connection options (the SDK's,
from the same environment variables), the client built from them, ``--json``, and exit
codes by error class.

Exit codes::

    0   success
    1   any other error
    2   usage error (click)
    3   the request was invalid (400, 413, 422)
    4   not authenticated (401), or no credentials given
    5   not allowed (403)
    6   not found (404)
    7   conflict (409)
    8   rate limited (429)
    9   server error (5xx)
    10  no connection, or no answer in time
    11  the hosting order ended REJECTED (``hosting-orders wait``)
    12  the wait timed out (``hosting-orders wait``)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
import httpx

from opentrunk.sdk import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    SDKError,
    UnprocessableEntityError,
    WaitTimeoutError,
)

__all__ = [
    "EXIT_REJECTED",
    "EXIT_TIMEOUT",
    "CliFailure",
    "CliState",
    "RemoteGroup",
    "client",
    "connection_options",
    "json_option",
    "wants_json",
]

EXIT_REJECTED = 11
EXIT_TIMEOUT = 12

_EXIT_CODES: list[tuple[type[SDKError], int]] = [
    (BadRequestError, 3),
    (PayloadTooLargeError, 3),
    (UnprocessableEntityError, 3),
    (AuthenticationError, 4),
    (PermissionDeniedError, 5),
    (NotFoundError, 6),
    (ConflictError, 7),
    (RateLimitError, 8),
    (InternalServerError, 9),
    (APIConnectionError, 10),
    (WaitTimeoutError, EXIT_TIMEOUT),
]


class CliFailure(click.ClickException):
    """An error shown as ``Error: ...`` on stderr, with its own exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        # click declares exit_code on the class; a code per error is the point here.
        self.exit_code = exit_code  # type: ignore[misc]


def _failure(error: SDKError) -> CliFailure:
    # A bare SDKError is the client's own configuration: no key, no project, no token.
    default = 4 if type(error) is SDKError else 1
    code = next((c for cls, c in _EXIT_CODES if isinstance(error, cls)), default)
    message = str(error)
    if isinstance(error, APIStatusError):
        violations = "; ".join(f"{v.field}: {v.description}" for v in error.field_violations)
        if violations and violations not in message:
            message += f" ({violations})"
    return CliFailure(message, code)


@dataclass
class CliState:
    """The context object. Tests (and embedders) may pass one to ``main`` with an
    ``http_client`` and a ``sleep`` of their own."""

    http_client: httpx.Client | None = None
    sleep: Callable[[float], None] | None = None
    options: dict[str, Any] = field(default_factory=dict)
    json: bool = False
    _client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            given = {k: v for k, v in self.options.items() if v is not None}
            self._client = Client(http_client=self.http_client, sleep=self.sleep, **given)
            click.get_current_context().call_on_close(self._client.close)
        return self._client


class RemoteGroup(click.Group):
    """A command group whose commands call an API: SDK errors become ``CliFailure``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SDKError as error:
            raise _failure(error) from error


F = TypeVar("F", bound=Callable[..., Any])


def _store(ctx: click.Context, param: click.Parameter, value: object) -> object:
    state = ctx.ensure_object(CliState)
    if value is not None and param.name:
        state.options[param.name] = value
    return value


def connection_options(command: F) -> F:
    """``--project-id``, ``--key-id``, ``--key-secret`` (``SINCH_*``), the URLs, the auth
    scheme and the admin token, as the SDK's ``Client`` takes them. They go to the
    context object, not to the command."""
    options: list[tuple[str, dict[str, Any]]] = [
        ("--project-id", {"envvar": "SINCH_PROJECT_ID", "help": "Sinch project id."}),
        ("--key-id", {"envvar": "SINCH_KEY_ID", "help": "Access key id."}),
        ("--key-secret", {"envvar": "SINCH_KEY_SECRET", "help": "Access key secret."}),
        ("--base-url", {
            "envvar": "OPENTRUNK_BASE_URL",
            "help": "One URL for every API (a local opentrunk: http://127.0.0.1:8080).",
        }),
        ("--trunking-base-url", {
            "envvar": "OPENTRUNK_TRUNKING_BASE_URL", "help": "Elastic SIP Trunking API URL.",
        }),
        ("--hosting-base-url", {
            "envvar": "OPENTRUNK_HOSTING_BASE_URL", "help": "Imported Numbers API URL.",
        }),
        ("--auth-url", {"envvar": "OPENTRUNK_AUTH_URL", "help": "OAuth2 token server URL."}),
        ("--auth", {
            "envvar": "OPENTRUNK_AUTH",
            "type": click.Choice(["oauth2", "basic"]),
            "help": "OAuth2 tokens (default) or HTTP Basic on every request.",
        }),
        ("--admin-token", {"envvar": "OPENTRUNK_ADMIN_TOKEN", "help": "Sandbox admin token."}),
        ("--timeout", {
            "envvar": "OPENTRUNK_TIMEOUT", "type": float, "help": "Seconds to wait for an answer.",
        }),
        ("--max-retries", {
            "envvar": "OPENTRUNK_MAX_RETRIES",
            "type": click.IntRange(min=0),
            "help": "Retries per request.",
        }),
    ]  # fmt: skip
    for name, settings in reversed(options):
        command = click.option(
            name, expose_value=False, callback=_store, show_envvar=True, **settings
        )(command)
    return command


def json_option(command: F) -> F:
    """``--json``: machine-readable output instead of tables."""

    def store(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
        if value:
            ctx.ensure_object(CliState).json = True
        return value

    return click.option(
        "--json",
        "as_json",
        is_flag=True,
        expose_value=False,
        callback=store,
        help="Print JSON instead of a table.",
    )(command)


def client() -> Client:
    """The SDK client of the current command."""
    return click.get_current_context().ensure_object(CliState).client()


def wants_json() -> bool:
    return click.get_current_context().ensure_object(CliState).json
