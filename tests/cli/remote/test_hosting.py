"""``opentrunk numbers|hosting-orders|qualified|sandbox`` through click's runner, with
the sandbox autopilot driven by the injected sleep (no real waiting)."""

from __future__ import annotations

import json

from tests.cli.remote.test_sip import as_json, ok
from tests.sdk.conftest import AUTOPILOT_DELAY

LOA = {
    "directLoaInfo": {
        "authorisedPerson": {"firstName": "John", "lastName": "Smith", "email": "j@example.com"},
        "address": {
            "buildingNumber": "2433",
            "street": "Vesta Drive",
            "city": "Chicago",
            "state": "IL",
            "postalCode": "60647",
            "country": "US",
        },
        "currentVoiceCarrier": "Verizon",
    }
}


def _numbers(first: int, count: int) -> list[str]:
    return [f"+1202555{n:04d}" for n in range(first, first + count)]


def _csv(tmp_path, numbers, name="numbers.csv"):
    path = tmp_path / name
    path.write_text("name,phoneNumber\n" + "".join(f"n{i},{n}\n" for i, n in enumerate(numbers)))
    return str(path)


class TestBulkImport:
    def test_twelve_numbers_make_three_orders(self, cli, tmp_path, sent):
        numbers = _numbers(400, 12)
        result = cli("numbers", "imported", "import", _csv(tmp_path, numbers),
                     "--service-plan-id", "plan-a", "--json")  # fmt: skip
        orders = as_json(result)
        assert "Importing" in result.stderr  # the progress bar
        imports = [r for r in sent if r.url.path.endswith("hostingOrders:importNumbers")]
        assert [len(json.loads(r.content)["numbers"]) for r in imports] == [5, 5, 2]
        assert [o["type"] for o in orders] == ["IMPORT"] * 3

    def test_wait_follows_every_order(self, cli, tmp_path):
        result = cli("numbers", "imported", "import", _csv(tmp_path, _numbers(500, 6)),
                     "--service-plan-id", "plan-a", "--campaign-id", "C1", "--wait",
                     "--interval", "1")  # fmt: skip
        out = ok(result)
        assert out.count("COMPLETED") >= 2 * 2  # two orders: a progress line and a table row

    def test_bad_csv(self, cli, tmp_path):
        path = tmp_path / "bad.csv"
        path.write_text("phoneNumber\n+12025550100\n2025550101\n")
        result = cli("numbers", "imported", "import", str(path), "--service-plan-id", "p")
        assert result.exit_code == 2
        assert "line 3" in result.stderr

    def test_from_stdin(self, cli):
        result = cli("numbers", "imported", "import", "-", "--service-plan-id", "p", "--json",
                     input="+12025550600\n+12025550601\n")  # fmt: skip
        assert len(as_json(result)) == 1


def test_imported_numbers_one_by_one(cli, run):
    number = "+12025550200"
    created = as_json(cli("numbers", "imported", "create", number, "--service-plan-id", "plan-a",
                          "--campaign-id", "C1", "--display-name", "Desk", "--json"))  # fmt: skip
    assert created["displayName"] == "Desk"
    run(AUTOPILOT_DELAY)
    run(AUTOPILOT_DELAY)
    table = ok(cli("numbers", "imported", "list", "--service-plan-id", "plan-a",
                   "--campaign-id", "C1"))  # fmt: skip
    assert table.splitlines()[2].split() == [number, "Desk", "plan-a", "C1", "DONE", "DONE"]
    assert "sms_provisioning" in ok(cli("numbers", "imported", "get", number))
    updated = as_json(cli("numbers", "imported", "update", number, "--display-name", "Front",
                          "--json"))  # fmt: skip
    assert updated["displayName"] == "Front"
    ok(cli("numbers", "imported", "delete", number))
    assert cli("numbers", "imported", "get", number).exit_code == 6


def test_callback_secret(cli):
    assert (
        as_json(cli("numbers", "callbacks", "set-secret", "s3cret", "--json"))["hmacSecret"]
        == "s3cret"
    )
    assert "s3cret" in ok(cli("numbers", "callbacks", "get"))


class TestQualified:
    def test_add_list_challenge_verify_delete(self, cli, tmp_path, run):
        added = cli("qualified", "add", "+12025550100", "-f",
                    _csv(tmp_path, ["+12025550101", "+12025550100"]))  # fmt: skip
        rows = ok(added).splitlines()[2:]
        assert [r.split()[0] for r in rows] == ["+12025550100", "+12025550101"]
        run(AUTOPILOT_DELAY)
        eligible = ok(cli("qualified", "list", "--state", "eligible")).splitlines()[2:]
        assert [r.split()[:3] for r in eligible] == [["+12025550100", "US", "ELIGIBLE"]]
        everything = as_json(cli("qualified", "list", "--json"))
        assert len(everything) == 2

        ok(cli("qualified", "challenge", "+12025550100"))
        (call,) = as_json(cli("sandbox", "calls", "--number", "+12025550100", "--json"))
        verified = as_json(cli("qualified", "verify", "+12025550100", call["code"], "--json"))
        assert verified["globalProcessState"] == "GLOBAL_PROCESS_STATE_VERIFIED"
        assert "VERIFIED" in ok(cli("qualified", "get", "+12025550100"))
        ok(cli("qualified", "delete", "+12025550101"))

    def test_nothing_to_add(self, cli):
        assert cli("qualified", "add").exit_code == 2


