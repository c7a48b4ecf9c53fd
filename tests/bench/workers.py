"""RQ's forking Worker with the app imported once in the parent, for a fair comparison with SimpleWorker."""

from rq.worker import Worker

import jobs.registry  # noqa: F401  (models, services and job modules loaded before the first fork)


class PreloadedForkingWorker(Worker):
    pass
