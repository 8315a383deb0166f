"""Rate limiting of wrong invitation codes, per client (an IP address or a session id).

A sliding window in memory: at most ``max_failures`` wrong codes within ``window`` seconds; the
next attempt must wait until the oldest failure leaves the window. Thread-safe; the clock is
injectable for tests. Tokens carry 140 random bits, so this is hygiene against noisy guessing and
log flooding, not what makes guessing hopeless.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

DEFAULT_MAX_FAILURES = 5
DEFAULT_WINDOW_SECONDS = 300.0
DEFAULT_MAX_CLIENTS = 100_000


class RateLimited(RuntimeError):
    """Too many wrong codes from this client; ``wait_seconds`` until the next try."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        wait = max(1, math.ceil(wait_seconds))
        super().__init__(
            f"too many wrong invitation codes from this device; try again in {wait} seconds"
        )


class RateLimiter:
    """Sliding-window limiter of failures per client id."""

    def __init__(
        self,
        max_failures: int = DEFAULT_MAX_FAILURES,
        window: float = DEFAULT_WINDOW_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = DEFAULT_MAX_CLIENTS,
    ) -> None:
        if max_failures < 1 or window <= 0:
            raise ValueError("max_failures must be >= 1 and window > 0")
        self.max_failures = max_failures
        self.window = window
        self._clock = clock
        self._max_clients = max_clients
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, client_id: str, now: float) -> deque[float]:
        times = self._failures.get(client_id)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[client_id]
        return times

    def wait_time(self, client_id: str) -> float:
        """Seconds this client must wait before its next attempt (0 if it may try now)."""
        with self._lock:
            now = self._clock()
            times = self._recent(client_id, now)
            if len(times) < self.max_failures:
                return 0.0
            return times[-self.max_failures] + self.window - now

    def check(self, client_id: str) -> None:
        """Raise :class:`RateLimited` if the client must wait."""
        wait = self.wait_time(client_id)
        if wait > 0:
            raise RateLimited(wait)

    def record_failure(self, client_id: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._recent(client_id, now)
            times.append(now)
            self._failures[client_id] = times
            self._failures.move_to_end(client_id)
            while len(self._failures) > self._max_clients:
                self._failures.popitem(last=False)


DEFAULT_ADDRESS_FAILURES = 200  # a hall of phones behind one address (NAT) shares this budget


class ClientLimiter:
    """Failures counted per device and per network address at once.

    A client id ``"ip:ADDR|session:ID"`` is checked against both a per-device budget (5 per
    300 s) and a much larger per-address one, so a hall of phones behind one NAT address is not
    locked out by a few typos, while one address cannot guess without bound either. A client id
    without ``|`` is one key with the per-device budget (as before).

    >>> clock = iter(range(1000)).__next__
    >>> hall = ClientLimiter(RateLimiter(2, 300, clock=clock), RateLimiter(3, 300, clock=clock))
    >>> for phone in ("a", "b"):
    ...     hall.record_failure(f"ip:10.0.0.1|session:{phone}")
    >>> hall.wait_time("ip:10.0.0.1|session:c") == 0  # a third phone may still try
    True
    >>> hall.record_failure("ip:10.0.0.1|session:c")
    >>> hall.wait_time("ip:10.0.0.1|session:d") > 0  # the address's budget is spent
    True
    """

    def __init__(self, device: RateLimiter | None = None, address: RateLimiter | None = None):
        self.device = device or RateLimiter()
        self.address = address or RateLimiter(DEFAULT_ADDRESS_FAILURES)

    def _keys(self, client_id: str) -> list[tuple[RateLimiter, str]]:
        if "|" not in client_id:
            return [(self.device, client_id)]
        address, device = client_id.split("|", 1)
        return [(self.device, device), (self.address, address)]

    def wait_time(self, client_id: str) -> float:
        return max(limiter.wait_time(key) for limiter, key in self._keys(client_id))

    def check(self, client_id: str) -> None:
        wait = self.wait_time(client_id)
        if wait > 0:
            raise RateLimited(wait)

    def record_failure(self, client_id: str) -> None:
        for limiter, key in self._keys(client_id):
            limiter.record_failure(key)


DEFAULT_LIMITER = ClientLimiter()
