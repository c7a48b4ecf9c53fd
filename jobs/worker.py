"""The worker class `make worker` runs: RQ's SimpleWorker with the whole app loaded before any job.

SimpleWorker runs jobs in the worker process instead of forking one child per job (about 3x
the throughput of the forking Worker here, and database connections stay pooled). Run more
`make worker` processes to scale out; job timeouts still apply (SIGALRM in the main thread).
"""

from rq.worker import SimpleWorker

from loyalty_app.logging_setup import configure_logging

from .bootstrap import bootstrap
from .registry import check_importable


def prepare_process() -> None:
    """Safe logging, every job reachable, and the event handlers a job's commits need (a job emits events too)."""
    configure_logging()
    check_importable()  # an unreachable job fails the worker at start, not silently at its first run
    bootstrap()


class LoyaltyWorker(SimpleWorker):
    def bootstrap(self, *args, **kwargs):
        prepare_process()
        super().bootstrap(*args, **kwargs)
