"""Every event a service emits reaches a handler in every process that bootstraps; one without a handler is logged.

Services only emit (`effects.emit(session, SomeEvent(...))`); `jobs.bootstrap.bootstrap()` installs
`jobs.handlers.HANDLERS`, and each entry point (web app, worker, cron config, CLI) calls it at start-up.
"""

import ast
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import pytest

from jobs.bootstrap import bootstrap
from jobs.handlers import HANDLERS
from loyalty_app.models import Merchant
from loyalty_app.services import effects, events
from loyalty_app.settings import PROJECT_ROOT

APP_EVENTS = {cls.name for cls in events.BY_NAME.values() if cls.__module__ == events.__name__}
_HANDLED = "from loyalty_app.services import effects\nprint(json.dumps(sorted(t.name for t in effects.handled())))"


def _emitted() -> dict[str, set[str]]:
    """Event name -> the modules whose code calls `effects.emit(session, SomeEvent(...))`."""
    found: dict[str, set[str]] = {}
    for path in (PROJECT_ROOT / "loyalty_app").rglob("*.py"):
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "emit" and len(node.args) == 2:
                made = node.args[1]
                assert isinstance(made, ast.Call) and isinstance(made.func, ast.Name), (
                    f"{module}:{node.lineno}: emit an event built in place, e.g. emit(session, CardChanged(card.id))"
                )
                found.setdefault(getattr(events, made.func.id).name, set()).add(module)
    return found


@cache
def _handled_in_fresh_process(start: str) -> frozenset[str]:
    """The events with a handler in a fresh process after running `start`."""
    code = f"import json\n{start}\n{_HANDLED}"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return frozenset(json.loads(done.stdout.splitlines()[-1]))


def test_the_scan_finds_the_events_the_services_emit():
    assert {"enrolled", "welcome_bonus", "reward_ready", "card_changed", "task_created"} <= set(_emitted())


def test_every_event_is_emitted_somewhere_and_has_a_job_handler():
    assert set(_emitted()) == APP_EVENTS
    assert {event_type.name for event_type, handlers in HANDLERS.items() if handlers} == APP_EVENTS


def test_importing_the_services_installs_no_handler():
    every_service = (
        "import importlib, pkgutil, loyalty_app.services as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'loyalty_app.services.'): importlib.import_module(m.name)"
    )
    assert _handled_in_fresh_process(every_service) == set()


def test_bootstrap_installs_every_event_and_twice_changes_nothing():
    bootstrap()  # the tests' conftest called it once already
    assert {event_type.name for event_type in effects.handled()} >= APP_EVENTS
    for event_type, handlers in HANDLERS.items():
        assert [h for h in effects._handlers[event_type] if h in handlers] == handlers


@pytest.mark.parametrize(
    "start",
    [
        "import loyalty_app.loyalty_app",
        "from jobs.worker import prepare_process; prepare_process()",
        "from loyalty_app import cli; cli.main(['logins'])",
        "from redis import Redis\nfrom rq.cron import CronScheduler\n"
        "CronScheduler(connection=Redis()).load_config_from_file('jobs/cron.py')",
    ],
    ids=["web app", "worker", "cli", "cron"],
)
def test_every_entry_point_handles_every_event(start):
    assert _handled_in_fresh_process(start) == APP_EVENTS


@dataclass(frozen=True)
class Unhandled(events.Event):
    name: ClassVar[str] = "test_wiring_unhandled"
    card_id: int


def test_an_event_without_a_handler_is_logged_as_an_error(session, caplog):
    session.add(Merchant(name="Shop"))
    effects.emit(session, Unhandled(7))
    with caplog.at_level(logging.ERROR, logger=effects.__name__):
        session.commit()
    [record] = [r for r in caplog.records if "test_wiring_unhandled" in r.getMessage()]
    assert record.levelno == logging.ERROR and "no handler registered" in record.getMessage()
    assert "'card_id': 7" in record.getMessage()


def test_muted_effects_are_dropped_without_running_any_handler(session, monkeypatch):
    seen = []
    monkeypatch.setattr(effects, "_handlers", {Unhandled: [seen.append]})
    with effects.muted(session):
        session.add(Merchant(name="Shop"))
        effects.emit(session, Unhandled(1))
        session.commit()
    effects.emit(session, Unhandled(2))
    session.commit()
    assert seen == [Unhandled(2)]
