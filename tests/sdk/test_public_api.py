"""The public surface is exactly what ``__all__`` lists: nothing leaks, nothing is missing."""

from __future__ import annotations

import functools
import inspect
import types

import pytest

import opentrunk.sdk
import opentrunk.sdk.types

SDK = {
    "Client", "AsyncClient", "Paginator", "AsyncPaginator", "Page", "CallExport",
    "AsyncCallExport",
    "SDKError", "APIError", "APIConnectionError", "APITimeoutError", "APIResponseValidationError",
    "APIStatusError", "BadRequestError", "AuthenticationError", "PermissionDeniedError",
    "NotFoundError", "ConflictError", "PayloadTooLargeError", "UnprocessableEntityError",
    "RateLimitError", "InternalServerError", "WaitTimeoutError", "WebhookVerificationError",
    "ErrorBody",
    "verify_callback", "sign_callback", "StandardWebhook",
    "DEFAULT_TRUNKING_BASE_URL", "DEFAULT_HOSTING_BASE_URL", "DEFAULT_AUTH_URL",
    "IMPORT_LIMIT", "TEXT_ENABLE_LIMIT",
}  # fmt: skip

TYPES = {
    "Trunk", "AccessControlList", "IpRange", "IpRangeInput", "CredentialList", "Credential",
    "CredentialInput", "SipEndpoint", "Transport", "PhoneNumber", "CountryPermission",
    "CallBlockingRule", "Direction", "Call", "CallResult", "Money",
    "ImportedNumber", "SmsConfiguration", "ScheduledProvisioning", "MnoConfiguration",
    "CarrierState", "ServiceProvisioning", "NumberSearchPattern", "OrderBy",
    "HostingOrder", "HostingOrderNumber", "HostingOrderReport", "HostingOrderState",
    "HostingOrderType", "StepState", "FINAL_STATES", "TextEnableInfo", "DirectLoaInfo",
    "ResellerLoaInfo", "BlanketLoaInfo", "AuthorisedPerson", "Address",
    "QualifiedNumber", "QualificationStep", "CallbackConfiguration", "CallbackEvent",
    "SandboxEmail", "ChallengeCall", "SandboxClock", "SandboxCallback", "DeliveryAttempt",
    "DeliveryFault",
}  # fmt: skip


@pytest.mark.parametrize(
    ("module", "expected"), [(opentrunk.sdk, SDK), (opentrunk.sdk.types, TYPES)]
)
def test_all_is_exact(module: types.ModuleType, expected: set[str]) -> None:
    assert set(module.__all__) == expected
    assert len(module.__all__) == len(expected)  # no name twice
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - {"annotations"} == expected
    for name in module.__all__:
        assert getattr(module, name) is not None


def test_the_sdk_imports_nothing_from_the_server() -> None:
    # import-linter enforces it for the code; here, for what loading it pulls in.
    import subprocess
    import sys

    code = (
        "import sys, opentrunk.sdk, opentrunk.sdk.types\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('opentrunk')"
        " and not m.startswith('opentrunk.sdk') and m != 'opentrunk')\n"
        "print(loaded); assert not loaded\n"
        "assert 'fastapi' not in sys.modules and 'sqlalchemy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _public_methods(cls: type) -> list[str]:
    return [
        f"{cls.__name__}.{name}"
        for name, member in inspect.getmembers(cls, callable)
        if not name.startswith("_") and "Example::" not in (inspect.getdoc(member) or "")
    ]


@pytest.mark.parametrize("client_class", [opentrunk.sdk.Client, opentrunk.sdk.AsyncClient])
def test_every_public_method_has_an_example(client_class: type) -> None:
    resources = [
        value.func(client_class(project_id="p", key_id="k", key_secret="s")).__class__
        for value in vars(client_class).values()
        if isinstance(value, functools.cached_property)
    ]
    assert len(resources) == 14
    helpers = [
        opentrunk.sdk.Paginator,
        opentrunk.sdk.AsyncPaginator,
        opentrunk.sdk.CallExport,
        opentrunk.sdk.AsyncCallExport,
        opentrunk.sdk.StandardWebhook,
    ]
    missing = [m for cls in [client_class, *resources, *helpers] for m in _public_methods(cls)]
    assert missing == []
    for function in (opentrunk.sdk.verify_callback, opentrunk.sdk.sign_callback):
        assert "Example::" in (function.__doc__ or "")
