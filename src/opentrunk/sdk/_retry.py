"""When to send a request again, and how long to wait first.

* **429** (the server refused before doing anything): every method.
* **5xx** and **408**: only idempotent requests (GET, PUT, DELETE, and the token request).
* **No connection** (refused, DNS, pool or connect timeout; the request never left):
  every method. **Lost mid-way** (read timeout, reset): only idempotent requests.

The wait is exponential (0.5 s, 1 s, 2 s, ... at most 8 s) less up to 25 % jitter, or
what ``Retry-After`` asks (seconds or an HTTP date) when that is at most a minute.
"""

from __future__ import annotations

import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from opentrunk.sdk._request import APIRequest

__all__ = ["RetryPolicy"]

_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    random: Callable[[], float] = field(default=random.random)

    def retries_status(self, request: APIRequest, status: int) -> bool:
        if status == 429:
            return True
        return request.idempotent and (status >= 500 or status == 408)

    def retries_error(self, request: APIRequest, error: httpx.TransportError) -> bool:
        return isinstance(error, _NEVER_SENT) or request.idempotent

    def delay(self, retries_done: int, response: httpx.Response | None = None) -> float:
        asked = _retry_after(response) if response is not None else None
        if asked is not None and 0 <= asked <= self.max_retry_after:
            return asked
        backoff = min(self.initial_delay * 2.0**retries_done, self.max_delay)
        return backoff * (1 - 0.25 * self.random())


def _retry_after(response: httpx.Response) -> float | None:
    millis = response.headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    when = email.utils.parsedate_to_datetime(value) if value.strip() else None
    if when is None:
        return None
    sent = response.headers.get("date")
    now = email.utils.parsedate_to_datetime(sent) if sent else None
    if now is None or now.tzinfo is None or when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
