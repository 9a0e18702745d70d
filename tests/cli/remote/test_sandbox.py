"""``opentrunk sandbox ...``: the clock, reset, the callbacks inbox, delivery faults."""

from __future__ import annotations

from tests.cli.remote.test_sip import as_json, ok
from tests.sdk.conftest import AUTOPILOT_DELAY

RECEIVER = "http://127.0.0.1:9/callbacks"


def test_clock_and_reset(cli):
    assert as_json(cli("sandbox", "clock", "--json"))["offsetSeconds"] == 0
    assert ok(cli("sandbox", "advance", "3600")).rstrip().endswith("(+3600 s)")
    assert as_json(cli("sandbox", "advance", "pt2h", "--json"))["offsetSeconds"] == 10800
    assert "offset_seconds  10800" in ok(cli("sandbox", "clock"))
    assert cli("sandbox", "advance", "soon").exit_code == 3

    ok(cli("sip", "trunks", "create", "-n", "T", "--host-name", "gone"))
    aborted = cli("sandbox", "reset", input="n\n")
    assert aborted.exit_code == 1
    assert as_json(cli("sip", "trunks", "list", "--json")) != []
    assert ok(cli("sandbox", "reset", "--yes")) == "the sandbox is empty\n"
    assert as_json(cli("sip", "trunks", "list", "--json")) == []
    assert as_json(cli("sandbox", "clock", "--json"))["offsetSeconds"] == 0


def test_callbacks_and_faults(cli, run):
    ok(cli("numbers", "imported", "create", "+12025550200", "--service-plan-id", "p",
           "--callback-url", RECEIVER))  # fmt: skip
    run(AUTOPILOT_DELAY)
    table = ok(cli("sandbox", "callbacks", "--url", RECEIVER)).splitlines()
    assert RECEIVER in table[2]
    (first, *_) = as_json(cli("sandbox", "callbacks", "--json"))
    assert '"eventType":"PROVISIONING_TO_SMS_PLATFORM"' in first["body"].replace(" ", "")

    added = as_json(cli("sandbox", "faults", "add", RECEIVER, "--count", "2", "--json"))
    assert added["remaining"] == 2
    assert RECEIVER in ok(cli("sandbox", "faults", "list"))
    ok(cli("sandbox", "faults", "clear"))
    assert as_json(cli("sandbox", "faults", "list", "--json")) == []


def test_tokens_work_once_the_clock_is_ahead_of_real_time(cli):
    ok(cli("sandbox", "advance", "P2D"))  # the test clock starts a day behind real time
    ok(cli("sip", "trunks", "list"))  # a new process: a new token
