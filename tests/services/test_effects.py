import logging

import pytest
from sqlmodel import select

from loyalty_app.models import Merchant
from loyalty_app.services import effects

pytestmark = pytest.mark.quick_setup


def test_effects_fire_only_after_the_commit(session, monkeypatch):
    seen = []
    monkeypatch.setattr(effects, "_handlers", {"ping": [lambda **data: seen.append(data)]})
    session.add(Merchant(name="Shop"))
    effects.emit(session, "ping", n=1)
    assert seen == []
    session.commit()
    assert seen == [{"n": 1}]


def test_a_rollback_discards_the_pending_effects(session, monkeypatch):
    seen = []
    monkeypatch.setattr(effects, "_handlers", {"ping": [lambda **data: seen.append(data)]})
    session.add(Merchant(name="Shop"))
    effects.emit(session, "ping", n=1)
    session.rollback()
    session.add(Merchant(name="Other"))
    session.commit()
    assert seen == []


def test_a_failing_handler_is_logged_and_does_not_undo_the_commit(session, monkeypatch, caplog):
    seen = []

    def broken(**data):
        raise RuntimeError("SMTP down")

    monkeypatch.setattr(effects, "_handlers", {"ping": [broken, lambda **data: seen.append(data)]})
    session.add(Merchant(name="Shop"))
    effects.emit(session, "ping", n=1)
    with caplog.at_level(logging.ERROR, logger=effects.__name__):
        session.commit()
    assert seen == [{"n": 1}]
    assert "effect handler for ping failed" in caplog.text
    assert [m.name for m in session.exec(select(Merchant))] == ["Shop"]


def test_registering_a_handler_twice_keeps_one(monkeypatch):
    from collections import defaultdict

    monkeypatch.setattr(effects, "_handlers", defaultdict(list))

    def handler(**data):
        return None

    effects.on("ping", handler)
    effects.on("ping", handler)
    assert effects._handlers["ping"] == [handler]
