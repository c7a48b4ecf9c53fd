"""Rate limits (limits library): in memory when embedded, in Redis when LOYALTY_REDIS_URL is set."""

import logging
import math
import time

from fastapi import Depends, Request
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..settings import get_settings
from .deps import CurrentUser, client_ip
from .errors import ApiError

log = logging.getLogger(__name__)

# SPEC.md, "Rate limits per user"; one void limit covers stamp and points voids.
PER_USER = {
    "stamp": "60/minute",
    "stamp_redeem": "30/minute",
    "points_earn": "60/minute",
    "points_redeem": "30/minute",
    "void": "20/minute",
    "points_adjust": "20/minute",
    "pin_unlock": "10/minute",
}
# Per client address, read at request time: enroll's is a setting (10/minute by default).
PER_IP = {
    "enroll": lambda: get_settings().enroll_rate_limit,
    "login": lambda: "30/minute",
}


class RateLimits:
    """One moving-window limiter per app; the store is shared by every worker when it is Redis."""

    def __init__(self, redis_url: str | None):
        self.limiter = MovingWindowRateLimiter(storage_from_string(redis_url) if redis_url else MemoryStorage())

    def hit(self, name: str, rate: str, key: str) -> None:
        if not get_settings().rate_limits_enabled:
            return
        item = parse(rate)
        try:
            allowed = self.limiter.hit(item, name, key)
        except Exception as exc:  # the limit store is down: serve the request rather than fail it
            log.error("rate limit store unavailable, %s not limited: %s", name, exc)
            return
        if not allowed:
            reset_at = self.limiter.get_window_stats(item, name, key).reset_time
            retry = max(1, math.ceil(reset_at - time.time()))
            raise ApiError(
                429,
                "RATE_LIMITED",
                "Too many requests: try again shortly.",
                {"limit": rate, "retry_after_seconds": retry},
                headers={"Retry-After": str(retry)},
            )


def per_user(name: str):
    """A dependency counting this request against the signed-in user's `name` limit."""
    rate = PER_USER[name]

    def check(request: Request, user: CurrentUser) -> None:
        request.app.state.rate_limits.hit(name, rate, f"user:{user.id}")

    return Depends(check)


def per_ip(name: str):
    """A dependency counting this request against the client address (public endpoints)."""
    rate = PER_IP[name]

    def check(request: Request) -> None:
        request.app.state.rate_limits.hit(name, rate(), f"ip:{client_ip(request)}")

    return Depends(check)
