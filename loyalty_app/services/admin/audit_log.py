"""The audit log for platform admins, with its filters (the email log is services.email.log)."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import AuditLog, Merchant, User
from loyalty_app.services.email.log import day_range, page_count

MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # part of the actor's email or name, or a user id
    merchant_id: int | None = None
    action: str = ""
    date_from: date | None = None  # whole days, UTC, both ends included
    date_to: date | None = None


def _where(f: AuditFilter, actor, admin) -> list:
    cond = day_range(AuditLog.created_at, f.date_from, f.date_to)
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
    return cond


def list_audit(session: Session, f: AuditFilter, page: int = 1, page_size: int = 50) -> dict:
    """Audit rows newest first, with the actor's and the acting admin's email and the merchant's name."""
    actor, admin = sa.orm.aliased(User), sa.orm.aliased(User)
    cond = _where(f, actor, admin)
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
    page = min(max(page, 1), page_count(total, page_size))
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
    return {"items": items, "total": total, "page": page, "pages": page_count(total, page_size)}


def audit_actions(session: Session) -> list[str]:
    """Every action the audit log holds, for the filter's choices."""
    return list(session.exec(select(AuditLog.action).distinct().order_by(AuditLog.action)))
