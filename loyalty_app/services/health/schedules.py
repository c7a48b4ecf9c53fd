"""Health of the scheduled jobs and the operations alerts (SPEC.md "Operations").

Every scheduled job records its last start, success and error in `job_run`. A job is late when
the latest slot of its schedule that should have finished (slot + 2 h) has no success after it,
and the expiry job when it has not succeeded in 26 h (SPEC.md). Jobs that never ran count from
the day the platform got its first merchant, so a fresh install is not late.
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.models import EmailLog, JobRun, LoyaltyCard, Merchant
from loyalty_app.services.context import clock
from loyalty_app.services.health.timetable import SCHEDULES, ScheduleInfo
from loyalty_app.settings import Settings, get_settings

GRACE = timedelta(hours=2)
EXPIRY_JOB = "points_expiry"
EXPIRY_MAX_AGE = timedelta(hours=26)
EMAIL_FAILURE_RATE = 0.01
WALLET_FAILURE_RATE = 0.05
CERT_WARNING = timedelta(days=30)
WINDOW = timedelta(hours=24)
MAX_ERROR = 4000


def default_schedules() -> list[ScheduleInfo]:
    return list(SCHEDULES)


def _row(session: Session, name: str) -> JobRun:
    row = session.get(JobRun, name)
    if row is None:
        session.add(JobRun(name=name))
        try:
            session.commit()
        except IntegrityError:  # another worker created it at the same moment
            session.rollback()
        row = session.get(JobRun, name)
    return row


def mark_started(session: Session, name: str, now: datetime | None = None) -> None:
    row = _row(session, name)
    row.last_started_at = clock(now)
    session.add(row)
    session.commit()


def mark_succeeded(session: Session, name: str, now: datetime | None = None) -> None:
    row = _row(session, name)
    row.last_succeeded_at, row.last_error = clock(now), None
    session.add(row)
    session.commit()


def mark_failed(session: Session, name: str, error: str, now: datetime | None = None) -> None:
    row = _row(session, name)
    row.last_error = f"{clock(now).isoformat()} {error}"[:MAX_ERROR]
    session.add(row)
    session.commit()


def _platform_since(session: Session) -> datetime | None:
    return session.exec(select(sa.func.min(Merchant.created_at))).one()


def is_late(info: ScheduleInfo, run: JobRun | None, now: datetime, platform_since: datetime | None) -> bool:
    """No success since the latest slot that should have finished; for point expiry: none in 26 h."""
    reference = run.last_succeeded_at if run and run.last_succeeded_at else platform_since
    if reference is None:
        return False
    if info.name == EXPIRY_JOB:
        return now - reference > EXPIRY_MAX_AGE
    return reference < info.last_slot(now - GRACE)


def due_for_catch_up(
    session: Session, now: datetime | None = None, schedules: list[ScheduleInfo] | None = None
) -> list[str]:
    """Scheduled jobs whose latest slot passed 15 minutes ago without a success and that are not running."""
    now = clock(now)
    names = []
    for info in schedules if schedules is not None else default_schedules():
        run = session.get(JobRun, info.name)
        slot = info.last_slot(now - timedelta(minutes=15))
        succeeded = run.last_succeeded_at if run else None
        started = run.last_started_at if run else None
        if (succeeded is None or succeeded < slot) and (started is None or started < now - timedelta(minutes=15)):
            names.append(info.name)
    return names


def email_failure_rate(session: Session, now: datetime) -> tuple[int, int]:
    """(failed, total) emails created in the last 24 h."""
    failed, total = session.execute(
        select(sa.func.count().filter(EmailLog.status == "failed"), sa.func.count()).where(
            EmailLog.created_at >= now - WINDOW
        )
    ).one()
    return failed or 0, total or 0


def wallet_failure_rate(session: Session, now: datetime) -> tuple[int, int]:
    """(failing, synced) cards among those the wallet sync touched in the last 24 h."""
    c = LoyaltyCard
    touched = sa.or_(
        c.wallet_last_synced_at >= now - WINDOW, sa.and_(c.wallet_last_error.is_not(None), c.updated_at >= now - WINDOW)
    )
    failing, total = session.execute(
        select(sa.func.count().filter(c.wallet_last_error.is_not(None)), sa.func.count()).where(touched)
    ).one()
    return failing or 0, total or 0


def _certificate_alert(settings: Settings, now: datetime) -> dict | None:
    path = settings.apple_cert_file
    if not path:
        return None
    try:
        from cryptography import x509

        cert = x509.load_pem_x509_certificate(path.read_bytes())
    except Exception as exc:  # unreadable or not PEM: the operator must know either way
        return {"code": "WALLET_CERTIFICATE_UNREADABLE", "message": f"Apple certificate {path}: {exc}"}
    if cert.not_valid_after_utc - now < CERT_WARNING:
        return {
            "code": "WALLET_CERTIFICATE_EXPIRING",
            "message": f"The Apple Wallet certificate expires on {cert.not_valid_after_utc:%Y-%m-%d}.",
        }
    return None


def _job_alerts(info: ScheduleInfo, run: JobRun | None, now: datetime, since: datetime | None) -> list[dict]:
    out = []
    if is_late(info, run, now, since):
        last = (
            f"last success {run.last_succeeded_at:%Y-%m-%d %H:%M} UTC"
            if run and run.last_succeeded_at
            else "it never succeeded"
        )
        if info.name == EXPIRY_JOB:
            out.append({"code": "EXPIRY_JOB_LATE", "message": f"Point expiry has not succeeded in 26 hours ({last})."})
        else:
            out.append(
                {"code": "JOB_LATE", "message": f"Scheduled job {info.name} ({info.schedule}) is late ({last})."}
            )
    if run and run.last_error:
        out.append({"code": "JOB_FAILING", "message": f"Scheduled job {info.name} failed: {run.last_error[:300]}"})
    return out


def _run_dict(info: ScheduleInfo, run: JobRun | None) -> dict:
    return {
        "name": info.name,
        "schedule": info.schedule,
        "last_started_at": run.last_started_at if run else None,
        "last_succeeded_at": run.last_succeeded_at if run else None,
        "last_error": run.last_error if run else None,
    }


def jobs_report(session: Session, now: datetime | None = None, schedules: list[ScheduleInfo] | None = None) -> dict:
    """`{"jobs": [{name, schedule, last_started_at, last_succeeded_at, last_error}], "alerts": [{code, message}]}`."""
    now = clock(now)
    schedules = schedules if schedules is not None else default_schedules()
    runs = {r.name: r for r in session.exec(select(JobRun)).all()}
    since = _platform_since(session)
    alerts: list[dict] = []
    for info in schedules:
        alerts.extend(_job_alerts(info, runs.get(info.name), now, since))
    failed, total = email_failure_rate(session, now)
    if total and failed / total > EMAIL_FAILURE_RATE:
        alerts.append(
            {
                "code": "EMAIL_FAILURE_RATE",
                "message": f"{failed} of {total} emails failed in the last 24 hours ({failed / total:.1%}).",
            }
        )
    failing, synced = wallet_failure_rate(session, now)
    if synced and failing / synced > WALLET_FAILURE_RATE:
        alerts.append(
            {
                "code": "WALLET_SYNC_FAILURE_RATE",
                "message": f"{failing} of {synced} wallet syncs failing in the last 24 hours.",
            }
        )
    cert = _certificate_alert(get_settings(), now)
    if cert:
        alerts.append(cert)
    return {"jobs": [_run_dict(info, runs.get(info.name)) for info in schedules], "alerts": alerts}


def jobs_state(session: Session, now: datetime | None = None, schedules: list[ScheduleInfo] | None = None) -> str:
    """ "late" when a scheduled job missed its latest slot (plus 2 h), else "ok"."""
    now = clock(now)
    runs = {r.name: r for r in session.exec(select(JobRun)).all()}
    since = _platform_since(session)
    schedules = schedules if schedules is not None else default_schedules()
    return "late" if any(is_late(info, runs.get(info.name), now, since) for info in schedules) else "ok"


def redis_state(settings: Settings | None = None) -> str:
    """ "embedded" without a Redis URL, "ok" when Redis answers, else "unreachable"."""
    settings = settings or get_settings()
    if not settings.redis_url:
        return "embedded"
    import redis

    try:
        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
        return "ok"
    except redis.RedisError:
        return "unreachable"
