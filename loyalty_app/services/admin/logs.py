"""The audit log and the email log for platform admins, with their filters."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import AuditLog, EmailLog, Merchant, User
from loyalty_app.models.email import EMAIL_STATUSES
from loyalty_app.services.email.defaults import CODES

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # part of the actor's email or name, or a user id
    merchant_id: int | None = None
    action: str = ""
    date_from: date | None = None  # whole days, UTC, both ends included
    date_to: date | None = None


@dataclass(frozen=True)
class EmailFilter:
    status: str = ""
    template_code: str = ""
    merchant_id: int | None = None
    recipient: str = ""  # part of the address
    date_from: date | None = None
    date_to: date | None = None


def _day_range(column, date_from: date | None, date_to: date | None) -> list:
    cond = []
    if date_from:
        cond.append(column >= datetime.combine(date_from, time.min, UTC))
    if date_to:
        cond.append(column < datetime.combine(date_to + timedelta(days=1), time.min, UTC))
    return cond


def _pages(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def list_audit(session: Session, f: AuditFilter, page: int = 1, page_size: int = 50) -> dict:
    """Audit rows newest first, with the actor's and the acting admin's email and the merchant's name."""
    actor, admin = sa.orm.aliased(User), sa.orm.aliased(User)
    cond = _day_range(AuditLog.created_at, f.date_from, f.date_to)
    who = (f.actor or "").strip().lower()
    if who.isdigit():
        cond.append(sa.or_(AuditLog.actor_user_id == int(who), AuditLog.acting_admin_id == int(who)))
    elif who:
        cond.append(
            sa.or_(
                sa.func.lower(actor.email).contains(who, autoescape=True),
                sa.func.lower(actor.full_name).contains(who, autoescape=True),
                sa.func.lower(admin.email).contains(who, autoescape=True),
            )
        )
    if f.merchant_id is not None:
        cond.append(AuditLog.merchant_id == f.merchant_id)
    if f.action:
        cond.append(AuditLog.action == f.action)
    base = (
        select(AuditLog, actor.email, admin.email, Merchant.name)
        .select_from(AuditLog)
        .outerjoin(actor, actor.id == AuditLog.actor_user_id)
        .outerjoin(admin, admin.id == AuditLog.acting_admin_id)
        .outerjoin(Merchant, Merchant.id == AuditLog.merchant_id)
        .where(*cond)
    )
    total = session.exec(select(sa.func.count()).select_from(base.subquery())).one()
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = min(max(page, 1), _pages(total, page_size))
    rows = session.exec(
        base.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    items = [
        {
            "id": row.id,
            "created_at": row.created_at,
            "action": row.action,
            "entity_type": row.entity_type,
            "entity_id": row.entity_id,
            "actor_user_id": row.actor_user_id,
            "actor": actor_email,
            "acting_admin_id": row.acting_admin_id,
            "acting_admin": admin_email,
            "merchant_id": row.merchant_id,
            "merchant": merchant,
            "old_values": row.old_values,
            "new_values": row.new_values,
            "ip_address": row.ip_address,
        }
        for row, actor_email, admin_email, merchant in rows
    ]
    return {"items": items, "total": total, "page": page, "pages": _pages(total, page_size)}


def audit_actions(session: Session) -> list[str]:
    """Every action the audit log holds, for the filter's choices."""
    return list(session.exec(select(AuditLog.action).distinct().order_by(AuditLog.action)))


def list_emails(session: Session, f: EmailFilter, page: int = 1, page_size: int = 50) -> dict:
    """The email log newest first, with the error text and the provider that took it."""
    cond = _day_range(EmailLog.created_at, f.date_from, f.date_to)
    if f.status in EMAIL_STATUSES:
        cond.append(EmailLog.status == f.status)
    if f.template_code:
        cond.append(EmailLog.template_code == f.template_code)
    if f.merchant_id is not None:
        cond.append(EmailLog.merchant_id == f.merchant_id)
    if (f.recipient or "").strip():
        cond.append(sa.func.lower(EmailLog.recipient).contains(f.recipient.strip().lower(), autoescape=True))
    base = select(EmailLog, Merchant.name).outerjoin(Merchant, Merchant.id == EmailLog.merchant_id).where(*cond)
    total = session.exec(select(sa.func.count()).select_from(base.subquery())).one()
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = min(max(page, 1), _pages(total, page_size))
    rows = session.exec(
        base.order_by(EmailLog.created_at.desc(), EmailLog.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    items = [
        {
            "id": e.id,
            "created_at": e.created_at,
            "sent_at": e.sent_at,
            "merchant": name,
            "template_code": e.template_code,
            "locale": e.locale,
            "recipient": e.recipient,
            "subject": e.subject,
            "status": e.status,
            "attempts": e.attempts,
            "error": e.error,
            "provider": e.provider,
        }
        for e, name in rows
    ]
    return {"items": items, "total": total, "page": page, "pages": _pages(total, page_size)}


def email_codes(session: Session) -> list[str]:
    """The template codes for the filter: the seven loyalty codes and any other the log holds."""
    used = set(session.exec(select(EmailLog.template_code).distinct()))
    return list(CODES) + sorted(used - set(CODES))
