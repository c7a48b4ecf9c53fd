"""Embedded mode (no Redis): the same job functions on an in-process worker thread, plus the schedules.

`start()` is called once by the app at start-up (`lifespan`); until then jobs are held in
memory, with a warning, so a process that never starts the worker (a CLI, a test) does not
run jobs behind anyone's back. Retries follow the registry's intervals, as on RQ. Jobs still
pending when the process stops are lost, and `stop()` says so in the log.
"""

import asyncio
import contextlib
import heapq
import itertools
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from croniter import croniter

from loyalty_app.settings import get_settings

from .registry import JobSpec, spec_for

log = logging.getLogger(__name__)


@dataclass(order=True)
class _Job:
    due: float
    seq: int
    id: str = field(compare=False)
    spec: JobSpec = field(compare=False)
    args: tuple = field(compare=False)
    kwargs: dict = field(compare=False)
    attempt: int = field(default=1, compare=False)


class EmbeddedWorker:
    """One thread, one heap of due times: jobs in order, retries after their interval."""

    def __init__(self) -> None:
        self._heap: list[_Job] = []
        self._ids: set[str] = set()
        self._cv = threading.Condition()
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._busy = False
        self._warned = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def submit(self, spec: JobSpec, args: tuple, kwargs: dict, job_id: str | None = None) -> str | None:
        with self._cv:
            if job_id is not None and job_id in self._ids:
                return None
            job = _Job(time.monotonic(), next(self._seq), job_id or uuid.uuid4().hex, spec, tuple(args), dict(kwargs))
            self._ids.add(job.id)
            heapq.heappush(self._heap, job)
            self._cv.notify_all()
            held = len(self._heap)
        if not self.running and not self._warned:
            self._warned = True
            log.warning(
                "embedded job worker not started in this process: %s held (%d pending) until "
                "jobs.embedded.start(); the app starts it, CLIs and tests do not",
                spec.name,
                held,
            )
        return job.id

    def start(self) -> None:
        with self._cv:
            if self.running:
                return
            self._stopping = False
            self._thread = threading.Thread(target=self._loop, name="loyalty-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None
        with self._cv:
            if self._heap:
                log.error(
                    "embedded job worker stopped with %d jobs not run: %s",
                    len(self._heap),
                    ", ".join(sorted(j.id for j in self._heap))[:2000],
                )

    def reset(self) -> None:
        """Forget every pending job (tests)."""
        with self._cv:
            self._heap.clear()
            self._ids.clear()
            self._warned = False

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until no job is pending or running (tests, shutdown); True if drained."""
        deadline = time.monotonic() + timeout
        with self._cv:
            while self._heap or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(min(left, 0.05))
        return True

    def _next(self) -> _Job | None:
        with self._cv:
            while not self._stopping:
                if self._heap and self._heap[0].due <= time.monotonic():
                    self._busy = True
                    return heapq.heappop(self._heap)
                wait = self._heap[0].due - time.monotonic() if self._heap else None
                self._cv.wait(wait)
            return None

    def _loop(self) -> None:
        while (job := self._next()) is not None:
            try:
                self._run(job)
            finally:
                with self._cv:
                    self._busy = False
                    self._cv.notify_all()

    def _run(self, job: _Job) -> None:
        try:
            job.spec.func(*job.args, **job.kwargs)
        except Exception as exc:
            intervals = job.spec.retry_intervals
            if job.attempt <= len(intervals):
                delay = intervals[job.attempt - 1]
                log.warning(
                    "job %s (%s) attempt %d failed: %s; retrying in %ss", job.id, job.spec.name, job.attempt, exc, delay
                )
                job.attempt += 1
                job.due = time.monotonic() + delay
                with self._cv:
                    heapq.heappush(self._heap, job)
                return
            log.error("job %s (%s) failed after %d attempts", job.id, job.spec.name, job.attempt, exc_info=True)
        with self._cv:
            self._ids.discard(job.id)


class EmbeddedScheduler:
    """Submits each schedule's job at its cron times (server local time) or interval, like `rq cron`."""

    def __init__(self, worker: EmbeddedWorker) -> None:
        self.worker = worker
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, schedules) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, args=(tuple(schedules),), name="loyalty-cron", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._thread = None

    @staticmethod
    def _next_time(schedule, after: float) -> float:
        if schedule.interval:
            return after + schedule.interval
        local = datetime.fromtimestamp(after).astimezone()
        return (
            croniter(schedule.cron, local.replace(tzinfo=None))
            .get_next(datetime)
            .replace(tzinfo=local.tzinfo)
            .timestamp()
        )

    def _loop(self, schedules) -> None:
        now = time.time()
        # Interval jobs (the watchdog) run at once, as rq cron does; cron jobs wait for their time.
        due = {s.name: (now if s.interval else self._next_time(s, now)) for s in schedules}
        by_name = {s.name: s for s in schedules}
        while not self._stop.is_set():
            now = time.time()
            for name, at in sorted(due.items(), key=lambda item: item[1]):
                if at <= now:
                    self.worker.submit(spec_for(by_name[name].func), (), {}, job_id=f"cron-{name}-{int(at)}")
                    due[name] = self._next_time(by_name[name], max(at, now))
            self._stop.wait(max(0.0, min(min(due.values()) - time.time(), 60.0)))


_worker = EmbeddedWorker()
_scheduler = EmbeddedScheduler(_worker)


def submit(spec: JobSpec, args: tuple, kwargs: dict, job_id: str | None = None) -> str | None:
    return _worker.submit(spec, args, kwargs, job_id)


def start(schedules: bool = True) -> bool:
    """Start the worker thread (and the schedules) unless jobs run on RQ; True when started here."""
    if get_settings().redis_url:
        log.info("LOYALTY_REDIS_URL is set: jobs run on rq workers (make worker, make cron)")
        return False
    from .registry import check_importable
    from .schedule import SCHEDULES

    check_importable()
    _worker.start()
    if schedules:
        _scheduler.start(SCHEDULES)
    log.info("embedded jobs started: worker thread%s", " and schedules" if schedules else "")
    return True


def stop() -> None:
    _scheduler.stop()
    _worker.stop()


def drain(timeout: float = 30.0) -> bool:
    return _worker.drain(timeout)


def reset() -> None:
    _worker.reset()


@contextlib.asynccontextmanager
async def lifespan():
    """Reflex lifespan task: safe logging, then the embedded worker and schedules for the app's life."""
    from loyalty_app.logging_setup import configure_logging

    configure_logging()
    start()
    try:
        yield
    finally:
        await asyncio.to_thread(stop)
