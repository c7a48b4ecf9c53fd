"""Scheduled jobs record their health; the watchdog re-runs missed slots; embedded mode runs it all in-process."""

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from jobs import embedded, scheduled
from jobs.queue import enqueue
from loyalty_app.models import JobRun
from loyalty_app.services.health import schedules as job_health
from loyalty_app.services.ledger import expiry
from loyalty_app.settings import PROJECT_ROOT

from .support import settings_env

MINE = {"points_expiry", "expiry_warnings", "birthday_emails", "reengagement_emails"}


def _runs(session) -> dict[str, JobRun]:
    session.expire_all()
    runs = {r.name: r for r in session.exec(select(JobRun))}
    session.commit()  # end the read: on SQLite every transaction holds the write lock the jobs need
    return runs


def test_a_scheduled_job_records_its_start_and_success(session, jobs_db, clock_at):
    clock_at(datetime(2026, 4, 2, 1, 0, tzinfo=UTC))
    assert scheduled.points_expiry() == {"cards": 0, "points": 0, "chunks": 0, "emails": 0}
    run = _runs(session)["points_expiry"]
    assert run.last_started_at == run.last_succeeded_at == datetime(2026, 4, 2, 1, 0, tzinfo=UTC)
    assert run.last_error is None


def test_a_failing_scheduled_job_records_its_error_and_still_fails(session, jobs_db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(expiry, "expire_points", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        scheduled.points_expiry()
    run = _runs(session)["points_expiry"]
    assert run.last_succeeded_at is None and run.last_error.endswith("RuntimeError: disk full")
    assert "JOB_FAILING" in [a["code"] for a in job_health.jobs_report(session)["alerts"]]


def test_the_watchdog_runs_every_job_that_missed_its_slot(session, demo, jobs_db, embedded_jobs):
    session.commit()
    assert scheduled.jobs_watchdog()["caught_up"]
    assert embedded_jobs.drain(30)
    runs = _runs(session)
    assert MINE <= set(runs) and all(runs[name].last_succeeded_at for name in MINE)
    assert scheduled.jobs_watchdog()["caught_up"] == []  # nothing is missed any more


def test_embedded_mode_starts_the_schedules_which_catch_up_at_once(session, demo, jobs_db):
    session.commit()
    embedded.reset()
    try:
        assert embedded.start(schedules=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not MINE <= {n for n, r in _runs(session).items() if r.last_succeeded_at}:
            time.sleep(0.1)
        assert MINE <= {n for n, r in _runs(session).items() if r.last_succeeded_at}
    finally:
        embedded.drain(30)
        embedded.stop()
        embedded.reset()


def test_with_a_redis_url_nothing_runs_in_process():
    with settings_env(redis_url="redis://127.0.0.1:6379/15"):
        assert embedded.start() is False


def test_a_process_that_never_started_the_worker_holds_its_jobs_and_says_so(caplog):
    embedded.reset()
    try:
        assert enqueue(scheduled.jobs_watchdog, job_id="held-once") == "held-once"
        assert enqueue(scheduled.jobs_watchdog, job_id="held-once") is None  # same id: idempotent
        assert "embedded job worker not started" in caplog.text
    finally:
        embedded.reset()


def test_the_app_lifespan_starts_and_stops_the_embedded_jobs(jobs_db, restore_logging):
    async def serve():
        async with embedded.lifespan():
            return embedded._worker.running

    embedded.reset()
    try:
        assert asyncio.run(serve()) is True
        assert embedded._worker.running is False
    finally:
        embedded.reset()


def test_the_reflex_app_registers_the_embedded_jobs_at_start_up():
    code = (
        "from loyalty_app.loyalty_app import app\n"
        "print(sorted(f'{t.__module__}.{t.__name__}' for t in app.get_lifespan_tasks()))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "jobs.embedded.lifespan" in done.stdout.splitlines()[-1]
