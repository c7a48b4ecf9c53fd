"""Side effects (emails, wallet sync, live feed) announced by services and fired only after commit.

A service calls `emit(session, SomeEvent(...))` (events from `services.events`) inside its
transaction; when the transaction commits, every handler installed for that event's type runs
with the event (handlers enqueue jobs, they never block); a rollback discards the events.
Handlers that raise are logged, never allowed to undo the commit.

Services install no handler: each process installs `jobs/handlers.py`'s table at start-up
(`jobs.bootstrap.bootstrap()`); an event fired while nothing handles it is logged as an error.
"""

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import event as sa_event
from sqlmodel import Session

from loyalty_app.services.events import Event

log = logging.getLogger(__name__)

Handler = Callable[[Event], None]
_handlers: dict[type[Event], list[Handler]] = defaultdict(list)
_KEY = "loyalty_pending_events"
_MUTED = "loyalty_effects_muted"


def on(event_type: type[Event], handler: Handler) -> None:
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def install(table: Mapping[type[Event], Iterable[Handler]]) -> None:
    """Add every handler of a table; installing the same table again changes nothing."""
    for event_type, handlers in table.items():
        for handler in handlers:
            on(event_type, handler)


def handled() -> set[type[Event]]:
    """The event types with at least one handler in this process."""
    return {event_type for event_type, handlers in _handlers.items() if handlers}


def emit(session: Session, event: Event) -> None:
    if not isinstance(event, Event):
        raise TypeError(f"emit takes an event from loyalty_app.services.events, not {event!r}")
    if session.info.get(_MUTED):
        return
    session.info.setdefault(_KEY, []).append(event)


@contextmanager
def muted(session: Session) -> Iterator[None]:
    """Drop the effects emitted on this session meanwhile (demo history: no emails for a simulated past)."""
    session.info[_MUTED] = True
    try:
        yield
    finally:
        session.info.pop(_MUTED, None)


@sa_event.listens_for(Session, "after_commit")
def _fire(session) -> None:
    pending = session.info.pop(_KEY, [])
    for event in pending:
        handlers = list(_handlers.get(type(event), ()))
        if not handlers:
            log.error("no handler registered for effect %r: %r is dropped", event.name, event.to_dict())
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("effect handler for %s failed", event.name)


@sa_event.listens_for(Session, "after_rollback")
def _discard(session) -> None:
    session.info.pop(_KEY, None)
