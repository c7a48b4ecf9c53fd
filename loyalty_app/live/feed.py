"""Push every committed ledger row to the open terminals of its store, whichever process wrote it.

One watcher per backend process (a Reflex lifespan task) reads the ids of new ledger rows from the
database, at most POLL_SECONDS apart and at once when a service of this process commits (the
`card_changed` effect wakes it), and writes the store's latest rows into the StoreFeed shared state
of that store; Reflex sends the delta to every linked tab, on any worker, through its state manager.
With Redis (several workers), a lease elects one watcher so the database is polled once.
"""

import asyncio
import logging
import time
import uuid

import reflex as rx
from reflex.istate.manager.token import BaseStateToken

from loyalty_app.services import effects
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import terminal

from ..db import new_session
from ..settings import get_settings
from ..state.store_feed import StoreFeed, build_lines, feed_token

log = logging.getLogger(__name__)

POLL_SECONDS = 0.25
LOOKBACK_IDS = 100  # PostgreSQL may commit id N after N+1: re-read a window and skip ids already seen
LEASE_KEY = "loyalty:feed-watcher"
LEASE_MS = 3000

_wake: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None


def _on_card_changed(event: CardChanged) -> None:
    if _wake is not None and event.store_id is not None:
        loop, event = _wake
        loop.call_soon_threadsafe(event.set)


class _NewRows:
    """Which stores got ledger rows since the last call, without missing late commits."""

    def __init__(self) -> None:
        self.floor: int | None = None
        self.seen: set[int] = set()

    def stores(self) -> set[int]:
        with new_session() as session:
            if self.floor is None:
                self.floor = max(0, terminal.last_transaction_id(session) - LOOKBACK_IDS)
                self.seen = {i for i, _ in terminal.recent_changes(session, self.floor)}
                return set()
            rows = terminal.recent_changes(session, self.floor)
        fresh = {store_id for tx_id, store_id in rows if tx_id not in self.seen and store_id is not None}
        if rows:
            self.floor = max(self.floor, rows[-1][0] - LOOKBACK_IDS)
        self.seen = {tx_id for tx_id, _ in rows if tx_id > self.floor}
        return fresh


class _Lease:
    """Without Redis every process is alone: it always leads. With Redis, one holder at a time."""

    def __init__(self, redis_url: str | None) -> None:
        self.redis = None
        if redis_url:
            import redis.asyncio as aioredis

            self.redis = aioredis.from_url(redis_url)
        self.me, self.leading, self.checked = uuid.uuid4().hex, False, 0.0

    async def held(self) -> bool:
        if self.redis is None:
            return True
        if time.monotonic() - self.checked < 1.0:
            return self.leading
        try:
            if await self.redis.set(LEASE_KEY, self.me, nx=True, px=LEASE_MS):
                self.leading = True
            elif (await self.redis.get(LEASE_KEY) or b"").decode() == self.me:
                await self.redis.pexpire(LEASE_KEY, LEASE_MS)
                self.leading = True
            else:
                self.leading = False
        except Exception as exc:  # Redis down: every worker pushes; the pushes are idempotent snapshots
            log.warning("feed lease unavailable, pushing from this worker: %s", exc)
            self.leading = True
        self.checked = time.monotonic()
        return self.leading


async def publish(app: rx.App, store_id: int) -> None:
    lines = await rx.run_in_thread(lambda: build_lines(store_id))
    async with app.modify_state(BaseStateToken(ident=feed_token(store_id), cls=StoreFeed)) as root:
        feed = await root.get_state(StoreFeed)
        feed.lines = lines


async def watch_store_feeds(app: rx.App) -> None:
    """The lifespan task (registered in loyalty_app.py)."""
    global _wake
    event = asyncio.Event()
    _wake = (asyncio.get_running_loop(), event)
    effects.on(CardChanged, _on_card_changed)  # this process only: wakes its own watcher
    lease, new_rows = _Lease(get_settings().redis_url), _NewRows()
    while True:
        try:
            await asyncio.wait_for(event.wait(), POLL_SECONDS)
        except TimeoutError:
            pass
        event.clear()
        try:
            if not await lease.held():
                continue
            for store_id in await rx.run_in_thread(new_rows.stores):
                await publish(app, store_id)
        except Exception:
            log.exception("store feed watcher failed; retrying")
            await asyncio.sleep(1)
