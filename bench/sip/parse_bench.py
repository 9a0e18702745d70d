"""Micro-benchmark: how many typical ~900-byte INVITEs the SIP core parses per second.

Run with ``python bench/sip/parse_bench.py``. Each round parses the datagram and reads
what an edge reads on every INVITE (top Via branch, From tag, To URI, Call-ID, CSeq,
Contact, Max-Forwards), then serialises the message again as a proxy would.
"""

from __future__ import annotations

import time

from opentrunk.sip import parse_message

SDP = (
    b"v=0\r\n"
    b"o=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\n"
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

INVITE = (
    b"INVITE sip:+14155550123@trunk1.pstn.example.com SIP/2.0\r\n"
    b"Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-524287-1---3b1e7f0c9a2d;rport\r\n"
    b"Max-Forwards: 70\r\n"
    b"Contact: <sip:+14155550100@192.0.2.10:5060;transport=udp>\r\n"
    b"To: <sip:+14155550123@trunk1.pstn.example.com>\r\n"
    b'From: "Front Desk" <sip:+14155550100@trunk1.pstn.example.com>;tag=8f3a2c1b\r\n'
    b"Call-ID: 3c26700b4a1e-9f2c@192.0.2.10\r\n"
    b"CSeq: 1 INVITE\r\n"
    b"Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, UPDATE\r\n"
    b"Content-Type: application/sdp\r\n"
    b"Supported: replaces, timer\r\n"
    b"User-Agent: ExamplePBX 16.2.1\r\n"
    b"Session-Expires: 1800;refresher=uac\r\n"
    b"P-Asserted-Identity: <sip:+14155550100@trunk1.pstn.example.com>\r\n"
    b"Content-Length: " + str(len(SDP)).encode() + b"\r\n\r\n" + SDP
)


def one_round() -> bytes:
    msg = parse_message(INVITE)
    assert msg.top_via.branch is not None
    _ = (msg.from_tag, msg.to.uri, msg.call_id, msg.cseq.number, msg.contacts, msg.max_forwards)
    return msg.to_bytes()


def main() -> None:
    print(f"message size: {len(INVITE)} bytes")
    for _ in range(2000):  # warm-up
        one_round()
    for label, func in (("parse + accessors", lambda: parse_message(INVITE)), ("parse + accessors + serialise", one_round)):
        n = 0
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < 2.0:
            for _ in range(1000):
                func()
            n += 1000
        print(f"{label}: {n / elapsed:,.0f} messages/s ({elapsed / n * 1e6:.1f} µs each)")


if __name__ == "__main__":
    main()
