"""Side effects (emails, wallet sync, live feed) announced by services and fired only after commit.

A service calls `emit(session, event, **data)` inside its transaction; when the transaction
commits, every handler registered for that event runs (handlers enqueue jobs, they never block);
a rollback discards the events. Handlers that raise are logged, never allowed to undo the commit.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger(__name__)

_handlers: dict[str, list[Callable[..., None]]] = defaultdict(list)
_KEY = "loyalty_pending_events"


def on(event_name: str, handler: Callable[..., None]) -> None:
    if handler not in _handlers[event_name]:
        _handlers[event_name].append(handler)


def emit(session: Session, event_name: str, **data) -> None:
    session.info.setdefault(_KEY, []).append((event_name, data))


@event.listens_for(Session, "after_commit")
def _fire(session) -> None:
    pending = session.info.pop(_KEY, [])
    for name, data in pending:
        for handler in list(_handlers.get(name, ())):
            try:
                handler(**data)
            except Exception:
                log.exception("effect handler for %s failed", name)


@event.listens_for(Session, "after_rollback")
def _discard(session) -> None:
    session.info.pop(_KEY, None)
