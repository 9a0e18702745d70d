"""Micro-benchmark of the SIP core's parser: messages per second on one core.

Run with ``python bench/sip/parse_bench.py``. Three measurements:

* distinct INVITEs: ~900-byte INVITEs that share nothing (Call-ID, tags, branch and
  both numbers differ), so no parse cache helps. Each round parses the datagram and
  reads what an edge reads on every INVITE (top Via, From tag, To URI, Call-ID, CSeq,
  Contact, Max-Forwards).
* the same, then serialised again, as a proxy forwarding it would;
* call flows: the seven messages of a call (INVITE, 100, 180, 200, ACK, BYE, 200) for
  many calls, the mix an edge really sees; From, To and Contact repeat within a call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from opentrunk.sip import Request, make_response, new_branch, new_tag, parse_message

SDP = (
    b"v=0\r\n"
    b"o=pbx 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
    b"s=-\r\n"
    b"c=IN IP4 192.0.2.10\r\n"
    b"t=0 0\r\n"
    b"m=audio 49170 RTP/AVP 0 8 101\r\n"
    b"a=rtpmap:0 PCMU/8000\r\n"
    b"a=rtpmap:8 PCMA/8000\r\n"
    b"a=rtpmap:101 telephone-event/8000\r\n"
    b"a=fmtp:101 0-16\r\n"
    b"a=ptime:20\r\n"
    b"a=sendrecv\r\n"
)


def invite(n: int) -> bytes:
    caller, callee = f"+1415555{n % 10000:04d}", f"+1628555{(n * 7) % 10000:04d}"
    domain = "trunk1.pstn.example.com"
    return (
        f"INVITE sip:{callee}@{domain} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP 192.0.2.10:5060;branch={new_branch()};rport\r\n"
        "Max-Forwards: 70\r\n"
        f"Contact: <sip:{caller}@192.0.2.10:5060;transport=udp>\r\n"
        f"To: <sip:{callee}@{domain}>\r\n"
        f'From: "Front Desk" <sip:{caller}@{domain}>;tag={new_tag()}\r\n'
        f"Call-ID: {new_tag()}{new_tag()}@192.0.2.10\r\n"
        "CSeq: 1 INVITE\r\n"
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, UPDATE\r\n"
        "Content-Type: application/sdp\r\n"
        "Supported: replaces, timer\r\n"
        "User-Agent: ExamplePBX 16.2.1\r\n"
        "Session-Expires: 1800;refresher=uac\r\n"
        f"P-Asserted-Identity: <sip:{caller}@{domain}>\r\n"
        f"Content-Length: {len(SDP)}\r\n\r\n"
    ).encode() + SDP


def call_flow(n: int) -> list[bytes]:
    inv = parse_message(invite(n))
    assert isinstance(inv, Request)
    tag = new_tag()
    ok = make_response(inv, 200, to_tag=tag, headers=[("Contact", "<sip:b@192.0.2.20>")])
    ack = (
        f"ACK sip:b@192.0.2.20 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch={new_branch()}"
        f"\r\nMax-Forwards: 70\r\nFrom: {inv.headers.get('From')}\r\n"
        f"To: {ok.headers.get('To')}\r\nCall-ID: {inv.call_id}\r\nCSeq: 1 ACK\r\n"
        "Content-Length: 0\r\n\r\n"
    )
    bye = ack.replace("ACK", "BYE").replace("CSeq: 1 BYE", "CSeq: 2 BYE")
    bye = bye.replace(ack.split("branch=")[1].split("\r\n")[0], new_branch())
    bye_request = parse_message(bye.encode())
    assert isinstance(bye_request, Request)
    return [
        invite(n),
        make_response(inv, 100).to_bytes(),
        make_response(inv, 180, to_tag=tag).to_bytes(),
        ok.to_bytes(),
        ack.encode(),
        bye.encode(),
        make_response(bye_request, 200).to_bytes(),
    ]


def read(data: bytes) -> None:
    msg = parse_message(data)
    _ = (msg.top_via.branch, msg.from_tag, msg.to.uri, msg.call_id, msg.cseq.number)
    _ = (msg.contacts, msg.max_forwards)


def read_and_write(data: bytes) -> None:
    msg = parse_message(data)
    _ = (msg.top_via.branch, msg.from_tag, msg.to.uri, msg.call_id, msg.cseq.number)
    _ = (msg.contacts, msg.max_forwards)
    msg.to_bytes()


def rate(label: str, func: Callable[[bytes], None], corpus: list[bytes]) -> None:
    for data in corpus[:2000]:  # warm-up
        func(data)
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for data in corpus:
            func(data)
        best = max(best, len(corpus) / (time.perf_counter() - start))
    print(f"{label:<34} {best:>10,.0f} messages/s  ({1e6 / best:5.1f} µs each)")


def main() -> None:
    invites = [invite(n) for n in range(20_000)]
    flows = [data for n in range(3_000) for data in call_flow(n)]
    print(f"INVITE size: {len(invites[0])} bytes; best of 3 runs, one core\n")
    rate("distinct INVITEs, parse + read", read, invites)
    rate("distinct INVITEs, + serialise", read_and_write, invites)
    rate("call flows (7 messages/call)", read, flows)


if __name__ == "__main__":
    main()
