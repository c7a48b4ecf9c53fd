"""Every job is reachable: registered, importable by name in a fresh worker process, and scheduled where due.

An earlier system lost emails for weeks because the worker never imported a job; these tests
fail as soon as a job function exists that a worker or the cron config could not reach.
"""

import json
import re
import subprocess
import sys

import pytest

from jobs import registry
from jobs.queue import QUEUE_NAME, enqueue
from jobs.schedule import SCHEDULES
from loyalty_app.settings import PROJECT_ROOT

JOB_NAMES = [spec.name for spec in registry.JOBS]

# A plain name as enqueue's first argument (the watchdog's `by_name[name].func` is a schedule, tested below).
_ENQUEUE = re.compile(r"(?<!def )\benqueue\(\s*([A-Za-z_][\w.]*)\s*[,)]")


def _fresh_python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _enqueued_functions() -> set[tuple[str, str]]:
    """(module, expression) of the first argument of every `enqueue(...)` call in the code."""
    calls = set()
    for root in ("jobs", "loyalty_app"):
        for path in (PROJECT_ROOT / root).rglob("*.py"):
            module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            calls.update((module, name) for name in _ENQUEUE.findall(path.read_text()))
    return calls


def test_the_scan_finds_the_enqueue_calls():
    assert ("jobs.handlers", "send_card_email") in _enqueued_functions()
    assert ("jobs.scheduled", "send_card_email") in _enqueued_functions()


@pytest.mark.parametrize("module_name, expression", sorted(_enqueued_functions()))
def test_every_function_the_code_enqueues_is_registered(module_name, expression):
    """A job added to some enqueue() call but not to the registry fails here, before any worker drops it."""
    name = expression.rsplit(".", 1)[-1]  # callers often import their job lazily, inside a handler
    registered = [spec for spec in registry.JOBS if spec.func.__name__ == name]
    assert len(registered) == 1, f"{module_name} enqueues {expression}, which is not in jobs.registry.JOBS"


def test_every_scheduled_function_is_registered():
    for schedule in SCHEDULES:
        assert registry.spec_for(schedule.func).func is schedule.func


def test_every_registered_job_imports_by_name_in_a_fresh_worker_process():
    # What a worker does with a job from Redis: import the function from its dotted name, nothing before.
    out = _fresh_python(
        "import json, sys\n"
        "from rq.utils import import_attribute\n"
        "resolved = [import_attribute(name).__name__ for name in sys.argv[1:]]\n"
        "from sqlmodel import SQLModel\n"
        "print(json.dumps({'resolved': resolved, 'tables': sorted(SQLModel.metadata.tables)}))\n",
        *JOB_NAMES,
    )
    seen = json.loads(out)
    assert len(seen["resolved"]) == len(JOB_NAMES)
    assert {"loyalty_card", "email_log", "job_run"} <= set(seen["tables"])  # models loaded with any job
    # The event handlers a job's commits need come from the worker's start-up (tests/jobs/test_effects_wiring.py).


def test_the_worker_class_loads_and_checks_every_job_in_a_fresh_process():
    out = _fresh_python(
        "from rq.utils import import_attribute\n"
        "cls = import_attribute('jobs.worker.LoyaltyWorker')\n"
        "from jobs.registry import check_importable; check_importable()\n"
        "print(cls.__mro__[1].__name__)"
    )
    assert out.strip() == "SimpleWorker"


def test_the_cron_config_loads_in_a_fresh_process_and_lists_every_schedule():
    out = _fresh_python(
        "import json\n"
        "from redis import Redis\n"
        "from rq.cron import CronScheduler\n"
        "cron = CronScheduler(connection=Redis())  # no connection is opened to load a config\n"
        "cron.load_config_from_file('jobs/cron.py')\n"
        "print(json.dumps([[j.name, j.func_name, j.queue_name, j.cron, j.interval] for j in cron.get_jobs()]))"
    )
    listed = json.loads(out.splitlines()[-1])
    assert listed == [[s.name, registry.spec_for(s.func).name, QUEUE_NAME, s.cron, s.interval] for s in SCHEDULES]
    assert {registry.spec_for(s.func).name for s in SCHEDULES} >= {
        name for name in JOB_NAMES if name.startswith("jobs.scheduled.")
    }


def test_enqueueing_an_unregistered_function_fails_loudly_in_the_caller():
    def not_a_job():
        return None

    with pytest.raises(registry.UnregisteredJob, match="not in jobs.registry"):
        enqueue(not_a_job)


def test_the_makefile_runs_the_worker_class_on_the_queue_the_app_enqueues_to():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert f"--worker-class jobs.worker.LoyaltyWorker --with-scheduler {QUEUE_NAME}" in makefile
    assert "rq cron" in makefile and "jobs/cron.py" in makefile
