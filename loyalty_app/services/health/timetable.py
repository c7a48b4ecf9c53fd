"""The one schedule table: what runs when, as plain data (SPEC.md "Operations").

`jobs/schedule.py` maps each name to its job function for `rq cron` and the embedded scheduler;
the health checks (`schedules.py`) read this table to tell which job is late. Cron expressions
are in the server's local time, as `rq cron` reads them; interval jobs run at start-up and then
every `interval` seconds.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from croniter import croniter


@dataclass(frozen=True)
class ScheduleInfo:
    name: str
    cron: str | None = None
    interval: int | None = None
    description: str = ""

    @property
    def schedule(self) -> str:
        return self.cron if self.cron else f"every {self.interval // 60} min"

    def last_slot(self, now: datetime) -> datetime:
        """The latest time the job was due at or before `now` (cron in server local time, as rq cron)."""
        if self.interval:
            return now - timedelta(seconds=self.interval)
        local = now.astimezone()
        prev = croniter(self.cron, local.replace(tzinfo=None)).get_prev(datetime)
        return prev.replace(tzinfo=local.tzinfo).astimezone(UTC)


SCHEDULES: tuple[ScheduleInfo, ...] = (
    ScheduleInfo(
        "points_expiry",
        cron="0 3 * * *",
        description="daily 03:00: expire points after N days without activity, then the expired emails",
    ),
    ScheduleInfo(
        "expiry_warnings",
        cron="0 9 * * *",
        description="daily 09:00: warn cards 14 days before their points expire, once per cycle",
    ),
    ScheduleInfo(
        "birthday_emails",
        cron="5 * * * *",
        description="hourly: birthday emails from 08:00 in each merchant's timezone, once a year",
    ),
    ScheduleInfo(
        "reengagement_emails",
        cron="0 10 * * 1",
        description="weekly, Monday 10:00: cards inactive over 60 days, at most once a quarter",
    ),
    ScheduleInfo(
        "jobs_watchdog",
        interval=3600,
        description="hourly and at start-up: re-run any scheduled job that missed its slot",
    ),
    ScheduleInfo(
        "wallet_sweep",
        cron="20 * * * *",
        description="hourly at :20: re-sync wallet passes whose last sync failed or lags the balance",
    ),
)
