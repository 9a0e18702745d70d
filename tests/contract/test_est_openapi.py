"""Contract test: a real ``opentrunk serve`` against Sinch's published EST OpenAPI document.

``sinch-est-openapi.yaml`` next to this file is Sinch's own document, copied unchanged as
test data. Schemathesis generates requests from it, valid and invalid, sends them over
HTTP to a server process started here, and checks every response:

* no 5xx, ever;
* the status code is documented, the Content-Type is the documented one, and the body
  matches the documented schema;
* a request the document calls invalid is refused with a 4xx, in the server's one error
  format (the document's own ``Error`` schema, every field present);
* an operation that needs credentials refuses a request without them.

Where the document is wrong about Sinch's real API (the official SDK and Sinch's mock
server disagree with it: ``shared/reference/est-api.md`` §9), ``SPEC_EXCEPTIONS`` corrects
it, each entry with its reason. That list is the only place anything is exempted; each
correction first asserts the document still says what it corrects, so a stale entry fails.

Every operation runs twice: with generated path parameters (mostly unknown ids, so 404s
and validation errors), and against resources that exist (a trunk with endpoints, an ACL,
a credential list, a phone number, a blocking rule and call records are created first),
so the success responses of by-id operations are checked too. A DELETE on an existing
resource gets a resource created for it, so the shared ones survive.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    not_a_server_error,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import make_url

from opentrunk.store.db import Database
from opentrunk.store.models import CallRecord
from opentrunk.trunking.calls import call_record_service
from tests.conftest import KEY_ID, KEY_SECRET, PROJECT_ID, _admin_execute, _postgres_admin_url

SPEC_FILE = Path(__file__).with_name("sinch-est-openapi.yaml")
BASE = "/v1/projects/{projectId}"

Spec = dict[str, Any]


# --- where the document is wrong --------------------------------------------------------


@dataclass(frozen=True)
class SpecException:
    """One way Sinch's document differs from Sinch's real API, and what the test does."""

    what: str
    reason: str
    #: Rewrites the loaded document (asserting first that it still says the wrong thing).
    correct: Callable[[Spec], None] | None = None
    #: A schemathesis check that the document cannot support.
    check_not_applied: Callable[..., Any] | None = None


def _operations(spec: Spec) -> Iterator[dict[str, Any]]:
    for item in spec["paths"].values():
        for method, operation in item.items():
            if method != "parameters":
                yield operation


def _operation(spec: Spec, method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][BASE + path][method]
    return operation


def _schema(spec: Spec, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = spec["components"]["schemas"][name]
    return schema


def _document_errors(spec: Spec) -> None:
    for operation in _operations(spec):
        assert not any(code.startswith("4") for code in operation["responses"])
        operation["responses"]["4XX"] = {
            "description": "An error, in the document's Error shape",
            "content": {
                "application/json": {
                    "schema": {
                        "allOf": [
                            {"$ref": "#/components/schemas/Error"},
                            {"required": ["code", "status", "message", "details"]},
                        ]
                    }
                }
            },
        }


def _nullable(*fields: str) -> Callable[[Spec], None]:
    def correct(spec: Spec) -> None:
        for dotted in fields:
            schema_name, _, prop = dotted.partition(".")
            schema = _schema(spec, schema_name)["properties"][prop]
            assert "nullable" not in schema, dotted
            schema["nullable"] = True

    return correct


def _page_number_is_a_number(spec: Spec) -> None:
    page_number = _schema(spec, "Pagination")["properties"]["pageNumber"]
    assert page_number["type"] == "string"
    page_number["type"] = "integer"


def _trunk_list_key(spec: Spec) -> None:
    envelope = _operation(spec, "get", "/trunks")["responses"]["200"]["content"]
    properties = envelope["application/json"]["schema"]["allOf"][1]["properties"]
    properties["trunks"] = properties.pop("sipTrunks")


def _blocking_rules_are_paged(spec: Spec) -> None:
    content = _operation(spec, "get", "/callBlockingRules")["responses"]["200"]["content"]
    schema = content["application/json"]["schema"]
    assert schema["type"] == "array"
    content["application/json"]["schema"] = {
        "allOf": [
            {"$ref": "#/components/schemas/Pagination"},
            {"type": "object", "required": ["callBlockingRules"], "properties": {
                "callBlockingRules": schema,
            }},
        ]
    }  # fmt: skip


def _endpoint_create_is_201(spec: Spec) -> None:
    responses = _operation(spec, "post", "/trunks/{sipTrunkId}/endpoints")["responses"]
    assert "201" not in responses
    assert "allOf" in responses["200"]["content"]["application/json"]["schema"]
    del responses["200"]
    responses["201"] = {
        "description": "The created endpoint",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SipEndpoint"}}},
    }


def _money_amount_is_a_number(spec: Spec) -> None:
    amount = _schema(spec, "Money")["properties"]["amount"]
    assert amount["type"] == "string"
    amount["type"] = "number"


def _direction_echoed_lowercase(spec: Spec) -> None:
    for name in ("Call", "CallBlockingRule"):
        direction = _schema(spec, name)["properties"]["direction"]
        assert direction["enum"] == ["INBOUND", "OUTBOUND"]
        direction["enum"] = ["INBOUND", "OUTBOUND", "inbound", "outbound"]


def _blocking_rule_id_is_read_only(spec: Spec) -> None:
    rule_id = _schema(spec, "CallBlockingRule")["properties"]["id"]
    assert "readOnly" not in rule_id
    rule_id["readOnly"] = True


def _acl_ranges_required_on_create_only(spec: Spec) -> None:
    ip_ranges = _schema(spec, "AccessControlList")["properties"]["ipRanges"]
    assert ip_ranges.pop("minItems") == 1
    body = _operation(spec, "post", "/accessControlLists")["requestBody"]["content"]
    body["application/json"]["schema"] = {
        "allOf": [
            body["application/json"]["schema"],
            {"properties": {"ipRanges": {"minItems": 1}}},
        ]
    }


def _ids_are_strings(spec: Spec) -> None:
    for name in ("SipEndpointId", "SipTrunkIdQuery"):
        schema = spec["components"]["parameters"][name]["schema"]
        assert schema["format"] == "int64"
        spec["components"]["parameters"][name]["schema"] = {"type": "string"}


SPEC_EXCEPTIONS: tuple[SpecException, ...] = (
    SpecException(
        "No operation documents an error status (400, 401, 403, 404, 405, 409, 413)",
        "The document defines an Error schema but references it from no operation, while "
        "the real API answers bad input, bad credentials and unknown ids with 4xx "
        "(est-api.md §1.5). Every operation gets a 4XX response whose body must be that "
        "Error, with code, status, message and details all present.",
        correct=_document_errors,
    ),
    SpecException(
        "updateTime is a non-null date-time",
        "It is null until the first update: the SDK types it Date | null and Sinch's "
        "mock server returns null (est-api.md §2.2).",
        correct=_nullable(
            "SipTrunk.updateTime",
            "SipEndpoint.updateTime",
            "AccessControlList.updateTime",
            "IpRange.updateTime",
            "Number.updateTime",
        ),
    ),
    SpecException(
        "Optional fields that are not set are non-null strings",
        "The real API echoes them as null: a blocking rule's unused caller/callee fields "
        "(est-api.md §6, SDK e2e asserts calleeCountry == null), an IP range without a "
        "description, a number whose country is unknown, and a call's answerTime/endTime "
        "(unanswered), trunkId (no trunk matched) and pcapId (no capture).",
        correct=_nullable(
            "CallBlockingRule.name",
            "CallBlockingRule.callerCountry",
            "CallBlockingRule.calleeCountry",
            "CallBlockingRule.callerMatch",
            "CallBlockingRule.calleeMatch",
            "IpRange.description",
            "Number.countryCode",
            "Call.answerTime",
            "Call.endTime",
            "Call.trunkId",
            "Call.pcapId",
        ),
    ),
    SpecException(
        "Pagination.pageNumber is a string",
        "The official SDK computes the next page from pageNumber and throws unless it is a "
        "JSON number (est-api.md §2.5, §9.2).",
        correct=_page_number_is_a_number,
    ),
    SpecException(
        "GET /trunks lists trunks under sipTrunks",
        "The SDK reads trunks (est-api.md §9.1); corrected so the listed trunks are "
        "checked against SipTrunk (an unknown key would pass unchecked).",
        correct=_trunk_list_key,
    ),
    SpecException(
        "GET /callBlockingRules returns a bare array",
        "The SDK pages it as an object with callBlockingRules and the pagination fields "
        "(est-api.md §9.4).",
        correct=_blocking_rules_are_paged,
    ),
    SpecException(
        "POST /trunks/{sipTrunkId}/endpoints answers 200 with a page of endpoints",
        "The SDK reads the one created endpoint, and the real API answers 201 (est-api.md "
        "§2.4, §9.5).",
        correct=_endpoint_create_is_201,
    ),
    SpecException(
        "Money.amount is a string",
        "SDK >= 1.2.0 and Sinch's mock use a JSON number (est-api.md §4.9).",
        correct=_money_amount_is_a_number,
    ),
    SpecException(
        "direction of calls and blocking rules is INBOUND/OUTBOUND",
        "Responses carry lowercase inbound/outbound (SDK 1.2.0 changelog, Sinch's mock; "
        "est-api.md §4.8, §4.10); requests may use either case.",
        correct=_direction_echoed_lowercase,
    ),
    SpecException(
        "CallBlockingRule.id is writable",
        "Like every other id it is assigned by the server (est-api.md §4.10) and ignored in "
        "a request body, as the server ignores every read-only field clients send back.",
        correct=_blocking_rule_id_is_read_only,
    ),
    SpecException(
        "An AccessControlList always has at least one IP range (minItems on the shared schema)",
        "The document requires one range when creating, but its own PUT accepts an empty "
        "ipRanges and DELETE removes ranges one by one, so a stored ACL can have none; the "
        "constraint is kept on the create request only.",
        correct=_acl_ranges_required_on_create_only,
    ),
    SpecException(
        "sipEndpointId (path) and sipTrunkId (query on /phoneNumbers) are int64",
        "Every id is a ULID string (est-api.md §2.1).",
        correct=_ids_are_strings,
    ),
    SpecException(
        "Schema-valid requests must succeed (check positive_data_acceptance)",
        "The document leaves unconstrained what the real API validates with 400: hostName "
        "characters, E.164 numbers, ISO country codes, the password policy, IP addresses, "
        "empty names, an IP range without ipAddress, page numbers below 1 (est-api.md §4, "
        "§7.16). The server refuses those like Sinch does, so this check is not applied.",
        check_not_applied=positive_data_acceptance,
    ),
)

# Conflicts that need no exception, because the document allows extra fields and the
# server sends both shapes: GET /trunks/{id}/credentialLists carries credentialListIds and
# credentialLists; getCredentialListById returns the full list ({name, id} and more);
# updateCredential returns {id, username}; the bulk credential-list PUT accepts a bare
# array as well as the SDK's object.


def corrected_spec() -> Spec:
    spec: Spec = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    for exception in SPEC_EXCEPTIONS:
        if exception.correct is not None:
            exception.correct(spec)
    return spec


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
]
assert not {e.check_not_applied for e in SPEC_EXCEPTIONS} & set(CHECKS)

# Valid values for fields the document leaves unconstrained but the API validates (see the
# positive_data_acceptance exception), drawn half the time, so generated requests reach the
# success paths too and not only the 400s. Otherwise schemathesis generates freely.
_TODAY = datetime.now(UTC).date()
_IP = ["203.0.113.5", "10.0.0.0", "192.168.1.0"]
_PREFIX = [8, 24, 32]
REALISTIC_VALUES: dict[str, list[Any]] = {
    "body.name": ["Acme Trunk", "Office", "PBX users"],
    "body.hostName": [f"acme-{i}" for i in range(40)],
    "body.callForwardNumber": ["+15551234567", ""],
    "body.address": ["198.51.100.10", "pbx.example.com", "2001:db8::1"],
    "body.priority": [1, 2, 10],
    "body.credentialUsername": ["seed"],
    "body.ipAddress": _IP,
    "body.range": _PREFIX,
    "body.ipRanges[*].ipAddress": _IP,
    "body.ipRanges[*].range": _PREFIX,
    "body.password": ["SecurePassword1234"],
    "body.callerCountry": ["US", "SE"],
    "body.calleeCountry": ["US", "SE"],
    "body.callerMatch": ["1900", "+46"],
    "body.calleeMatch": ["1900", "+46"],
    "body.projectIds[*]": ["child-project-1", "child-project-2"],
    "query.createTime": [_TODAY.isoformat(), _TODAY.strftime("%Y-%m")],
    "query.from": ["+1555"],
    "query.to": ["+1202"],
}


def _load_schema(**phases: dict[str, Any]) -> Any:
    dictionaries = {f"d{i}": {"values": v} for i, v in enumerate(REALISTIC_VALUES.values())}
    bindings = {
        key: {"dictionary": f"d{i}", "probability": 0.5} for i, key in enumerate(REALISTIC_VALUES)
    }
    config = schemathesis.Config.from_dict(
        {
            "dictionaries": dictionaries,
            "parameters": {"path.projectId": PROJECT_ID, **bindings},
            "generation": {"mode": "all", "max-examples": 12},
            "phases": phases,
        }
    )
    return schemathesis.openapi.from_dict(corrected_spec(), config=config)


schema = _load_schema()
# On existing resources the coverage phase (boundary values, mostly refused) adds little.
schema_on_existing = _load_schema(coverage={"enabled": False})

# Deterministic, small: the same cases on every run, under two minutes on two cores.
CONTRACT = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


# --- the server ---------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    headers: dict[str, str]
    seeds: Seeds
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    # Generous: a first start migrates an empty database, slow on a loaded CI machine.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"opentrunk serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail(f"opentrunk serve did not become healthy:\n{log.read_text()}")


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database: the server migrates it on start."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('contract') / 'opentrunk.db'}"
        return
    admin_url = _postgres_admin_url()
    if admin_url is None:
        pytest.skip("no PostgreSQL server (OPENTRUNK_TEST_POSTGRES_URL)")
    name = f"ot_contract_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(admin_url, f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(False)
    asyncio.run(_admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="module")
def server(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("server")
    url = f"http://127.0.0.1:{_free_port()}"
    log = data_dir / "server.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))},
        "SINCH_PROJECT_ID": PROJECT_ID,
        "SINCH_KEY_ID": KEY_ID,
        "SINCH_KEY_SECRET": KEY_SECRET,
        "OPENTRUNK_SIP_PORT": "0",  # the SIP edge on any free port (tests run in parallel)
    }
    command = [
        sys.executable, "-c", "from opentrunk.cli import main; main()", "serve",
        "--http-port", url.rsplit(":", 1)[1], "--data-dir", str(data_dir),
        "--database-url", database_url, "--log-level", "warning",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(process, url, log)
        token = httpx.post(
            f"{url}/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(KEY_ID, KEY_SECRET),
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"{url}/v1/projects/{PROJECT_ID}", headers=headers) as api:
            seeds = Seeds(api)
            seeds.create()
            asyncio.run(_insert_calls(database_url, seeds.trunk))
            yield Server(url, headers, seeds, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- resources that exist -------------------------------------------------------------------

PASSWORD = "SecurePassword1234"

# The collection a path parameter names, by the path segment before it.
_COLLECTIONS = {
    "trunks": "trunk", "endpoints": "endpoint", "accessControlLists": "acl",
    "ipRanges": "ip_range", "credentialLists": "credential_list", "credentials": "username",
    "phoneNumbers": "phone_number", "countryPermissions": "iso_code",
    "callBlockingRules": "blocking_rule",
}  # fmt: skip


@dataclass
class Seeds:
    """A trunk with a static and a registered endpoint, a linked ACL and credential list,
    and an assigned number; a blocking rule. Made through the API, like a user would."""

    api: httpx.Client
    trunk: str = ""
    endpoint: str = ""
    acl: str = ""
    ip_range: str = ""
    credential_list: str = ""
    username: str = "seed"
    phone_number: str = "+15551230000"
    blocking_rule: str = ""
    iso_code: str = "US"
    _made: int = field(default=0)

    def create(self) -> None:
        self.trunk = self._make("/trunks", name="Seed", hostName="contract-seed")
        acl = self._post(
            "/accessControlLists", name="Seed", ipRanges=[{"ipAddress": "203.0.113.0"}]
        )
        self.acl, self.ip_range = acl["id"], acl["ipRanges"][0]["id"]
        self.credential_list = self._credential_list(self.username)
        trunk = f"/trunks/{self.trunk}"
        self._post(f"{trunk}/accessControlLists", accessControlListIds=[self.acl])
        self._post(f"{trunk}/credentialLists", credentialListIds=[self.credential_list])
        self.endpoint = self._make(
            f"{trunk}/endpoints", name="PBX", address="198.51.100.7", priority=1
        )
        self._make(
            f"{trunk}/endpoints",
            name="Phone", priority=2, isRegistered=True, credentialUsername=self.username,
        )  # fmt: skip
        self._post("/phoneNumbers", sipTrunkId=self.trunk, phoneNumber=self.phone_number)
        self.blocking_rule = self._make("/callBlockingRules", direction="INBOUND", callerMatch="1")

    def path_parameters(self, case: Case) -> dict[str, Any]:
        """The case's path parameters, naming existing resources."""
        values = {**(case.path_parameters or {})}
        segments = case.operation.path.strip("/").split("/")
        for before, segment in itertools.pairwise(segments):
            if segment.startswith("{") and before in _COLLECTIONS:
                values[segment[1:-1]] = getattr(self, _COLLECTIONS[before])
        if case.method.upper() == "DELETE":
            values.update(self._made_to_delete(case.operation.path))
        return values

    def _made_to_delete(self, path: str) -> dict[str, Any]:
        """A resource made for a DELETE to remove, in place of the shared one."""
        self._made += 1
        n, trunk = self._made, f"/trunks/{self.trunk}"
        path = path.removeprefix(BASE)
        if path == "/trunks/{sipTrunkId}":
            return {"sipTrunkId": self._make("/trunks", name=f"t{n}", hostName=f"fresh-{n}")}
        if path == "/trunks/{sipTrunkId}/endpoints/{sipEndpointId}":
            body = {"name": f"e{n}", "address": "192.0.2.1", "priority": 5}
            return {"sipEndpointId": self._make(f"{trunk}/endpoints", **body)}
        if path == "/accessControlLists/{accessControlListId}/ipRanges/{ipRangeId}":
            ranges = f"/accessControlLists/{self.acl}/ipRanges"
            return {"ipRangeId": self._make(ranges, ipAddress="192.0.2.9")}
        if path == "/accessControlLists/{id}":
            return {"id": self._acl(n)}
        if path == "/trunks/{trunkId}/accessControlLists/{accessControlListId}":
            acl = self._acl(n)
            self._post(f"{trunk}/accessControlLists", accessControlListIds=[acl])
            return {"accessControlListId": acl}
        if path == "/credentialLists/{id}":
            return {"id": self._credential_list(f"user{n}")}
        if path == "/trunks/{trunkId}/credentialLists/{credentialListId}":
            credential_list = self._credential_list(f"user{n}")
            self._post(f"{trunk}/credentialLists", credentialListIds=[credential_list])
            return {"credentialListId": credential_list}
        if path == "/credentialLists/{credentialListId}/credentials/{username}":
            return {"credentialListId": self._credential_list(f"user{n}"), "username": f"user{n}"}
        if path == "/callBlockingRules/{id}":
            return {
                "id": self._make("/callBlockingRules", direction="OUTBOUND", calleeMatch=str(n))
            }
        raise AssertionError(f"no resource to make for DELETE {path}")

    def _acl(self, n: int) -> str:
        return self._make(
            "/accessControlLists", name=f"a{n}", ipRanges=[{"ipAddress": "192.0.2.1"}]
        )

    def _credential_list(self, username: str) -> str:
        credentials = [{"username": username, "password": PASSWORD}]
        return self._make("/credentialLists", name=username, credentials=credentials)

    def _make(self, path: str, **body: Any) -> str:
        return str(self._post(path, **body)["id"])

    def _post(self, path: str, **body: Any) -> dict[str, Any]:
        response = self.api.post(path, json=body)
        assert response.status_code in (200, 201), response.text
        created: dict[str, Any] = response.json()
        return created


