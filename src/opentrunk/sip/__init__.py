"""The SIP core of opentrunk: a sans-I/O implementation of the parts of RFC 3261 an
edge proxy needs.

There is no networking code here at all, and no clock: bytes and the current time go
in; messages, actions (bytes to send, messages for the TU) and deadlines come out. The
asyncio shell (``opentrunk.sip.transport``) owns the sockets and the timers.

* Parsing and writing: ``DatagramParser``, ``StreamFramer``, ``parse_message``,
  ``Request``, ``Response``, ``Headers``, ``parse_uri``, ``parse_address``.
* Building messages: ``make_response``, ``make_ack``, ``make_cancel``,
  ``error_response``.
* Transactions (§17): ``TransactionLayer`` and the actions it returns.
* Digest authentication (RFC 2617, RFC 7616): ``DigestAuthenticator``.
* Errors: ``SipProtocolError`` and its two subclasses.

How an edge drives it (UDP; a stream uses ``StreamFramer`` instead of the parser)::

    layer: TransactionLayer[Addr] = TransactionLayer()
    try:
        message = parser.parse(datagram)
    except RemoteProtocolError as exc:
        if (answer := error_response(exc, to_tag=new_tag())) is not None:
            sendto(answer.to_bytes(), source)      # else: drop it and count it
        return
    for action in layer.receive(message, source, now, reliable=False):
        match action:
            case SendMessage(data=data, remote=remote):
                sendto(data, remote)
            case PassToTU(message=request, transaction=tx):
                ...  # policy; answer with layer.send_response(tx, make_response(...), now)
    # and whenever layer.next_deadline() passes: perform layer.tick(now)
"""

from ._actions import (
    Action,
    PassToTU,
    SendMessage,
    TransactionTerminated,
    TransactionTimeout,
)
from ._address import (
    Address,
    CSeq,
    Via,
    parse_address,
    parse_cseq,
    parse_via,
    quote_string,
    unquote_string,
)
from ._authenticator import DigestAuthenticator, DigestVerdict
from ._builders import (
    error_response,
    make_ack,
    make_cancel,
    make_response,
    new_branch,
    new_tag,
    reason_phrase,
)
from ._digest import (
    DigestAlgorithm,
    DigestChallenge,
    DigestCredentials,
    compute_ha1,
    digest_response,
    digest_uri_matches,
)
from ._errors import LocalProtocolError, PartialMessage, RemoteProtocolError, SipProtocolError
from ._framing import StreamEvent, StreamFramer
from ._headers import Headers, canonical_name
from ._layer import TransactionLayer
from ._message import Message, Request, Response
from ._parser import DatagramParser, is_keepalive, parse_message
from ._timers import Timer, TimerConfig
from ._transaction import ClientTransaction, Kind, ServerTransaction, State, Transaction
from ._uri import AbsoluteUri, Params, SipUri, Uri, format_host, parse_uri

__all__ = [
    "AbsoluteUri",
    "Action",
    "Address",
    "CSeq",
    "ClientTransaction",
    "DatagramParser",
    "DigestAlgorithm",
    "DigestAuthenticator",
    "DigestChallenge",
    "DigestCredentials",
    "DigestVerdict",
    "Headers",
    "Kind",
    "LocalProtocolError",
    "Message",
    "Params",
    "PartialMessage",
    "PassToTU",
    "RemoteProtocolError",
    "Request",
    "Response",
    "SendMessage",
    "ServerTransaction",
    "SipProtocolError",
    "SipUri",
    "State",
    "StreamEvent",
    "StreamFramer",
    "Timer",
    "TimerConfig",
    "Transaction",
    "TransactionLayer",
    "TransactionTerminated",
    "TransactionTimeout",
    "Uri",
    "Via",
    "canonical_name",
    "compute_ha1",
    "digest_response",
    "digest_uri_matches",
    "error_response",
    "format_host",
    "is_keepalive",
    "make_ack",
    "make_cancel",
    "make_response",
    "new_branch",
    "new_tag",
    "parse_address",
    "parse_cseq",
    "parse_message",
    "parse_uri",
    "parse_via",
    "quote_string",
    "reason_phrase",
    "unquote_string",
]
