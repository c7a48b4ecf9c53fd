from .support import (  # noqa: F401  (fixtures)
    clock_at,
    email_templates,
    embedded_jobs,
    fast_retries,
    jobs_db,
    outbox,
    redis_url,
    restore_logging,
    rq,
    smtp_server,
)
