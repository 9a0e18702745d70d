"""Framing SIP messages on a byte stream (TCP, TLS).

On a stream, Content-Length is the only way to find where a message ends, so it is
mandatory (§18.3) and a message without it breaks the stream. CRLFs between messages
are ignored (§7.5), except that a double CRLF is a keep-alive ping that wants a single
CRLF pong back (RFC 5626 §4.4.1).

The framer is used the way h11's connection is::

    framer.receive_data(chunk)
    while (event := framer.next_event()) is not StreamEvent.NEED_DATA:
        if event is StreamEvent.PING:
            send(b"\\r\\n")
        else:
            handle(event)            # a Request or Response

A framing error (no Content-Length, a header section that never ends, a size limit)
leaves the stream impossible to resynchronise: every later call raises the same error
and the caller should close the connection (``StreamFramer.broken`` says so). A
well-framed message with a bad header (a malformed From, say) only raises for that
message; the stream carries on.
"""

from __future__ import annotations

import enum

from ._errors import RemoteProtocolError
from ._message import Request, Response
from ._parser import (
    DEFAULT_MAX_HEADER_COUNT,
    DEFAULT_MAX_HEADER_LINE,
    DEFAULT_MAX_MESSAGE_SIZE,
    Head,
    build_message,
    parse_head,
)

__all__ = ["StreamEvent", "StreamFramer"]


class StreamEvent(enum.Enum):
    #: nothing complete yet; call ``receive_data`` again
    NEED_DATA = "NEED_DATA"
    #: the peer sent a CRLF CRLF keep-alive; answer with a single CRLF
    PING = "PING"


class StreamFramer:
    def __init__(
        self,
        *,
        max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE,
        max_header_count: int = DEFAULT_MAX_HEADER_COUNT,
        max_header_line: int = DEFAULT_MAX_HEADER_LINE,
    ) -> None:
        self.max_message_size = max_message_size
        self.max_header_count = max_header_count
        self.max_header_line = max_header_line
        self._buffer = bytearray()
        # Where to resume looking for the end of the header section, so that a head
        # arriving a byte at a time is not rescanned from the start each time.
        self._scan_from = 0
        self._head: Head | None = None
        self._head_size = 0
        self._error: RemoteProtocolError | None = None

    @property
    def buffered(self) -> int:
        """Bytes received and not yet returned as a message."""
        return len(self._buffer)

    def receive_data(self, data: bytes) -> None:
        self._buffer += data

    @property
    def broken(self) -> bool:
        """Whether a framing error has made the stream unusable."""
        return self._error is not None

    def next_event(self) -> Request | Response | StreamEvent:
        if self._error is not None:
            raise self._error
        try:
            head_and_body = self._next_frame()
        except RemoteProtocolError as exc:
            self._error = exc
            raise
        if isinstance(head_and_body, StreamEvent):
            return head_and_body
        return build_message(*head_and_body)

    def _next_frame(self) -> tuple[Head, bytes] | StreamEvent:
        buffer = self._buffer
        if self._head is None:
            while buffer[:2] == b"\r\n":
                if buffer[:4] == b"\r\n\r\n":
                    del buffer[:4]
                    self._scan_from = 0
                    return StreamEvent.PING
                if len(buffer) < 4 and buffer == b"\r\n\r\n"[: len(buffer)]:
                    return StreamEvent.NEED_DATA  # maybe the start of a ping
                del buffer[:2]  # a pong, or a stray CRLF before a start line
                self._scan_from = 0
            end = buffer.find(b"\r\n\r\n", max(0, self._scan_from - 3))
            if end < 0:
                if len(buffer) > self.max_message_size:
                    raise RemoteProtocolError("header section too large", status_hint=513)
                self._scan_from = len(buffer)
                return StreamEvent.NEED_DATA
            head = parse_head(
                bytes(buffer[:end]),
                max_header_count=self.max_header_count,
                max_header_line=self.max_header_line,
            )
            if head.content_length is None:
                raise RemoteProtocolError(
                    "missing Content-Length on a stream transport", partial=head.partial
                )
            size = end + 4 + head.content_length
            if size > self.max_message_size:
                raise RemoteProtocolError(
                    "message too large", status_hint=513, partial=head.partial
                )
            self._head, self._head_size = head, end + 4
        head = self._head
        assert head.content_length is not None
        size = self._head_size + head.content_length
        if len(buffer) < size:
            return StreamEvent.NEED_DATA
        body = bytes(buffer[self._head_size : size])
        del buffer[:size]
        self._head = None
        self._scan_from = 0
        return head, body
