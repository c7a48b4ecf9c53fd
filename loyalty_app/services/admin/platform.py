"""What platform operators read: merchants, the email log, and the health check."""

import logging

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import EmailLog, LoyaltyCard, Merchant, Store
from loyalty_app.services.health import schedules as job_health

log = logging.getLogger(__name__)

MAX_EMAILS = 500


def list_merchants(session: Session) -> dict:
    stores = dict(
        session.exec(
            select(Store.merchant_id, sa.func.count()).where(Store.deleted_at.is_(None)).group_by(Store.merchant_id)
        ).all()
    )
    cards = dict(
        session.exec(
            select(LoyaltyCard.merchant_id, sa.func.count())
            .where(LoyaltyCard.deleted_at.is_(None))
            .group_by(LoyaltyCard.merchant_id)
        ).all()
    )
    return {
        "items": [
            {
                "id": m.id,
                "name": m.name,
                "timezone": m.timezone,
                "default_locale": m.default_locale,
                "created_at": m.created_at,
                "deleted_at": m.deleted_at,
                "store_count": stores.get(m.id, 0),
                "card_count": cards.get(m.id, 0),
            }
            for m in session.exec(select(Merchant).order_by(Merchant.name, Merchant.id))
        ]
    }


def list_emails(
    session: Session, *, recipient: str | None = None, template_code: str | None = None, limit: int = 50
) -> dict:
    """The email log, newest first."""
    stmt = select(EmailLog)
    if recipient:
        stmt = stmt.where(sa.func.lower(EmailLog.recipient) == recipient.strip().lower())
    if template_code:
        stmt = stmt.where(EmailLog.template_code == template_code.strip())
    rows = session.exec(
        stmt.order_by(EmailLog.created_at.desc(), EmailLog.id.desc()).limit(min(max(limit, 1), MAX_EMAILS))
    )
    return {
        "items": [
            {
                "id": e.id,
                "template_code": e.template_code,
                "locale": e.locale,
                "recipient": e.recipient,
                "subject": e.subject,
                "status": e.status,
                "attempts": e.attempts,
                "error": e.error,
                "created_at": e.created_at,
                "sent_at": e.sent_at,
            }
            for e in rows
        ]
    }


def health(session: Session) -> tuple[bool, dict]:
    """(healthy, parts): the database must answer; Redis too when it is configured."""
    parts = {"status": "ok", "database": "ok", "redis": job_health.redis_state(), "jobs": "unknown"}
    try:
        session.exec(select(1)).one()
        parts["jobs"] = job_health.jobs_state(session)
    except Exception as exc:  # any failure means the database cannot serve: say so, never raise
        log.error("health: database check failed: %s", exc)
        session.rollback()
        parts["database"] = "error"
    healthy = parts["database"] == "ok" and parts["redis"] in ("ok", "embedded")
    parts["status"] = "ok" if healthy else "error"
    return healthy, parts
