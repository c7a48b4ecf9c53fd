"""The single registry of every job function, with its retry policy and timeout.

`jobs.queue.enqueue` refuses a function that is not here, and a test imports every entry by
name in a fresh process, so a job cannot be added without being reachable by the workers.
"""

from collections.abc import Callable
from dataclasses import dataclass

from rq.utils import import_attribute

from . import emails, scheduled, tasks, wallet

EMAIL_RETRY_INTERVALS = (30, 300, 1800)  # 3 retries: 30 s, 5 min, 30 min (covers greylisting)


class UnregisteredJob(LookupError):
    """A function was enqueued that the registry (hence the workers' import check) does not know."""


@dataclass(frozen=True)
class JobSpec:
    func: Callable
    retry_intervals: tuple[int, ...] = ()
    timeout: int = 300

    @property
    def name(self) -> str:
        return f"{self.func.__module__}.{self.func.__qualname__}"


JOBS: tuple[JobSpec, ...] = (
    JobSpec(emails.send_card_email, EMAIL_RETRY_INTERVALS, timeout=120),
    JobSpec(emails.send_logged_email, EMAIL_RETRY_INTERVALS, timeout=120),
    # Scheduled sweeps are idempotent; a failed run is re-run by the hourly watchdog.
    JobSpec(scheduled.points_expiry, timeout=3 * 3600),
    JobSpec(scheduled.expiry_warnings, timeout=3600),
    JobSpec(scheduled.birthday_emails, timeout=3600),
    JobSpec(scheduled.reengagement_emails, timeout=3600),
    JobSpec(scheduled.jobs_watchdog, timeout=600),
    # Wallet jobs retry each call themselves (1 s, 4 s, 16 s) and record failures on the card: no queue retry.
    JobSpec(wallet.sync_card, timeout=300),
    JobSpec(wallet.sync_batch, timeout=1800),
    JobSpec(wallet.sync_program, timeout=1800),
    JobSpec(wallet.wallet_sweep, timeout=600),
    # A task records its own failure (and what it finished) on its row; running it again would redo work.
    JobSpec(tasks.run_task, timeout=4 * 3600),
)
_BY_NAME = {spec.name: spec for spec in JOBS}


def spec_for(func_or_name: Callable | str) -> JobSpec:
    name = func_or_name if isinstance(func_or_name, str) else f"{func_or_name.__module__}.{func_or_name.__qualname__}"
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnregisteredJob(f"job {name} is not in jobs.registry.JOBS: workers would drop it") from None


def check_importable() -> None:
    """Resolve every job by name as a worker does; raises at start-up instead of at the first job."""
    for name, spec in _BY_NAME.items():
        if import_attribute(name) is not spec.func:
            raise UnregisteredJob(f"job {name} does not resolve to the registered function")
