"""Scheduled sweeps (see jobs.schedule): each finds what is due and enqueues one email job per card.

Each records its start, success or error in `job_run` under its own name (`runs.tracked`),
which is what GET /api/v1/admin/jobs and the health check read.
"""

import logging
from datetime import UTC

from loyalty_app.db import session_scope
from loyalty_app.services.context import clock
from loyalty_app.services.email import birthdays, reengagement
from loyalty_app.services.health import schedules as job_health
from loyalty_app.services.ledger import expiry
from loyalty_app.services.tasks import lifecycle as tasks

from .emails import send_card_email
from .queue import enqueue
from .runs import tracked
from .tasks import run_task

log = logging.getLogger(__name__)


def _email(code: str, card_id: int, key: str) -> bool:
    return enqueue(send_card_email, code, card_id, job_id=f"email-{code}-card-{card_id}-{key}") is not None


@tracked
def points_expiry() -> dict:
    """Expire inactive points, then send the expired emails (also any a previous run left unsent)."""
    with session_scope() as session:
        run = expiry.expire_points(session)
        notices = expiry.expired_notices_due(session)
    queued = sum(_email("loyalty_points_expired", card_id, f"tx{tx_id}") for card_id, tx_id in notices)
    return {"cards": run.cards, "points": run.points, "chunks": run.chunks, "emails": queued}


@tracked
def expiry_warnings() -> dict:
    with session_scope() as session:
        due = expiry.warnings_due(session)
    queued = sum(
        _email("loyalty_points_expiring", card_id, f"{cycle.astimezone(UTC):%Y%m%d%H%M%S}") for card_id, cycle in due
    )
    return {"due": len(due), "emails": queued}


@tracked
def birthday_emails() -> dict:
    with session_scope() as session:
        due = birthdays.birthdays_due(session)
    queued = sum(_email("loyalty_birthday", card_id, str(year)) for card_id, year in due)
    return {"due": len(due), "emails": queued}


@tracked
def reengagement_emails() -> dict:
    with session_scope() as session:
        due = reengagement.reengagement_due(session)
    week = f"{clock(None):%G%V}"
    queued = sum(_email("loyalty_reengagement", card_id, week) for card_id in due)
    return {"due": len(due), "emails": queued}


@tracked
def jobs_watchdog() -> dict:
    """Re-run any scheduled job whose latest slot passed without a success (missed or failed run)."""
    from .schedule import SCHEDULES

    by_name = {s.name: s for s in SCHEDULES if s.name != "jobs_watchdog"}
    with session_scope() as session:
        late = job_health.due_for_catch_up(session, schedules=[s.info for s in by_name.values()])
    slot = f"{clock(None):%Y%m%d%H}"
    for name in late:
        log.warning("scheduled job %s missed its slot: running it now", name)
        enqueue(by_name[name].func, job_id=f"catch-up-{name}-{slot}")
    with session_scope() as session:
        kept = tasks.upkeep(session)
    for task_id in kept["requeue"]:  # lost with an embedded process, or queued while no worker ran
        log.warning("merchant task %s is still queued: queueing it again", task_id)
        enqueue(run_task, task_id, job_id=f"task-{task_id}-again-{slot}")
    return {"caught_up": late, "tasks": kept}
