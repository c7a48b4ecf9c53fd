"""Every rate limit of the app, by name, counted by one limiter per process.

The store is in memory when embedded and in Redis when LOYALTY_REDIS_URL is set, so the API and
the pages of a process (and every worker, with Redis) count each client against the same budget.
A refused hit raises `errors.RateLimited`: the API answers 429 with Retry-After, pages a sentence.
"""

import logging
import math
import threading
import time
from collections.abc import Callable

from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from loyalty_app.services import errors
from loyalty_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

# name -> rate, or how to read it from the settings. SPEC.md, "Rate limits per user": one void limit
# covers stamp and points voids. Per-user limits are keyed "user:<id>", per-address ones "ip:<address>".
LIMITS: dict[str, str | Callable[[Settings], str]] = {
    "stamp": "60/minute",
    "stamp_redeem": "30/minute",
    "points_earn": "60/minute",
    "points_redeem": "30/minute",
    "void": "20/minute",
    "points_adjust": "20/minute",
    "pin_unlock": "10/minute",
    "enroll": lambda settings: settings.enroll_rate_limit,
    "login": "30/minute",
    "sign_in_link": lambda settings: settings.sign_in_link_rate_limit,
}


class RateLimits:
    """A moving-window limiter over the named limits; shared by every worker when the store is Redis."""

    def __init__(self, redis_url: str | None, limits: dict[str, str | Callable[[Settings], str]] = LIMITS):
        self.limits = limits
        self.storage = storage_from_string(redis_url) if redis_url else MemoryStorage()
        self.limiter = MovingWindowRateLimiter(self.storage)

    def rate(self, name: str) -> str:
        rate = self.limits[name]
        return rate(get_settings()) if callable(rate) else rate

    def hit(self, name: str, *keys: str) -> None:
        """Count one request of `keys` against limit `name`; raise RateLimited once it is spent."""
        if not get_settings().rate_limits_enabled:
            return
        rate = self.rate(name)
        item = parse(rate)
        try:
            if self.limiter.hit(item, name, *keys):
                return
            reset_at = self.limiter.get_window_stats(item, name, *keys).reset_time
        except Exception as exc:  # the limit store is down: serve the request rather than fail it
            log.error("rate limit store unavailable, %s not limited: %s", name, exc)
            return
        raise errors.RateLimited(retry_after=max(1, math.ceil(reset_at - time.time())), limit=rate)

    def reset(self) -> None:
        """Forget every count (tests; an operator after an incident)."""
        self.storage.reset()


_process: RateLimits | None = None
_process_lock = threading.Lock()


def rate_limits() -> RateLimits:
    """The limiter of this process, built on first use from the settings."""
    global _process
    with _process_lock:
        if _process is None:
            _process = RateLimits(get_settings().redis_url)
        return _process


def hit(name: str, *keys: str) -> None:
    """Count one request against the named limit of this process; raises errors.RateLimited when spent."""
    rate_limits().hit(name, *keys)
