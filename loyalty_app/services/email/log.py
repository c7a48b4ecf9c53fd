"""The email log, newest first, filtered: one read for the admin API and the admin console."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import EmailLog, Merchant
from loyalty_app.models.email import EMAIL_STATUSES
from loyalty_app.models.public import EmailLogPage, EmailLogRow
from loyalty_app.services.email.defaults import CODES

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class EmailFilter:
    status: str = ""
    template_code: str = ""
    merchant_id: int | None = None
    recipient: str = ""  # part of the address, any case
    address: str = ""  # the whole address, any case
    date_from: date | None = None  # whole days, UTC, both ends included
    date_to: date | None = None


def day_range(column, date_from: date | None, date_to: date | None) -> list:
    """Conditions for whole UTC days from `date_from` to `date_to`, both included (either may be open)."""
    cond = []
    if date_from:
        cond.append(column >= datetime.combine(date_from, time.min, UTC))
    if date_to:
        cond.append(column < datetime.combine(date_to + timedelta(days=1), time.min, UTC))
    return cond


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def _where(f: EmailFilter) -> list:
    cond = day_range(EmailLog.created_at, f.date_from, f.date_to)
    if f.status in EMAIL_STATUSES:
        cond.append(EmailLog.status == f.status)
    if f.template_code.strip():
        cond.append(EmailLog.template_code == f.template_code.strip())
    if f.merchant_id is not None:
        cond.append(EmailLog.merchant_id == f.merchant_id)
    if f.recipient.strip():
        cond.append(sa.func.lower(EmailLog.recipient).contains(f.recipient.strip().lower(), autoescape=True))
    if f.address.strip():
        cond.append(sa.func.lower(EmailLog.recipient) == f.address.strip().lower())
    return cond


def list_emails(session: Session, f: EmailFilter, page: int = 1, page_size: int = 50) -> EmailLogPage:
    """The email log newest first, with the error text, the merchant and the provider that took it."""
    base = select(EmailLog, Merchant.name).outerjoin(Merchant, Merchant.id == EmailLog.merchant_id).where(*_where(f))
    total = session.exec(select(sa.func.count()).select_from(base.subquery())).one()
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    page = min(max(page, 1), page_count(total, page_size))
    rows = session.exec(
        base.order_by(EmailLog.created_at.desc(), EmailLog.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    items = [
        EmailLogRow.model_validate({**e.model_dump(), "merchant": name, "provider": e.provider}) for e, name in rows
    ]
    return EmailLogPage(items=items, total=total, page=page, pages=page_count(total, page_size))


def email_codes(session: Session) -> list[str]:
    """The template codes for the filter: the seven loyalty codes and any other the log holds."""
    used = set(session.exec(select(EmailLog.template_code).distinct()))
    return list(CODES) + sorted(used - set(CODES))
