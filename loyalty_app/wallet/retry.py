"""Exponential backoff for calls to Google and Apple: transient failures only, never a 4xx."""

import random
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_RETRY_AFTER = 60.0


class WalletError(Exception):
    """A failed call to a wallet service; `status` is None when no HTTP answer came back."""

    def __init__(self, service: str, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(f"{service}: {message}")
        self.service, self.status, self.retry_after = service, status, retry_after
        self.attempts = 1

    @property
    def transient(self) -> bool:
        """429, 5xx and connection failures may pass on a later try; 400/403/404/409 never will."""
        return self.status is None or self.status == 429 or self.status >= 500


def backoff_delays(base: float) -> tuple[float, float, float]:
    """The house schedule: 1 s, 4 s, 16 s for a base of 1 s."""
    return (base, base * 4, base * 16)


def parse_retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: the schedule's own delay is used instead


def with_retries(
    call: Callable[[], T], delays: tuple[float, ...], sleep: Callable[[float], None] = time.sleep, jitter: float = 0.1
) -> T:
    """Call, and on a transient WalletError wait each delay in turn (or Retry-After when longer)."""
    for attempt, delay in enumerate((*delays, None), start=1):
        try:
            return call()
        except WalletError as exc:
            exc.attempts = attempt
            if not exc.transient or delay is None:
                raise
            wait = max(delay, min(exc.retry_after or 0.0, MAX_RETRY_AFTER))
            sleep(wait * (1 + random.random() * jitter))  # jitter spreads out cards that failed together
    raise AssertionError("unreachable")


class Backoff:
    """The retry schedule of one service, skipped for a while after a call failed through all of it.

    While the service is down every card then costs one quick attempt instead of 21 s of waiting,
    so a batch (or the single embedded worker) is not stalled; the hourly sweep retries those cards.
    """

    def __init__(self, delays: tuple[float, ...], sleep: Callable[[float], None] = time.sleep, cool_off: float = 60.0):
        self.delays, self.sleep, self.cool_off = delays, sleep, cool_off
        self.down_until = 0.0

    def run(self, call: Callable[[], T]) -> T:
        delays = () if time.monotonic() < self.down_until else self.delays
        try:
            result = with_retries(call, delays, self.sleep)
        except WalletError as exc:
            if exc.transient and delays:
                self.down_until = time.monotonic() + self.cool_off
            raise
        self.down_until = 0.0
        return result
