"""What a transaction asks its caller to do.

Every transaction entry point returns a list of these, in the order they must be
performed. They carry the transaction so that the caller can find its own context.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, Union

from ._message import Request, Response

if TYPE_CHECKING:
    from ._transaction import Transaction

__all__ = [
    "Action",
    "PassToTU",
    "R",
    "SendMessage",
    "TransactionTerminated",
    "TransactionTimeout",
]

#: whatever the caller uses to say where a message goes (an address, a connection)
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class SendMessage(Generic[R]):
    """Send ``data`` (the serialised ``message``) to ``remote``."""

    message: Request | Response
    data: bytes
    remote: R
    transaction: Transaction[R]


@dataclass(frozen=True, slots=True)
class PassToTU(Generic[R]):
    """Hand ``message`` to the transaction user. ``transaction`` is None for a stray:
    an ACK for a 2xx, or a response no client transaction matches (a proxy forwards
    both statelessly, §16.7 and §16.11)."""

    message: Request | Response
    transaction: Transaction[R] | None


@dataclass(frozen=True, slots=True)
class TransactionTimeout(Generic[R]):
    """Timer B, F or H fired: no response (or no ACK) came. A proxy treats a client
    timeout as a 408 from that branch (§16.7 step 2)."""

    transaction: Transaction[R]


@dataclass(frozen=True, slots=True)
class TransactionTerminated(Generic[R]):
    """The transaction is over; forget anything keyed on it."""

    transaction: Transaction[R]


Action = Union[SendMessage[R], PassToTU[R], TransactionTimeout[R], TransactionTerminated[R]]  # noqa: UP007
