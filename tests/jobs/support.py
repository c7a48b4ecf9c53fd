"""Fixtures for job tests: a real SMTP server on loopback, a real Redis + RQ worker, a fixed clock.

Imported by tests/jobs/conftest.py and by the service tests that run jobs (expiry, birthdays).
"""

import contextlib
import dataclasses
import email
import os
import signal
import socket
import threading
from datetime import datetime
from email import policy

import pytest
from aiosmtpd.controller import Controller

import loyalty_app.db
from jobs import embedded, registry
from loyalty_app.services import context
from loyalty_app.services.email import mailer
from loyalty_app.services.email.templates import ensure_platform_defaults
from loyalty_app.settings import get_settings

REDIS_SERVER = os.environ.get("LOYALTY_TEST_REDIS", "redis://127.0.0.1:6379")
_LOCK = "loyalty-tests:lock"


@contextlib.contextmanager
def settings_env(**values):
    """Set LOYALTY_* variables (None unsets) and rebuild the cached settings; restore both after."""
    keys = {f"LOYALTY_{k.upper()}": v for k, v in values.items()}
    old = {k: os.environ.get(k) for k in keys}
    try:
        for k, v in keys.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, str(v))
        get_settings.cache_clear()
        yield get_settings()
    finally:
        for k, v in old.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        get_settings.cache_clear()


@pytest.fixture
def email_templates(session):
    """The platform defaults (the migration seeds them; the per-test clean-up deletes every row)."""
    ensure_platform_defaults(session)


@pytest.fixture
def jobs_db(engine, monkeypatch):
    """Jobs open their sessions on the test's database (SQLite or PostgreSQL)."""
    monkeypatch.setattr(loyalty_app.db, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def clock_at(monkeypatch):
    """Set the services' clock: every `clock(None)` (jobs included) reads this time."""

    def set_time(moment: datetime) -> datetime:
        monkeypatch.setattr(context, "utcnow", lambda: moment)
        return moment

    return set_time


@pytest.fixture
def fast_retries(monkeypatch):
    """Email retries after 0 s instead of minutes, same count (3 retries)."""

    def use(intervals=(0, 0, 0)):
        for name, spec in list(registry._BY_NAME.items()):
            if spec.retry_intervals:
                monkeypatch.setitem(registry._BY_NAME, name, dataclasses.replace(spec, retry_intervals=intervals))

    use()
    return use


@pytest.fixture
def embedded_jobs(jobs_db):
    """The in-process worker thread, started the way the app starts it (schedules left out)."""
    embedded.reset()
    assert embedded.start(schedules=False)
    yield embedded
    embedded.drain(30)
    embedded.stop()
    embedded.reset()
    mailer.close_connection()


@pytest.fixture
def outbox(tmp_path):
    """An empty outbox of this test's own (embedded mode without an SMTP host)."""
    with settings_env(data_dir=tmp_path):
        yield mailer.outbox_dir()


class Mailbox:
    """An aiosmtpd handler: records each message; answers 451 to the first `refuse` DATA commands."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.data_commands = 0
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            if self.refuse > 0:
                self.refuse -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            self.envelopes.append(envelope)
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 2.0.0 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback; the settings point at it (no TLS: it is loopback)."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with settings_env(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"):
            yield box
    finally:
        mailer.close_connection()
        controller.stop()


@pytest.fixture(scope="session")
def redis_url():
    """A Redis database of our own (locked against parallel test runs), flushed; skip without Redis."""
    from redis import Redis

    try:
        probe = Redis.from_url(f"{REDIS_SERVER}/0", socket_connect_timeout=2)
        probe.ping()
        probe.close()
    except Exception as exc:  # any failure means unreachable: say why in the skip reason
        pytest.skip(f"Redis unreachable at {REDIS_SERVER} ({type(exc).__name__}: {exc}): RQ tests skipped")
    for db in range(15, 0, -1):
        client = Redis.from_url(f"{REDIS_SERVER}/{db}")
        if client.set(_LOCK, os.getpid(), nx=True, ex=3600):
            client.flushdb()
            client.set(_LOCK, os.getpid(), ex=3600)
            yield f"{REDIS_SERVER}/{db}"
            client.flushdb()
            client.close()
            return
        client.close()
    pytest.skip("every Redis database 1-15 is locked by another test run")


class RQ:
    def __init__(self, url: str):
        from jobs.queue import redis_connection, rq_queue

        self.url = url
        self.connection = redis_connection(url)
        self.queue = rq_queue(url)

    def work(self) -> bool:
        """Run the production worker class in burst mode until the queue is empty."""
        from jobs.worker import LoyaltyWorker

        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            return LoyaltyWorker([self.queue], connection=self.connection).work(burst=True, logging_level="WARNING")
        finally:
            for sig, handler in handlers.items():
                signal.signal(sig, handler)


@pytest.fixture
def rq(redis_url, jobs_db, restore_logging):
    """Jobs go to RQ on the test Redis; `rq.work()` runs a real worker (SimpleWorker class) in burst mode."""
    from redis import Redis

    client = Redis.from_url(redis_url)
    client.flushdb()
    client.set(_LOCK, os.getpid(), ex=3600)
    client.close()
    with settings_env(redis_url=redis_url):
        yield RQ(redis_url)
    mailer.close_connection()


@pytest.fixture
def restore_logging():
    """The worker installs the safe log setup; put the root logger back as pytest left it."""
    import logging

    root = logging.getLogger()
    handlers, level, make_record = list(root.handlers), root.level, logging.Logger.makeRecord
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.Logger.makeRecord = make_record
