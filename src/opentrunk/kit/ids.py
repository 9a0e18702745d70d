"""ULIDs: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random bits.

Sinch uses ULIDs for every EST resource id. Ids made in the same millisecond by this
process increase monotonically (the random part is incremented), so ordering by id is
creation order, which keeps listings stable without an extra sort column.
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["new_ulid"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_MAX = (1 << 80) - 1
_lock = threading.Lock()
_last_ms = -1
_last_random = 0


def _encode(value: int) -> str:
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def new_ulid() -> str:
    global _last_ms, _last_random
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms and _last_random < _RANDOM_MAX:
            ms, random_part = _last_ms, _last_random + 1
        else:
            random_part = int.from_bytes(os.urandom(10), "big") >> 1  # room to increment
        _last_ms, _last_random = ms, random_part
    return _encode((ms & 0xFFFF_FFFF_FFFF) << 80 | random_part)
