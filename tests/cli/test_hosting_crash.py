"""Crash safety of number hosting: ``opentrunk serve`` is killed (SIGKILL) in the middle of
hosting orders and callback deliveries, started again on the same data, and every order
still finishes, every callback arrives (the same ``eventId`` when redelivered), and no
state change happened twice.

A real process, real sockets and a real callback receiver; the wait is for a real
process to make progress, so it polls (there is no clock to advance for that).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

OPENTRUNK = str(Path(sys.executable).with_name("opentrunk"))
PROJECT, KEY, SECRET, ADMIN = "crash-project", "crash-key", "crash-secret-value", "crash-admin"
HMAC = "crash-hmac-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, bytes]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = hmac.new(HMAC.encode(), body, hashlib.sha1).hexdigest()
        assert self.headers["X-Sinch-Signature"] == expected
        time.sleep(0.02)  # deliveries stay in flight long enough to be cut by the kill
        with self.lock:
            self.received.append((self.headers["webhook-id"], body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTRUNK_", "SINCH_"))}
    env.update(
        OPENTRUNK_DATA_DIR=str(data_dir),
        OPENTRUNK_HTTP_PORT=str(port),
        OPENTRUNK_ADMIN_TOKEN=ADMIN,
        OPENTRUNK_SANDBOX="true",
        OPENTRUNK_HOSTING_AUTOPILOT_DELAY_SECONDS="0",
        # The campaign links wait, so the kill always lands with every order unfinished.
        OPENTRUNK_HOSTING_AUTOPILOT_DELAYS="campaign=3",
        OPENTRUNK_WORKER_LEASE_SECONDS="2",
        OPENTRUNK_WORKER_POLL_SECONDS="0.2",
        OPENTRUNK_LOG_LEVEL="warning",
        OPENTRUNK_SIP_PORT="0",  # the SIP edge on any free port (tests run in parallel)
        SINCH_PROJECT_ID=PROJECT,
        SINCH_KEY_ID=KEY,
        SINCH_KEY_SECRET=SECRET,
    )
    process = subprocess.Popen(
        [OPENTRUNK, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=0.5).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError("server not ready")


def _until(what: str, check: object, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_kill_in_the_middle_of_orders_and_deliveries(tmp_path):
    _Receiver.received = []
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    callback = f"http://127.0.0.1:{receiver.server_address[1]}/cb"
    port = _free_port()
    server = _serve(tmp_path, port)
    api = httpx.Client(
        base_url=f"http://127.0.0.1:{port}/v1/projects/{PROJECT}", auth=(KEY, SECRET), timeout=60
    )
    admin = httpx.Client(
        base_url=f"http://127.0.0.1:{port}/admin/projects/{PROJECT}",
        headers={"Authorization": f"Bearer {ADMIN}"},
        timeout=60,
    )
    try:
        assert api.patch("/callbackConfiguration", json={"hmacSecret": HMAC}).status_code == 200
        batches = [[f"+1{area}{2_000_000 + i:07d}" for i in range(40)] for area in (212, 312, 415)]
        for batch in batches:
            assert api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": batch}).is_success

        def all_eligible() -> bool:
            listed = api.get(
                "/qualifiedNumbers", params={"states": "GLOBAL_PROCESS_STATE_ELIGIBLE"}
            )
            return bool(listed.json()["totalSize"] == 120)

        _until("the invoice reviews", all_eligible)
        orders = []
        for batch in batches:
            created = api.post(
                "/hostingOrders:textEnableNumbers",
                json={"regionCode": "US", "numbers": batch, "servicePlanId": "plan",
                      "campaignId": "CRASH01", "blanketLoaInfo": {}, "callbackUrl": callback},
            )  # fmt: skip
            assert created.status_code == 200, created.text
            orders.append(created.json()["hostingOrderId"])
        imported = ["+16175550200", "+16175550201", "+16175550202"]
        created = api.post(
            "/hostingOrders:importNumbers",
            json={"regionCode": "US", "numbers": imported, "servicePlanId": "plan",
                  "campaignId": "CRASH01", "callbackUrl": callback},
        )  # fmt: skip
        orders.append(created.json()["hostingOrderId"])

        _until("the first callbacks", lambda: len(_Receiver.received) >= 20, timeout=60)
        server.send_signal(signal.SIGKILL)
        server.wait(15)
        at_kill = len(_Receiver.received)
        server = _serve(tmp_path, port)
        unfinished = [api.get(f"/hostingOrders/{o}").json()["state"] for o in orders]
        assert set(unfinished) != {"COMPLETED"}, "the kill came too late to test anything"
        expected_events = 120 * 4 + 3 * 3

        def finished() -> bool:
            done = all(
                api.get(f"/hostingOrders/{o}").json()["state"] == "COMPLETED" for o in orders
            )
            return done and len({e for e, _ in _Receiver.received}) >= expected_events

        _until("every order and every callback", finished)
        time.sleep(0.5)  # let any redelivery in flight land before counting

        # Every order finished completely.
        for order_id in orders:
            report = api.get(f"/hostingOrders/{order_id}/report").json()
            assert report["total"] == report["osrUpdated"] == report["smsProvisioned"]
            assert report["total"] == report["addedToCampaign"]
        everything = {"servicePlanId": "", "campaignId": ""}
        assert api.get("/importedNumbers", params=everything).json()["totalSize"] == 123
        done = {"states": "GLOBAL_PROCESS_STATE_HOSTING_DONE"}
        assert api.get("/qualifiedNumbers", params=done).json()["totalSize"] == 120

        # No transition happened twice.
        for order_id in orders:
            events = admin.get(f"/hostingOrders/{order_id}/events").json()["events"]
            keys = Counter((e["phoneNumber"], e["step"], e["event"], e["to"]) for e in events)
            doubled = [k for k, n in keys.items() if n > 1]
            assert not doubled, doubled[:5]

        # Every callback arrived, at least once per eventId, and no event was made twice.
        by_resource: dict[tuple[str, str], set[str]] = defaultdict(set)
        for event_id, body in _Receiver.received:
            payload = json.loads(body)
            assert payload["eventId"] == event_id
            assert payload["status"] == "SUCCEEDED"
            by_resource[(payload["resourceId"], payload["eventType"])].add(event_id)
        assert len(by_resource) == expected_events
        assert all(len(ids) == 1 for ids in by_resource.values())
        assert at_kill < len(_Receiver.received)
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        receiver.shutdown()
        api.close()
        admin.close()
