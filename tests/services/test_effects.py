import json
import logging
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import ClassVar

import pytest
from sqlmodel import select

from loyalty_app.models import Merchant
from loyalty_app.services import effects, events
from loyalty_app.services.events import CardChanged, Event

pytestmark = pytest.mark.quick_setup


@dataclass(frozen=True)
class Ping(Event):
    name: ClassVar[str] = "test_effects_ping"
    n: int


def _record(monkeypatch, *handlers) -> None:
    monkeypatch.setattr(effects, "_handlers", {Ping: list(handlers)})


def test_effects_fire_only_after_the_commit(session, monkeypatch):
    seen = []
    _record(monkeypatch, seen.append)
    session.add(Merchant(name="Shop"))
    effects.emit(session, Ping(1))
    assert seen == []
    session.commit()
    assert seen == [Ping(1)]


def test_a_rollback_discards_the_pending_effects(session, monkeypatch):
    seen = []
    _record(monkeypatch, seen.append)
    session.add(Merchant(name="Shop"))
    effects.emit(session, Ping(1))
    session.rollback()
    session.add(Merchant(name="Other"))
    session.commit()
    assert seen == []


def test_a_failing_handler_is_logged_and_does_not_undo_the_commit(session, monkeypatch, caplog):
    seen = []

    def broken(event):
        raise RuntimeError("SMTP down")

    _record(monkeypatch, broken, seen.append)
    session.add(Merchant(name="Shop"))
    effects.emit(session, Ping(1))
    with caplog.at_level(logging.ERROR, logger=effects.__name__):
        session.commit()
    assert seen == [Ping(1)]
    assert "effect handler for test_effects_ping failed" in caplog.text
    assert [m.name for m in session.exec(select(Merchant))] == ["Shop"]


def test_registering_a_handler_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(effects, "_handlers", defaultdict(list))
    seen = []
    effects.on(Ping, seen.append)
    effects.install({Ping: [seen.append]})
    assert effects._handlers[Ping] == [seen.append]


def test_emit_takes_an_event_not_a_name(session):
    with pytest.raises(TypeError, match="takes an event"):
        effects.emit(session, "card_changed")


APP_EVENTS = [cls for cls in events.BY_NAME.values() if cls.__module__ == events.__name__]


def _sample(cls: type[Event]) -> Event:
    values = {int: 7, int | None: 8, str: "req-1"}  # any other field type is not plain JSON: KeyError
    return cls(**{f.name: values[f.type] for f in fields(cls)})


@pytest.mark.parametrize("cls", APP_EVENTS, ids=lambda cls: cls.__name__)
def test_every_event_is_plain_ids_and_comes_back_whole_from_json(cls):
    event = _sample(cls)
    stored = json.dumps(event.to_dict())
    assert events.from_dict(json.loads(stored)) == event
    assert json.loads(stored)["name"] == cls.name


def test_an_event_keeps_its_defaults_when_stored_without_them():
    assert events.from_dict({"name": "card_changed", "card_id": 3}) == CardChanged(3)


def test_two_events_cannot_share_a_name():
    with pytest.raises(TypeError, match="two events are named 'card_changed'"):

        @dataclass(frozen=True)
        class Duplicate(Event):
            name: ClassVar[str] = "card_changed"
