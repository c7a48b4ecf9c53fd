"""The `rq cron` config: `rq cron jobs/cron.py` registers every schedule of jobs.schedule."""

from rq import cron

from jobs.bootstrap import bootstrap
from jobs.queue import QUEUE_NAME
from jobs.registry import spec_for
from jobs.schedule import SCHEDULES

bootstrap()  # the cron process only enqueues, but anything it commits must reach its handlers like elsewhere

for schedule in SCHEDULES:
    cron.register(
        schedule.func,
        queue_name=QUEUE_NAME,
        cron=schedule.cron,
        interval=schedule.interval,
        name=schedule.name,
        job_timeout=spec_for(schedule.func).timeout,
    )
