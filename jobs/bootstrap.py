"""The composition root: wires the services' events to the jobs they start, once per process.

The web app (loyalty_app.py), the RQ worker (jobs.worker), the `rq cron` config (jobs.cron),
the CLI (loyalty_app.cli) and the tests call `bootstrap()` at start-up; calling it again is a no-op.
"""

from loyalty_app.services import effects

from .handlers import HANDLERS


def bootstrap() -> None:
    effects.install(HANDLERS)
