"""Background jobs: plain functions that take ids, re-read state and skip work already done.

`registry` lists every job function, `schedule` maps the schedule table to them, `handlers` which
job each service event starts (installed by `bootstrap`), and `queue.enqueue` runs a job through
RQ (LOYALTY_REDIS_URL set) or the in-process worker thread (embedded mode).
"""

# Workers must see every table before their first job (an earlier system's worker lacked the
# model imports and failed at its first query); the event handlers come from `bootstrap()`.
import loyalty_app.models  # noqa: F401,E402