class TestHostingOrders:
    def _qualify(self, cli, tmp_path, run, numbers):
        ok(cli("qualified", "add", "-f", _csv(tmp_path, numbers, "q.csv")))
        run(AUTOPILOT_DELAY)

    def test_text_enable_in_orders_of_500_then_wait(self, cli, tmp_path, run, sent):
        numbers = _numbers(1000, 501)
        self._qualify(cli, tmp_path, run, numbers)
        loa = tmp_path / "loa.json"
        loa.write_text(json.dumps(LOA))
        result = cli("hosting-orders", "text-enable", _csv(tmp_path, numbers), "--loa", str(loa),
                     "--service-plan-id", "plan-a", "--campaign-id", "C1", "--json")  # fmt: skip
        orders = as_json(result)
        assert "Text-enabling" in result.stderr
        requests = [r for r in sent if r.url.path.endswith("hostingOrders:textEnableNumbers")]
        assert [len(json.loads(r.content)["numbers"]) for r in requests] == [500, 1]
        first = orders[0]["hostingOrderId"]

        waited = cli("hosting-orders", "wait", first, "--interval", "1")
        lines = ok(waited).splitlines()
        states = [line.split()[2] for line in lines]
        assert states[:2] == ["SUBMITTED", "WAITING_FOR_LOA_SIGNATURE"]
        assert states[-1] == "COMPLETED"
        assert lines[-1].endswith("500/500 provisioned, 500/500 OSR updated")

        assert "COMPLETED" in ok(cli("hosting-orders", "get", first))
        report = as_json(cli("hosting-orders", "report", first, "--json"))
        assert report["total"] == 500
        table = ok(cli("hosting-orders", "numbers", first)).splitlines()
        assert len(table) == 2 + 500
        one = as_json(cli("hosting-orders", "numbers", first, numbers[0], "--json"))
        assert one["phoneNumber"] == numbers[0]
        listed = as_json(cli("hosting-orders", "list", "--state", "COMPLETED", "--type",
                             "TYPE_TEXT_ENABLE", "--service-plan-id", "plan-a",
                             "--campaign-id", "C1", "--json"))  # fmt: skip
        # Waiting ran the autopilot for the other order too.
        assert sorted(o["hostingOrderId"] for o in listed) == sorted(
            o["hostingOrderId"] for o in orders
        )

    def test_wait_json_lines_and_rejection(self, cli, tmp_path, run):
        declined = "+12025550104"  # magic: the authorised person declines the LOA
        self._qualify(cli, tmp_path, run, [declined])
        loa = tmp_path / "loa.json"
        loa.write_text(json.dumps(LOA))
        (order,) = as_json(cli("hosting-orders", "text-enable", _csv(tmp_path, [declined]),
                               "--loa", str(loa), "--service-plan-id", "p", "--json"))  # fmt: skip
        result = cli("hosting-orders", "wait", order["hostingOrderId"], "--interval", "1",
                     "--json")  # fmt: skip
        assert result.exit_code == 11
        changes = [json.loads(line) for line in result.stdout.splitlines()]
        assert changes[-1]["state"] == "REJECTED"
        assert "report" in changes[-1]
        assert "REJECTED" in result.stderr

    def test_wait_timeout_is_12(self, cli, tmp_path, run):
        self._qualify(cli, tmp_path, run, ["+12025550300"])
        (order,) = as_json(cli("hosting-orders", "text-enable", _csv(tmp_path, ["+12025550300"]),
                               "--loa", "-", "--service-plan-id", "p", "--json",
                               input=json.dumps(LOA)))  # fmt: skip
        result = cli("hosting-orders", "wait", order["hostingOrderId"], "--interval", "1",
                     "--timeout", "1")  # fmt: skip
        assert result.exit_code == 12

    def test_toll_free_needs_a_signed_loa(self, cli, tmp_path, run):
        self._qualify(cli, tmp_path, run, ["+18335870229"])
        blanket = tmp_path / "blanket.json"
        blanket.write_text('{"blanketLoaInfo": {}}')
        refused = cli("hosting-orders", "text-enable", _csv(tmp_path, ["+18335870229"]),
                      "--loa", str(blanket), "--service-plan-id", "p", "--toll-free")  # fmt: skip
        assert refused.exit_code == 2
        loa = tmp_path / "loa.json"
        loa.write_text(json.dumps(LOA))
        (order,) = as_json(cli("hosting-orders", "text-enable", _csv(tmp_path, ["+18335870229"]),
                               "--loa", str(loa), "--service-plan-id", "p", "--toll-free",
                               "--json"))  # fmt: skip
        assert order["type"] == "TYPE_TEXT_ENABLE"

    def test_a_bad_loa_file(self, cli, tmp_path):
        loa = tmp_path / "loa.json"
        loa.write_text('{"directLoaInfo": {"currentVoiceCarrier": "X"}}')
        result = cli("hosting-orders", "text-enable", _csv(tmp_path, ["+12025550100"]),
                     "--loa", str(loa), "--service-plan-id", "p")  # fmt: skip
        assert result.exit_code == 2
        assert "authorisedPerson" in result.stderr or "authorised_person" in result.stderr


def test_sandbox_inboxes(cli, tmp_path, run):
    ok(cli("qualified", "add", "+12025550100"))
    run(AUTOPILOT_DELAY)
    loa = tmp_path / "loa.json"
    loa.write_text(json.dumps(LOA))
    ok(cli("hosting-orders", "text-enable", _csv(tmp_path, ["+12025550100"]), "--loa", str(loa),
           "--service-plan-id", "p"))  # fmt: skip
    run()
    (email,) = as_json(cli("sandbox", "emails", "--to", "j@example.com", "--json"))
    assert "j@example.com" in ok(cli("sandbox", "emails"))
    pdf = tmp_path / "loa.pdf"
    ok(cli("sandbox", "attachment", email["id"], "-o", str(pdf)))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert cli("sandbox", "emails", OPENTRUNK_ADMIN_TOKEN="wrong").exit_code in (4, 5)
