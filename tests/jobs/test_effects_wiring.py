"""Every event a service emits reaches a handler in every process; one without a handler is logged loudly."""

import json
import logging
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache

import pytest

from loyalty_app.models import Merchant
from loyalty_app.services import effects
from loyalty_app.settings import PROJECT_ROOT

_EMIT = re.compile(r"""effects\.emit\(\s*\w+\s*,\s*(["']\w+["']|[A-Z_]+)""")
CARD_EVENTS = {"enrolled", "welcome_bonus", "reward_ready", "card_changed", "program_changed"}


def _emitters() -> dict[str, set[str]]:
    """Event name -> the modules that emit it (an event named by a module constant is resolved)."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in (PROJECT_ROOT / "loyalty_app").rglob("*.py"):
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        text = path.read_text()
        for token in _EMIT.findall(text):
            if token[0] in "\"'":
                found[token.strip("\"'")].add(module)
            else:
                constant = re.search(rf"""^{token}\s*=\s*["'](\w+)["']""", text, re.M)
                assert constant, f"{module}: cannot resolve the event name {token}"
                found[constant.group(1)].add(module)
    return found


@cache
def _handlers_after_importing(module: str) -> frozenset[str]:
    """The events with a handler in a fresh process that imported only `module`."""
    code = (
        f"import json, {module}\nfrom loyalty_app.services import effects\n"
        "print(json.dumps(sorted(k for k, v in effects._handlers.items() if v)))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return frozenset(json.loads(done.stdout.splitlines()[-1]))


def test_the_scan_finds_the_events_the_services_emit():
    assert CARD_EVENTS <= set(_emitters())


@pytest.mark.parametrize("event", sorted(_emitters()))
def test_every_emitted_event_has_a_handler_wherever_it_can_be_emitted(event):
    # Emitting needs `loyalty_app.services.effects`, whose package registers the wiring: importing it alone
    # must be enough; an event wired by its own module is checked after importing that module.
    if event in _handlers_after_importing("loyalty_app.services.effects"):
        return
    for module in sorted(_emitters()[event]):
        assert event in _handlers_after_importing(module), f"{event} has no handler after importing {module}"


def test_importing_the_effects_module_alone_wires_every_card_event():
    assert CARD_EVENTS <= _handlers_after_importing("loyalty_app.services.effects")


def test_a_worker_process_handles_every_card_event():
    assert CARD_EVENTS <= _handlers_after_importing("jobs.worker")


def test_an_event_without_a_handler_is_logged_as_an_error(session, caplog):
    session.add(Merchant(name="Shop"))
    effects.emit(session, "no_such_event", card_id=7)
    with caplog.at_level(logging.ERROR, logger=effects.__name__):
        session.commit()
    [record] = [r for r in caplog.records if "no_such_event" in r.getMessage()]
    assert record.levelno == logging.ERROR and "no handler registered" in record.getMessage()


def test_muted_effects_are_dropped_without_running_any_handler(session, monkeypatch):
    seen = []
    monkeypatch.setattr(effects, "_handlers", {"ping": [lambda **data: seen.append(data)]})
    with effects.muted(session):
        session.add(Merchant(name="Shop"))
        effects.emit(session, "ping", n=1)
        session.commit()
    effects.emit(session, "ping", n=2)
    session.commit()
    assert seen == [{"n": 2}]
