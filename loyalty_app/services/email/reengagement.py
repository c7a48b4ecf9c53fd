"""Re-engagement emails: cards inactive for over 60 days, at most once a quarter, with consent."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services.context import clock

INACTIVE_AFTER = timedelta(days=60)
MIN_GAP = timedelta(days=90)  # "at most once a quarter": the weekly run sends again after 13 weeks


def inactive(card: LoyaltyCard, now: datetime) -> bool:
    return (card.last_activity_at or card.created_at) < now - INACTIVE_AFTER


def reengagement_due(session: Session, now: datetime | None = None) -> list[int]:
    """Ids of inactive cards of consenting customers not re-engaged in the last quarter."""
    now = clock(now)
    c = LoyaltyCard
    return list(
        session.exec(
            select(c.id)
            .join(Customer, Customer.id == c.customer_id)
            .join(LoyaltyProgram, LoyaltyProgram.id == c.program_id)
            .join(Merchant, Merchant.id == c.merchant_id)
            .where(
                c.is_active.is_(True),
                c.deleted_at.is_(None),
                LoyaltyProgram.deleted_at.is_(None),
                Merchant.deleted_at.is_(None),
                Customer.marketing_consent.is_(True),
                Customer.email.is_not(None),
                Customer.anonymized_at.is_(None),
                sa.func.coalesce(c.last_activity_at, c.created_at) < now - INACTIVE_AFTER,
                sa.or_(c.reengagement_sent_at.is_(None), c.reengagement_sent_at <= now - MIN_GAP),
            )
            .order_by(c.id)
        ).all()
    )
