"""The official Sinch Node SDK (``@sinch/sdk-core`` 1.4.0, pinned in ``node/package-lock.json``)
drives a real ``opentrunk serve`` process through every Elastic SIP Trunking method it has.

The SDK is installed with ``npm ci`` when ``node/node_modules`` is missing or was
installed from another lock file (how CI, on a clean clone, gets it). Call records, which
the SIP edge writes in production, are inserted into the server's database first; the
script (``node/est-sdk.mjs``) then finds and exports them through the SDK.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ID
from tests.interop.conftest import NodeSdk, Server, run_node_script
from tests.interop.seed_calls import seed_calls

pytestmark = pytest.mark.interop

SCRIPT = "est-sdk.mjs"
# Every method of the EST service object of @sinch/elastic-sip-trunking 1.4.0.
EST_METHODS_1_4_0 = 47


def test_official_node_sdk_drives_every_est_method(
    node_sdk: NodeSdk, server: Server, tmp_path: Path
) -> None:
    seeded = asyncio.run(seed_calls(server.database_url, PROJECT_ID, datetime.now(UTC)))
    calls_file = tmp_path / "calls.json"
    calls_file.write_text(json.dumps(seeded))

    status, summary, stderr = run_node_script(
        node_sdk, SCRIPT, server, OPENTRUNK_INTEROP_CALLS=str(calls_file)
    )

    failures = "\n".join(summary.get("failures", []))
    assert status == 0, f"the Node SDK script failed:\n{failures}\n{stderr}"
    assert summary["ok"] is True
    assert summary["sdk"]["@sinch/sdk-core"] == "1.4.0"
    assert summary["sdk"]["@sinch/elastic-sip-trunking"] == "1.4.0"
    assert summary["methods"]["total"] == EST_METHODS_1_4_0
    assert summary["methods"]["notCalled"] == []
    assert len(summary["methods"]["called"]) == EST_METHODS_1_4_0
    sections = {s["name"]: s for s in summary["sections"]}
    assert set(sections) == {
        "sipTrunks", "sipEndpoints", "accessControlList", "credentialLists",
        "countryPermissions", "callBlockingRules", "calls", "auth", "projects",
    }  # fmt: skip
    for name, section in sections.items():
        assert section["ok"], (name, section)
        assert "note" not in section, (name, section)  # a note means it was skipped
        assert section["checks"] > 0, name
    assert summary["checks"] > 400

    code, output = server.stop()
    assert code == 0, f"opentrunk serve did not stop cleanly on SIGTERM:\n{output}"
    assert "Traceback" not in output, output
