"""The schedule table (services.health.timetable) bound to its job functions, for `rq cron jobs/cron.py`
and the embedded scheduler. A name in the table without a job here, or the reverse, fails at import.
"""

from collections.abc import Callable
from dataclasses import dataclass

from loyalty_app.services.health.timetable import SCHEDULES as TIMETABLE
from loyalty_app.services.health.timetable import ScheduleInfo

from . import scheduled, wallet

_JOBS: dict[str, Callable] = {
    func.__name__: func
    for func in (
        scheduled.points_expiry,
        scheduled.expiry_warnings,
        scheduled.birthday_emails,
        scheduled.reengagement_emails,
        scheduled.jobs_watchdog,
        wallet.wallet_sweep,
    )
}


@dataclass(frozen=True)
class Schedule:
    info: ScheduleInfo
    func: Callable

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def cron(self) -> str | None:
        return self.info.cron

    @property
    def interval(self) -> int | None:
        return self.info.interval

    @property
    def description(self) -> str:
        return self.info.description


if set(_JOBS) != {info.name for info in TIMETABLE}:
    raise RuntimeError(f"schedule table and scheduled jobs differ: {sorted(set(_JOBS) ^ {i.name for i in TIMETABLE})}")

SCHEDULES: tuple[Schedule, ...] = tuple(Schedule(info, _JOBS[info.name]) for info in TIMETABLE)
