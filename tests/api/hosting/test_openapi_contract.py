"""Contract test: every response of the Imported Numbers & Hosting Orders API, checked
against Sinch's own OpenAPI document (``tests/contract/sinch-imported-numbers-openapi.yaml``,
copied unchanged from ``shared/specs`` as test data, so a clean clone runs this too).

A scenario drives all 23 operations of the document (plus
``GET /hostingOrders/{id}/numbers/{phoneNumber}``), successes and errors, through HTTP.
Each response must be documented for its operation and status, and its body must match
the documented schema: types, enums, integer formats, and *no property the schema does
not declare* (the spec's objects are open, but a wire-compatible server should not
invent fields). The one documented extra is ``hostingOrderInfo``, the name Sinch's own
examples give ``textEnableInfo`` (both are sent; README, "Number hosting").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.api.hosting.conftest import DELAY
from tests.api.hosting.test_hosting_orders import DIRECT, RESELLER

SPEC = Path(__file__).resolve().parents[2] / "contract/sinch-imported-numbers-openapi.yaml"
#: Properties sent beyond the schema, each with its reason.
EXTRAS = {"hostingOrderInfo"}  # Sinch's examples' name for textEnableInfo
#: ErrorResponse bodies may carry Google-style details (the document's 400 example does).
ERROR_EXTRAS = {"details"}


def _spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC.read_text())
    return loaded


class Validator:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def properties(self, schema: dict[str, Any]) -> dict[str, Any]:
        schema = self.resolve(schema)
        props = dict(schema.get("properties", {}))
        for part in schema.get("allOf", []):
            props.update(self.properties(part))
        return props

    def check(self, value: Any, schema: dict[str, Any], where: str, extras: set[str]) -> list[str]:
        schema = self.resolve(schema)
        problems: list[str] = []
        kind = schema.get("type")
        if "allOf" in schema or kind == "object" or "properties" in schema:
            if not isinstance(value, dict):
                return [f"{where}: expected an object, got {value!r}"]
            props = self.properties(schema)
            for name, item in value.items():
                if name in props:
                    problems += self.check(item, props[name], f"{where}.{name}", extras)
                elif name not in extras:
                    problems.append(f"{where}.{name}: not in the schema")
            return problems
        if kind == "array":
            if not isinstance(value, list):
                return [f"{where}: expected an array"]
            for i, item in enumerate(value):
                problems += self.check(item, schema.get("items", {}), f"{where}[{i}]", extras)
            return problems
        if kind == "string" and not isinstance(value, str):
            return [f"{where}: expected a string, got {value!r}"]
        if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
            return [f"{where}: expected an integer, got {value!r}"]
        if kind == "boolean" and not isinstance(value, bool):
            return [f"{where}: expected a boolean, got {value!r}"]
        if "enum" in schema and value not in schema["enum"]:
            return [f"{where}: {value!r} is not one of {schema['enum']}"]
        if schema.get("format") == "date-time" and not re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", value
        ):
            return [f"{where}: {value!r} is not an RFC 3339 UTC time"]
        return problems

    def operation(self, method: str, path: str) -> tuple[str, dict[str, Any]] | None:
        for template, item in self.spec["paths"].items():
            pattern = re.escape(template)
            pattern = re.sub(r"\\\{[^}]+\\\}", r"[^/]+?", pattern)
            if re.fullmatch(pattern, path) and method.lower() in item:
                return template, item[method.lower()]
        return None

    def response(self, response: httpx.Response) -> list[str]:
        request = response.request
        path = httpx.URL(str(request.url)).path
        found = self.operation(request.method, re.sub(r"%2B", "+", path))
        if found is None:
            return [f"{request.method} {path}: not in the document"]
        template, operation = found
        where = f"{request.method} {template} {response.status_code}"
        documented = operation["responses"].get(str(response.status_code))
        if documented is None:
            # Undeclared statuses are fine for errors (the document omits most 400s,
            # 401, 403, 409): they must then be in the operation's error envelope.
            if response.status_code < 400:
                return [f"{where}: status not documented"]
            nested = "callbackConfiguration" in template
            schema = {
                "$ref": "#/components/schemas/" + ("InvalidArgument" if nested else "ErrorResponse")
            }
            if nested:
                body = response.json()
                return [] if body["error"]["code"] == response.status_code else [f"{where}: code"]
        else:
            documented = self.resolve(documented)
            content = documented.get("content") or {}
            if not content.get("application/json"):
                return []  # an empty 200 (deletes): any body is fine
            schema = content["application/json"]["schema"]
        if response.status_code >= 400 and "callbackConfiguration" in template:
            body = response.json()
            code = body["error"]["code"]
            return [] if code == response.status_code else [f"{where}: error code {code}"]
        extras = EXTRAS | (ERROR_EXTRAS if response.status_code >= 400 else set())
        return self.check(response.json(), schema, where, extras)


@pytest.fixture
def recorded(api: httpx.AsyncClient) -> list[httpx.Response]:
    responses: list[httpx.Response] = []

    async def keep(response: httpx.Response) -> None:
        await response.aread()
        responses.append(response)

    api.event_hooks["response"].append(keep)
    return responses


async def test_every_operation_matches_the_document(api, admin, http, run, recorded):
    number, other, tf = "+12025550700", "+12025550701", "+18005550700"
    # Qualified numbers.
    await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": [number, other, tf]})
    await api.get(
        "/qualifiedNumbers", params={"states": "GLOBAL_PROCESS_STATE_ELIGIBLE_CHECK_PENDING"}
    )
    await api.get("/qualifiedNumbers")  # 400: states missing
    await api.post(f"/qualifiedNumbers/{other}:sendVoiceChallenge")
    await api.post(f"/qualifiedNumbers/{other}:verifyVoiceChallenge", json={"code": "nope"})
    await api.get("/qualifiedNumbers/+12025559999")  # 404
    await run(DELAY)
    await api.get(f"/qualifiedNumbers/{number}")
    # Text-enable: every creator.
    created = await api.post(
        "/hostingOrders:textEnableNumbers",
        json={"regionCode": "US", "numbers": [number], "servicePlanId": "p", "campaignId": "C1",
              "directLoaInfo": DIRECT, "scheduledOsrUpdateTime": "2023-01-13T14:34:40.968Z"},
    )  # fmt: skip
    order_id = created.json()["hostingOrderId"]
    await api.post(
        "/qualifiedNumbers:textEnableNumbers",
        json={"regionCode": "US", "numbers": [other], "servicePlanId": "p", "blanketLoaInfo": {}},
    )
    await api.post(
        "/qualifiedNumbers:textEnableTollFreeNumbers",
        json={
            "regionCode": "US",
            "numbers": [tf],
            "servicePlanId": "p",
            "resellerLoaInfo": RESELLER,
        },
    )
    await api.post(
        "/hostingOrders:textEnableTollFreeNumbers",
        json={
            "regionCode": "US",
            "numbers": ["+18005550999"],
            "servicePlanId": "p",
            "directLoaInfo": DIRECT,
        },
    )  # fmt: skip  (404: not qualified)
    await api.post(
        "/hostingOrders:textEnableNumbers",
        json={"regionCode": "US", "numbers": [number], "servicePlanId": ""},
    )  # 400
    await api.post(
        "/hostingOrders:importNumbers",
        json={"regionCode": "US", "numbers": ["+17724295286"], "servicePlanId": "p",
              "campaignId": "C1", "migrateToSinchTmo": True},
    )  # fmt: skip
    for _ in range(6):
        await run(DELAY)
    # Orders.
    await api.get(f"/hostingOrders/{order_id}")
    await api.get(f"/hostingOrders/{order_id}/report")
    await api.get(f"/hostingOrders/{order_id}/numbers", params={"osrUpdateState": "DONE"})
    await api.get(f"/hostingOrders/{order_id}/numbers/{number}")
    await api.get("/hostingOrders/01arz3nhyrtsv4rrffq69g5fav")  # 404
    await api.get(
        "/hostingOrders",
        params={"states": "COMPLETED", "type": "TYPE_TEXT_ENABLE", "servicePlanId": "p",
                "campaignId": "", "pageSize": 1},
    )  # fmt: skip
    # Imported numbers.
    await api.post(
        "/importedNumbers",
        json={"phoneNumber": "+12025550799", "regionCode": "US", "displayName": "Desk",
              "smsConfiguration": {"servicePlanId": "p", "campaignId": "C1"},
              "callbackUrl": "https://example.test/cb"},
    )  # fmt: skip
    await api.post(
        "/importedNumbers",
        json={
            "phoneNumber": "+12025550799",
            "regionCode": "US",
            "smsConfiguration": {"servicePlanId": "p"},
        },
    )  # 409
    await api.get("/importedNumbers/+12025550799")
    await api.get("/importedNumbers", params={"servicePlanId": "", "campaignId": ""})
    await run(DELAY)
    await run(DELAY)
    await api.patch("/importedNumbers/+12025550799", json={"smsConfiguration": {"campaignId": ""}})
    await api.patch(
        "/importedNumbers/+12025550799", json={"smsConfiguration": {"servicePlanId": "q"}}
    )
    await api.get("/importedNumbers/+17724295286")
    await api.delete("/importedNumbers/+12025550799")
    await api.delete(f"/qualifiedNumbers/{other}")
    # Callback configuration.
    await api.get("/callbackConfiguration")
    await api.patch("/callbackConfiguration", json={"hmacSecret": "s"})
    await api.patch("/callbackConfiguration", json={"hmacSecret": "x" * 300})  # 400

    validator = Validator(_spec())
    problems = [p for response in recorded for p in validator.response(response)]
    assert not problems, "\n".join(problems)
    covered = {validator.operation(r.request.method, r.request.url.path.replace("%2B", "+"))[0]
               for r in recorded}  # fmt: skip
    assert len(covered) == len(validator.spec["paths"])
    statuses = {r.status_code for r in recorded}
    assert {200, 400, 404, 409} <= statuses
