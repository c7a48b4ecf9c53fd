"""Job health bookkeeping for scheduled jobs: start, success and error in `job_run`."""

import functools
import logging
import traceback

from loyalty_app.db import session_scope
from loyalty_app.services.health import schedules as job_health

log = logging.getLogger(__name__)


def tracked(func):
    """Record start, success and the error of a scheduled job under the function's name."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        name = func.__name__
        with session_scope() as session:
            job_health.mark_started(session, name)
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            log.exception("scheduled job %s failed", name)
            with session_scope() as session:
                job_health.mark_failed(session, name, "".join(traceback.format_exception_only(exc)).strip())
            raise
        with session_scope() as session:
            job_health.mark_succeeded(session, name)
        log.info("scheduled job %s done: %s", name, result)
        return result

    return run
