"""The health check: the database must answer; Redis too when it is configured; scheduled jobs on time."""

import logging

from sqlmodel import Session, select

from loyalty_app.models.public import HealthReport
from loyalty_app.services.health import schedules

log = logging.getLogger(__name__)


def health(session: Session) -> tuple[bool, HealthReport]:
    """(healthy, report); never raises: a failing database is a report that says so."""
    database, jobs = "ok", "unknown"
    redis = schedules.redis_state()
    try:
        session.exec(select(1)).one()
        jobs = schedules.jobs_state(session)
    except Exception as exc:  # any failure means the database cannot serve: say so, never raise
        log.error("health: database check failed: %s", exc)
        session.rollback()
        database = "error"
    healthy = database == "ok" and redis in ("ok", "embedded")
    return healthy, HealthReport(status="ok" if healthy else "error", database=database, redis=redis, jobs=jobs)
