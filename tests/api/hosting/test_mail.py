"""LOA emails through a real SMTP server (aiosmtpd on loopback)."""

from __future__ import annotations

import email
import socket
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from pydantic import SecretStr

from opentrunk.hosting.mail import smtp_target
from tests.api.hosting.conftest import DELAY
from tests.api.hosting.test_hosting_orders import DIRECT


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def settings(settings, smtp):
    controller, _ = smtp
    return settings.model_copy(update={"smtp_url": f"smtp://127.0.0.1:{controller.port}"})


def test_smtp_urls():
    target = smtp_target("smtps://user%40x:p%3Ass@mail.test?starttls=0")
    assert (target.host, target.port, target.implicit_tls) == ("mail.test", 465, True)
    assert (target.username, target.password) == ("user@x", "p:ss")
    assert smtp_target("smtp://mail.test?starttls=1").starttls


async def test_the_loa_is_mailed_with_the_letter_attached(api, admin, run, smtp, settings):
    _, inbox = smtp
    await api.post("/qualifiedNumbers:addNumbers", json={"phoneNumbers": ["+12025550600"]})
    await run(DELAY)
    response = await api.post(
        "/hostingOrders:textEnableNumbers",
        json={"regionCode": "US", "numbers": ["+12025550600"], "servicePlanId": "p",
              "directLoaInfo": DIRECT},
    )  # fmt: skip
    order_id = response.json()["hostingOrderId"]
    await run()
    (message,) = inbox.messages
    assert message["To"] == "john@acme.test"
    assert order_id in message["Subject"]
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "http://opentrunk.test/loa/" in parts["text/plain"].get_payload(decode=True).decode()
    assert parts["application/pdf"].get_payload(decode=True).startswith(b"%PDF-")
    (sent,) = (await admin.get("/sandbox/emails")).json()["emails"]
    assert sent["status"] == "SENT"
    assert isinstance(settings.admin_token, SecretStr)
