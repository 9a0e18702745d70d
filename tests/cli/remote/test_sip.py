"""``opentrunk sip ...`` through click's runner, against the real app in process."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.conftest import PROJECT_ID
from tests.sdk.records import call_record

PASSWORD = "SecurePassword1234"


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(result) -> object:
    return json.loads(ok(result))


class TestTrunks:
    def test_lifecycle_as_tables(self, cli):
        created = as_json(cli("sip", "trunks", "create", "-n", "Main", "--host-name", "acme",
                              "--json"))  # fmt: skip
        trunk_id = created["id"]
        assert created["domain"] == "acme.pstn.sinch.com"

        table = ok(cli("sip", "trunks", "list")).splitlines()
        assert (
            table[0] == "ID" + " " * 26 + "NAME  DOMAIN               CPS  CALLER NAME  FORWARD TO"
        )
        assert table[2].split()[:4] == [trunk_id, "Main", "acme.pstn.sinch.com", "1"]

        shown = ok(cli("sip", "trunks", "get", trunk_id))
        assert ["host_name", "acme"] in [line.split() for line in shown.splitlines()]
        assert ["call_forward_number", "-"] in [line.split() for line in shown.splitlines()]

        updated = as_json(cli("sip", "trunks", "update", trunk_id, "-n", "HQ",
                              "--forward-to", "+15551234567", "--json"))  # fmt: skip
        assert (updated["name"], updated["hostName"]) == ("HQ", "acme")  # the rest stays
        assert updated["callForwardNumber"] == "+15551234567"
        assert (
            as_json(cli("sip", "trunks", "update", trunk_id, "--no-forward", "--json"))[
                "enableCallForward"
            ]
            is False
        )

        assert ok(cli("sip", "trunks", "delete", trunk_id)) == f"deleted trunk {trunk_id}\n"
        assert as_json(cli("sip", "trunks", "list", "--json")) == []

    def test_links(self, cli):
        trunk = as_json(cli("sip", "trunks", "create", "-n", "T", "--host-name", "links",
                            "--json"))["id"]  # fmt: skip
        acl = as_json(cli("sip", "acls", "create", "-n", "Office", "-r", "203.0.113.0/24",
                          "--json"))["id"]  # fmt: skip
        creds = as_json(cli("sip", "credential-lists", "create", "-n", "Phones",
                            "-c", f"desk1:{PASSWORD}", "--json"))["id"]  # fmt: skip

        ok(cli("sip", "trunks", "acls", "add", trunk, acl))
        assert ok(cli("sip", "trunks", "acls", "list", trunk)).split() == [acl]
        ok(cli("sip", "trunks", "acls", "remove", trunk, acl))
        assert as_json(cli("sip", "trunks", "acls", "list", trunk, "--json")) == {
            "accessControlListIds": []
        }

        ok(cli("sip", "trunks", "credential-lists", "add", trunk, creds))
        listed = ok(cli("sip", "trunks", "credential-lists", "list", trunk))
        assert "Phones" in listed
        assert "desk1" in listed
        ok(cli("sip", "trunks", "credential-lists", "update", trunk))  # none: unlink all
        assert as_json(cli("sip", "trunks", "credential-lists", "list", trunk, "--json")) == []
        ok(cli("sip", "trunks", "credential-lists", "add", trunk, creds))
        ok(cli("sip", "trunks", "credential-lists", "remove", trunk, creds))


def test_acls_and_ranges(cli):
    acl = as_json(cli("sip", "acls", "create", "-n", "Office", "-r", "203.0.113.7",
                      "-r", "198.51.100.0/28", "--json"))  # fmt: skip
    assert [(r["ipAddress"], r["range"]) for r in acl["ipRanges"]] == [
        ("203.0.113.7", 32),
        ("198.51.100.0", 28),
    ]
    assert "203.0.113.7/32, 198.51.100.0/28" in ok(cli("sip", "acls", "list"))
    added = as_json(cli("sip", "acls", "ranges", "add", acl["id"], "192.0.2.0/30",
                        "-d", "VPN", "--json"))  # fmt: skip
    assert "VPN" in ok(cli("sip", "acls", "ranges", "list", acl["id"]))
    ok(cli("sip", "acls", "ranges", "remove", acl["id"], added["id"]))
    assert "VPN" not in ok(cli("sip", "acls", "ranges", "list", acl["id"]))
    disabled = as_json(cli("sip", "acls", "update", acl["id"], "--disable", "--json"))
    assert (disabled["name"], disabled["enabled"]) == ("Office", False)
    assert "enabled" in ok(cli("sip", "acls", "get", acl["id"]))
    assert as_json(cli("sip", "acls", "trunks", acl["id"], "--json")) == []
    ok(cli("sip", "acls", "delete", acl["id"]))

    bad = cli("sip", "acls", "create", "-n", "Bad", "-r", "203.0.113.7/40")
    assert bad.exit_code == 2
    assert "ADDRESS/PREFIX" in bad.stderr


def test_credential_lists(cli):
    created = as_json(cli("sip", "credential-lists", "create", "-n", "Phones", "--json"))
    list_id = created["id"]
    ok(cli("sip", "credential-lists", "set-credential", list_id, "alice", "--password", PASSWORD))
    # Without --password it is prompted for (twice).
    prompted = cli("sip", "credential-lists", "set-credential", list_id, "bob",
                   input=f"{PASSWORD}\n{PASSWORD}\n")  # fmt: skip
    assert prompted.exit_code == 0, prompted.output
    assert "alice, bob" in ok(cli("sip", "credential-lists", "list"))
    ok(cli("sip", "credential-lists", "delete-credential", list_id, "bob"))
    renamed = as_json(cli("sip", "credential-lists", "update", list_id, "-n", "Desk", "--json"))
    assert (renamed["name"], [c["username"] for c in renamed["credentials"]]) == (
        "Desk",
        ["alice"],
    )
    assert "alice" in ok(cli("sip", "credential-lists", "get", list_id))
    assert as_json(cli("sip", "credential-lists", "trunks", list_id, "--json")) == []
    weak = cli("sip", "credential-lists", "set-credential", list_id, "eve", "--password", "weak")
    assert weak.exit_code == 3
    assert "12 characters" in weak.stderr
    ok(cli("sip", "credential-lists", "delete", list_id))


def test_endpoints(cli):
    trunk = as_json(cli("sip", "trunks", "create", "-n", "T", "--host-name", "ep", "--json"))["id"]
    static = as_json(cli("sip", "endpoints", "create", "-t", trunk, "-n", "PBX",
                         "-a", "198.51.100.7", "--transport", "tcp", "--json"))  # fmt: skip
    assert (static["transport"], static["port"]) == ("TCP", 5060)
    ok(cli("sip", "credential-lists", "create", "-n", "P", "-c", f"alice:{PASSWORD}"))
    registered = as_json(cli("sip", "endpoints", "create", "-t", trunk, "-n", "Alice",
                             "-u", "alice", "-p", "2", "--json"))  # fmt: skip
    assert registered["isRegistered"] is True
    table = ok(cli("sip", "endpoints", "list", "-t", trunk))
    assert "198.51.100.7:5060" in table
    assert "alice" in table
    changed = as_json(cli("sip", "endpoints", "update", "-t", trunk, static["id"],
                          "--disable", "--port", "5080", "--json"))  # fmt: skip
    assert (changed["enabled"], changed["port"], changed["name"]) == (False, 5080, "PBX")
    renamed = as_json(cli("sip", "endpoints", "update", "-t", trunk, registered["id"],
                          "-n", "Alice's phone", "--json"))  # fmt: skip
    assert renamed["credentialUsername"] == "alice"
    assert "Alice's phone" in ok(cli("sip", "endpoints", "get", "-t", trunk, registered["id"]))
    ok(cli("sip", "endpoints", "delete", "-t", trunk, static["id"]))

    both = cli("sip", "endpoints", "create", "-t", trunk, "-n", "X", "-a", "1.2.3.4", "-u", "x")
    assert both.exit_code == 2
    assert "one of --address and --username" in both.stderr


def test_numbers_and_countries(cli):
    trunk = as_json(cli("sip", "trunks", "create", "-n", "T", "--host-name", "pn", "--json"))["id"]
    ok(cli("sip", "numbers", "assign", "+15552229999", "-t", trunk))
    assert "+15552229999  US" in ok(cli("sip", "numbers", "list", "-t", trunk))
    assert as_json(cli("sip", "numbers", "get", "+15552229999", "--json"))["sipTrunkId"] == trunk
    ok(cli("sip", "numbers", "unassign", "+15552229999"))
    assert cli("sip", "numbers", "get", "+15552229999").exit_code == 6

    enabled = ok(cli("sip", "countries", "list", "--enabled")).splitlines()
    assert {line.split()[0] for line in enabled[2:]} >= {"US", "CA"}
    assert as_json(cli("sip", "countries", "enable", "se", "--json"))["enabled"] is True
    assert "Sweden" in ok(cli("sip", "countries", "get", "SE"))
    assert as_json(cli("sip", "countries", "disable", "SE", "--json"))["enabled"] is False


def test_calls_find_and_export(cli, insert_calls, clock, tmp_path):
    now = clock.now()
    insert_calls([
        call_record("c1", now - timedelta(hours=1)),
        call_record("c2", now - timedelta(hours=2), direction="INBOUND", call_result="BUSY"),
    ])  # fmt: skip
    table = ok(cli("sip", "calls", "list")).splitlines()
    assert [line.split()[2] for line in table[2:]] == ["c1", "c2"]
    assert [c["callId"] for c in as_json(cli("sip", "calls", "list", "--result", "busy",
                                             "--json"))] == ["c2"]  # fmt: skip
    since = (now - timedelta(minutes=90)).strftime("%Y-%m-%d %H:%M:%S")
    assert [c["callId"] for c in as_json(cli("sip", "calls", "list", "--since", since,
                                             "--json"))] == ["c1"]  # fmt: skip
    assert ok(cli("sip", "calls", "list", "--limit", "1")).count("\n") == 3

    csv_text = ok(cli("sip", "calls", "export", "--direction", "inbound"))
    assert csv_text.splitlines()[0].startswith('"Timestamp","Call Id"')
    assert len(csv_text.splitlines()) == 2
    target = tmp_path / "calls.csv"
    assert ok(cli("sip", "calls", "export", "-o", str(target))).startswith(f"wrote {target}")
    assert len(target.read_text().splitlines()) == 3
    missing = cli("sip", "calls", "pcap", "2b1f3c0e", "-o", str(tmp_path / "call.pcap"))
    assert missing.exit_code == 6


def test_blocking_rules_and_projects(cli):
    rule = as_json(cli("sip", "blocking-rules", "create", "-d", "outbound", "-n", "Premium",
                       "--callee-match", "+1900", "--json"))  # fmt: skip
    assert rule["direction"] == "outbound"
    assert "+1900" in ok(cli("sip", "blocking-rules", "list"))
    changed = as_json(cli("sip", "blocking-rules", "update", rule["id"], "-d", "OUTBOUND",
                          "--callee-match", "+1976", "--json"))  # fmt: skip
    assert changed["calleeMatch"] == "+1976"
    ok(cli("sip", "blocking-rules", "delete", rule["id"]))
    assert as_json(cli("sip", "blocking-rules", "list", "--json")) == []

    other = "d1923022-5199-4bb3-a513-c4757a656bc5"
    assert as_json(cli("sip", "projects", "add", other, "--json")) == {"addedProjects": [other]}
    assert ok(cli("sip", "projects", "add", other)) == "added 0: -\n"


class TestExitCodes:
    def test_not_found_is_6(self, cli):
        result = cli("sip", "trunks", "get", "01HA2E80QCBX185VVP21PJG9CT")
        assert result.exit_code == 6
        assert result.stderr.startswith("Error: 404 Not Found: ")
        assert result.stdout == ""

    def test_invalid_is_3_with_the_fields(self, cli):
        result = cli("sip", "trunks", "create", "-n", "x", "--host-name", "not valid")
        assert result.exit_code == 3
        assert "hostName" in result.stderr

    def test_conflict_is_7(self, cli):
        ok(cli("sip", "trunks", "create", "-n", "A", "--host-name", "taken"))
        assert cli("sip", "trunks", "create", "-n", "B", "--host-name", "taken").exit_code == 7

    def test_wrong_secret_is_4(self, cli):
        result = cli("sip", "trunks", "list", SINCH_KEY_SECRET="wrong-secret-value")
        assert result.exit_code == 4

    def test_no_credentials_is_4(self, cli):
        result = cli("sip", "trunks", "list", SINCH_KEY_ID="", SINCH_KEY_SECRET="")
        assert result.exit_code == 4
        assert "SINCH_KEY_ID" in result.stderr

    def test_another_project_is_5(self, cli):
        assert cli("sip", "--project-id", "someone-else", "trunks", "list").exit_code == 5

    def test_flags_win_over_the_environment(self, cli):
        result = cli("sip", "--project-id", PROJECT_ID, "trunks", "list", "--json",
                     SINCH_PROJECT_ID="someone-else")  # fmt: skip
        assert result.exit_code == 0

    def test_no_server_is_10(self):
        from click.testing import CliRunner

        from opentrunk.cli import main

        result = CliRunner().invoke(
            main,
            ["sip", "--base-url", "http://127.0.0.1:9", "--max-retries", "0", "trunks", "list"],
            env={"SINCH_PROJECT_ID": "p", "SINCH_KEY_ID": "k", "SINCH_KEY_SECRET": "s"},
        )
        assert result.exit_code == 10
        assert result.stderr.startswith("Error: ")