async def _insert_calls(database_url: str, trunk_id: str) -> None:
    """Call records as the edge writes them (the API has no way to make calls)."""
    now = datetime.now(UTC)
    database = Database(database_url)
    try:
        async with database.write_session() as session:
            await call_record_service.insert(
                session,
                [
                    CallRecord(
                        call_id="contract-answered", project_id=PROJECT_ID, trunk_id=trunk_id,
                        trunk_name="Seed", direction="OUTBOUND", from_="+15551230000",
                        to="+12025550100", from_country="US", to_country="US",
                        call_result="COMPLETED", create_time=now - timedelta(hours=1),
                        answer_time=now - timedelta(minutes=59),
                        end_time=now - timedelta(minutes=58),
                        duration_seconds=60, billing_duration_seconds=60, price_per_minute=0.004,
                        price=0.004, pcap_id=str(uuid.uuid4()),
                    ),
                    CallRecord(
                        call_id="contract-unanswered", project_id=PROJECT_ID, trunk_id=None,
                        direction="INBOUND", from_="sip:+12025550101@198.51.100.7",
                        to="+15551230000", call_result="NO_ANSWER",
                        create_time=now - timedelta(minutes=30),
                    ),
                ],
            )  # fmt: skip
            await session.commit()
    finally:
        await database.dispose()


# --- the tests ------------------------------------------------------------------------------


def _call_and_validate(case: Case, server: Server) -> None:
    try:
        case.call_and_validate(
            base_url=server.url,
            headers=server.headers,
            checks=CHECKS,
            excluded_checks=[e.check_not_applied for e in SPEC_EXCEPTIONS if e.check_not_applied],
        )
    except Exception:
        # A 5xx leaves its traceback in the server's log.
        lines = server.log.read_text(errors="replace").splitlines()
        print(f"--- the end of {server.log}:", *lines[-60:], sep="\n")
        raise


@schema.parametrize()
@CONTRACT
def test_operation(case: Case, server: Server) -> None:
    """Generated path parameters: mostly unknown ids and invalid values."""
    _call_and_validate(case, server)


@schema_on_existing.parametrize()
@settings(CONTRACT, max_examples=10)
def test_operation_on_existing_resources(case: Case, server: Server) -> None:
    """The same operations on resources that exist, so success responses are checked."""
    case.path_parameters = server.seeds.path_parameters(case)
    _call_and_validate(case, server)
