"""The error tree of the SIP core.

Bad input never escapes as anything but these, so a caller that catches
``SipProtocolError`` around parsing and protocol calls has caught everything::

    SipProtocolError                 abstract; ``status_hint`` (default 400)
    ├── LocalProtocolError           the caller asked for something illegal: sending a
    │                                response from a finished transaction, building a
    │                                header with a CR in it, answering an ACK
    └── RemoteProtocolError          the peer sent something malformed; ``partial`` holds
                                     whatever of the message could be read

``status_hint`` is the SIP status a server would answer with: 400 Bad Request for
syntax, 505 Version Not Supported, 513 Message Too Large. Whether an answer is possible
at all depends on how much of the message was read; ``error_response()`` (in
``_builders``) turns a ``RemoteProtocolError`` into that answer, or says there is none
and the caller should drop the message and count it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._headers import Headers

__all__ = ["LocalProtocolError", "PartialMessage", "RemoteProtocolError", "SipProtocolError"]


class SipProtocolError(Exception):
    """Base of every error the SIP core raises on purpose. Not raised directly."""

    def __init__(self, message: str, *, status_hint: int = 400) -> None:
        if type(self) is SipProtocolError:
            # As in h11: callers must be able to tell whose fault it was.
            raise TypeError("raise LocalProtocolError or RemoteProtocolError instead")
        super().__init__(message)
        self.message = message
        self.status_hint = status_hint


class LocalProtocolError(SipProtocolError):
    """The caller (our own code) tried something the protocol forbids."""


class RemoteProtocolError(SipProtocolError):
    """The peer sent something malformed.

    ``partial`` is set when the start line and the header section could be split into
    fields, even if some field is invalid: enough, often, to answer with a 4xx.
    """

    def __init__(
        self,
        message: str,
        *,
        status_hint: int = 400,
        partial: PartialMessage | None = None,
    ) -> None:
        super().__init__(message, status_hint=status_hint)
        self.partial = partial

    def with_partial(self, partial: PartialMessage) -> RemoteProtocolError:
        """This error again, carrying what could be read of the message."""
        if self.partial is None:
            self.partial = partial
        return self


@dataclass(frozen=True, slots=True)
class PartialMessage:
    """What could be read of a message that failed to parse.

    ``method`` is set for requests, ``status`` for responses; ``headers`` are raw
    (names normalised, values not validated).
    """

    start_line: str
    method: str | None
    status: int | None
    headers: Headers
