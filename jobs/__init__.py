"""Background jobs: plain functions that take ids, re-read state and skip work already done.

`registry` lists every job function, `schedule` the one schedule config, `queue.enqueue` runs a
job through RQ (LOYALTY_REDIS_URL set) or the in-process worker thread (embedded mode).
"""

# Workers must see every table and the after-commit wiring before their first job (an earlier
# system's worker lacked the model imports and failed at its first query).
import loyalty_app.models  # noqa: F401,E402
import loyalty_app.services  # noqa: F401,E402
