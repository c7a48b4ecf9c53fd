"""The one schedule config, read by `rq cron jobs/cron.py` and by the embedded scheduler.

Cron expressions are in the server's local time, as `rq cron` reads them; interval jobs run
at start-up and then every `interval` seconds.
"""

from collections.abc import Callable
from dataclasses import dataclass

from loyalty_app.services.health.schedules import ScheduleInfo

from . import scheduled, wallet


@dataclass(frozen=True)
class Schedule:
    func: Callable
    cron: str | None = None
    interval: int | None = None
    description: str = ""

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def info(self) -> ScheduleInfo:
        return ScheduleInfo(self.name, self.cron, self.interval)


SCHEDULES: tuple[Schedule, ...] = (
    Schedule(
        scheduled.points_expiry,
        cron="0 3 * * *",
        description="daily 03:00: expire points after N days without activity, then the expired emails",
    ),
    Schedule(
        scheduled.expiry_warnings,
        cron="0 9 * * *",
        description="daily 09:00: warn cards 14 days before their points expire, once per cycle",
    ),
    Schedule(
        scheduled.birthday_emails,
        cron="5 * * * *",
        description="hourly: birthday emails from 08:00 in each merchant's timezone, once a year",
    ),
    Schedule(
        scheduled.reengagement_emails,
        cron="0 10 * * 1",
        description="weekly, Monday 10:00: cards inactive over 60 days, at most once a quarter",
    ),
    Schedule(
        scheduled.jobs_watchdog,
        interval=3600,
        description="hourly and at start-up: re-run any scheduled job that missed its slot",
    ),
    Schedule(
        wallet.wallet_sweep,
        cron="20 * * * *",
        description="hourly at :20: re-sync wallet passes whose last sync failed or lags the balance",
    ),
)
