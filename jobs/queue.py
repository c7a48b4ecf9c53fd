"""Enqueue a registered job: on RQ when LOYALTY_REDIS_URL is set, else on the in-process worker.

Both run the same function with the same retry policy (jobs.registry). A job id, when given,
makes the enqueue idempotent: while a job with that id exists, enqueueing it again is a no-op.
"""

import logging
from functools import lru_cache

from loyalty_app.settings import get_settings

log = logging.getLogger(__name__)

QUEUE_NAME = "loyalty"
RESULT_TTL = 24 * 3600
FAILURE_TTL = 30 * 24 * 3600


@lru_cache
def redis_connection(url: str):
    from redis import Redis

    return Redis.from_url(url)


def rq_queue(url: str | None = None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis_connection(url or get_settings().redis_url))


def enqueue(func, *args, job_id: str | None = None, **kwargs) -> str | None:
    """Queue `func(*args, **kwargs)`; returns the job id, or None when that job id is already queued."""
    from .registry import spec_for

    spec = spec_for(func)  # an unregistered job fails here, loudly, in the caller
    url = get_settings().redis_url
    if not url:
        from . import embedded

        return embedded.submit(spec, args, kwargs, job_id)
    from rq import Retry
    from rq.exceptions import DuplicateJobError

    retry = Retry(max=len(spec.retry_intervals), interval=list(spec.retry_intervals)) if spec.retry_intervals else None
    try:
        job = rq_queue(url).enqueue_call(
            spec.func,
            args=args,
            kwargs=kwargs,
            job_id=job_id,
            unique=job_id is not None,
            retry=retry,
            timeout=spec.timeout,
            result_ttl=RESULT_TTL,
            failure_ttl=FAILURE_TTL,
            description=f"{spec.func.__name__}{args}",
        )
    except DuplicateJobError:
        log.debug("job %s already queued or recently done", job_id)
        return None
    return job.id
