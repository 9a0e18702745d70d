"""Header names and the immutable header list.

Names are normalised once, at parse time: compact forms become long forms
(``v`` → ``Via``) and well-known names get their canonical spelling (``cseq`` →
``CSeq``); unknown names keep the spelling they arrived with. Lookups are
case-insensitive and accept compact forms too.

Headers defined as comma-separated lists (Via, Contact, Route, ...) are split into one
entry per value, so ``Via: a, b`` and two ``Via`` lines are the same ``Headers``. The
split honours quoted strings and angle brackets. Headers whose values carry commas of
their own (WWW-Authenticate, Authorization, Date, and every unknown header) are never
split (RFC 3261 §7.3.1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ._abnf import HEADER_NAME
from ._errors import LocalProtocolError

__all__ = ["Headers", "canonical_name", "split_list_value"]

_CANONICAL_NAMES = (
    "Accept",
    "Accept-Contact",
    "Accept-Encoding",
    "Accept-Language",
    "Alert-Info",
    "Allow",
    "Allow-Events",
    "Authentication-Info",
    "Authorization",
    "Call-ID",
    "Call-Info",
    "Contact",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Length",
    "Content-Type",
    "CSeq",
    "Date",
    "Diversion",
    "Error-Info",
    "Event",
    "Expires",
    "From",
    "Identity",
    "Identity-Info",
    "In-Reply-To",
    "Max-Forwards",
    "MIME-Version",
    "Min-Expires",
    "Min-SE",
    "Organization",
    "P-Asserted-Identity",
    "P-Preferred-Identity",
    "Path",
    "Priority",
    "Privacy",
    "Proxy-Authenticate",
    "Proxy-Authorization",
    "Proxy-Require",
    "RAck",
    "Reason",
    "Record-Route",
    "Refer-To",
    "Referred-By",
    "Reject-Contact",
    "Reply-To",
    "Request-Disposition",
    "Require",
    "Retry-After",
    "Route",
    "RSeq",
    "Server",
    "Service-Route",
    "Session-Expires",
    "Subject",
    "Supported",
    "Timestamp",
    "To",
    "Unsupported",
    "User-Agent",
    "Via",
    "Warning",
    "WWW-Authenticate",
)

# RFC 3261 §7.3.3, RFC 3265/6665 (o, u), RFC 3515 (r), RFC 3892 (b), RFC 4028 (x),
# RFC 3841 (a, j, d), RFC 8224 (y, n).
_COMPACT_FORMS = {
    "a": "Accept-Contact",
    "b": "Referred-By",
    "c": "Content-Type",
    "d": "Request-Disposition",
    "e": "Content-Encoding",
    "f": "From",
    "i": "Call-ID",
    "j": "Reject-Contact",
    "k": "Supported",
    "l": "Content-Length",
    "m": "Contact",
    "n": "Identity-Info",
    "o": "Event",
    "r": "Refer-To",
    "s": "Subject",
    "t": "To",
    "u": "Allow-Events",
    "v": "Via",
    "x": "Session-Expires",
    "y": "Identity",
}

#: lower-case spelling (long or compact) → canonical spelling
CANONICAL_BY_LOWER: dict[str, str] = {name.lower(): name for name in _CANONICAL_NAMES}
CANONICAL_BY_LOWER.update(_COMPACT_FORMS)

# Headers whose grammar is a comma-separated list of values.
LIST_HEADERS = frozenset(
    name.lower()
    for name in (
        "Accept",
        "Accept-Encoding",
        "Accept-Language",
        "Alert-Info",
        "Allow",
        "Allow-Events",
        "Call-Info",
        "Contact",
        "Content-Encoding",
        "Content-Language",
        "Diversion",
        "Error-Info",
        "In-Reply-To",
        "P-Asserted-Identity",
        "P-Preferred-Identity",
        "Path",
        "Proxy-Require",
        "Reason",
        "Record-Route",
        "Require",
        "Route",
        "Service-Route",
        "Supported",
        "Unsupported",
        "Via",
        "Warning",
    )
)


def canonical_name(name: str) -> str:
    """The spelling a header name is stored under: ``"v"`` → ``"Via"``."""
    return CANONICAL_BY_LOWER.get(name.lower(), name)


def _key(name: str) -> str:
    lowered = name.lower()
    canonical = CANONICAL_BY_LOWER.get(lowered)
    return lowered if canonical is None else canonical.lower()


# One list element: a run of quoted strings, <...> sections and other characters, but
# no top-level comma. An unterminated quote or bracket runs to the end of the value, so
# splitting its own output again changes nothing.
_LIST_ELEMENT = re.compile(r'(?:"(?:[^"\\]|\\.)*(?:"|\\?$)|<[^>]*(?:>|$)|[^",<])*', re.DOTALL)


def split_list_value(value: str) -> list[str]:
    """Split a list header value on its top-level commas, stripping each element."""
    if "," not in value:
        return [value]
    if '"' not in value and "<" not in value:
        return [element.strip(" \t") for element in value.split(",")]
    elements = []
    pos = 0
    end = len(value)
    while True:
        match = _LIST_ELEMENT.match(value, pos)
        assert match is not None  # the pattern matches the empty string
        elements.append(match.group().strip(" \t"))
        pos = match.end()
        if pos >= end:
            return elements
        pos += 1  # the comma
        if pos == end:
            elements.append("")
            return elements


class Headers:
    """An immutable, ordered list of ``(name, value)`` header fields.

    >>> h = Headers([("v", "SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b"), ("i", "x")])
    >>> h.get_all("Via")
    ('SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b')
    >>> h.get("call-id")
    'x'
    """

    __slots__ = ("_cache", "_index", "_items")

    _items: tuple[tuple[str, str], ...]
    _index: dict[str, tuple[str, ...]]
    #: parsed views of header values (Via, Address, ...), filled by the accessors
    _cache: dict[str, Any]

    def __init__(self, fields: Iterable[tuple[str, str]] = ()) -> None:
        items: list[tuple[str, str]] = []
        for name, value in fields:
            if HEADER_NAME.fullmatch(name) is None:
                raise LocalProtocolError(f"invalid header name {name!r}")
            if "\r" in value or "\n" in value:
                raise LocalProtocolError(f"header {name} value contains CR or LF")
            name = canonical_name(name)
            value = value.strip(" \t")
            if name.lower() in LIST_HEADERS:
                items.extend((name, element) for element in split_list_value(value))
            else:
                items.append((name, value))
        self._init(tuple(items))

    @classmethod
    def _trusted(
        cls,
        items: tuple[tuple[str, str], ...],
        index: dict[str, tuple[str, ...]] | None = None,
    ) -> Headers:
        """Wrap fields already normalised and split (the parser's fast path); ``index``
        maps lower-case names to values, if the caller has built it already."""
        headers = cls.__new__(cls)
        headers._items, headers._cache = items, {}
        if index is not None:
            headers._index = index
        return headers

    def _init(self, items: tuple[tuple[str, str], ...]) -> None:
        self._items = items
        self._cache = {}

    def __getattr__(self, name: str) -> Any:
        # The index by name is built on first read: a proxy derives several copies of a
        # message's headers (Via popped, Via and Record-Route added, Max-Forwards set)
        # that are only ever serialised, never looked up.
        if name != "_index":
            raise AttributeError(name)
        # Tuples, as the parser makes them (see there why).
        index: dict[str, tuple[str, ...]] = {}
        for field_name, value in self._items:
            key = field_name.lower()
            values = index.get(key)
            index[key] = (value,) if values is None else (*values, value)
        self._index = index
        return index

    # --- reading -------------------------------------------------------------------

    def get(self, name: str) -> str | None:
        """The first value of a header, or None."""
        values = self._index.get(_key(name))
        return None if values is None else values[0]

    def get_all(self, name: str) -> tuple[str, ...]:
        """Every value of a header, in order (list headers already split)."""
        return self._index.get(_key(name), ())

    def count(self, name: str) -> int:
        return len(self._index.get(_key(name), ()))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _key(name) in self._index

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        return self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"Headers({list(self._items)!r})"

    # --- deriving new lists ----------------------------------------------------------

    def add(self, name: str, value: str, *, first: bool = False) -> Headers:
        """A copy with ``name: value`` added after the last (or before the first)
        field of that name; a new name goes at the end (or, with ``first``, the start).
        """
        new = Headers([(name, value)])._items
        key = _key(name)
        positions = [i for i, (n, _) in enumerate(self._items) if n.lower() == key]
        if not positions:
            at = 0 if first else len(self._items)
        else:
            at = positions[0] if first else positions[-1] + 1
        return Headers._trusted(self._items[:at] + new + self._items[at:])

    def remove(self, name: str) -> Headers:
        """A copy without any field of that name."""
        key = _key(name)
        return Headers._trusted(tuple(f for f in self._items if f[0].lower() != key))

    def remove_first(self, name: str) -> Headers:
        """A copy without the first field of that name (the top Via, say)."""
        key = _key(name)
        for i, (n, _) in enumerate(self._items):
            if n.lower() == key:
                return Headers._trusted(self._items[:i] + self._items[i + 1 :])
        return self

    def set(self, name: str, value: str) -> Headers:
        """A copy where ``name`` has exactly this value, at the place of the first
        field of that name (or at the end)."""
        new = Headers([(name, value)])._items
        key = _key(name)
        items: list[tuple[str, str]] = []
        placed = False
        for field in self._items:
            if field[0].lower() == key:
                if not placed:
                    items.extend(new)
                    placed = True
            else:
                items.append(field)
        if not placed:
            items.extend(new)
        return Headers._trusted(tuple(items))

    def replace_first(self, name: str, value: str) -> Headers:
        """A copy with the first field of that name given a new value."""
        new = Headers([(name, value)])._items
        key = _key(name)
        for i, (n, _) in enumerate(self._items):
            if n.lower() == key:
                return Headers._trusted(self._items[:i] + new + self._items[i + 1 :])
        return Headers._trusted(self._items + new)
