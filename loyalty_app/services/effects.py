"""Side effects (emails, wallet sync, live feed) announced by services and fired only after commit.

A service calls `emit(session, event, **data)` inside its transaction; when the transaction
commits, every handler registered for that event runs (handlers enqueue jobs, they never block);
a rollback discards the events. Handlers that raise are logged, never allowed to undo the commit.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger(__name__)

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)
_KEY = "loyalty_pending_events"
_MUTED = "loyalty_effects_muted"


def on(event_name: str, handler: Callable[..., None]) -> None:
    if handler not in _handlers[event_name]:
        _handlers[event_name].append(handler)


def emit(session: Session, event_name: str, **data) -> None:
    if session.info.get(_MUTED):
        return
    session.info.setdefault(_KEY, []).append((event_name, data))


@contextmanager
def muted(session: Session) -> Iterator[None]:
    """Drop the effects emitted on this session meanwhile (demo history: no emails for a simulated past)."""
    session.info[_MUTED] = True
    try:
        yield
    finally:
        session.info.pop(_MUTED, None)


@event.listens_for(Session, "after_commit")
def _fire(session) -> None:
    pending = session.info.pop(_KEY, [])
    for name, data in pending:
        handlers = list(_handlers.get(name, ()))
        if not handlers:
            log.error("no handler registered for effect %r: %r is dropped", name, data)
        for handler in handlers:
            try:
                handler(**data)
            except Exception:
                log.exception("effect handler for %s failed", name)


@event.listens_for(Session, "after_rollback")
def _discard(session) -> None:
    session.info.pop(_KEY, None)
