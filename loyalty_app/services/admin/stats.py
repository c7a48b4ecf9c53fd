"""Platform totals for the admin overview: the merchants' KPIs over 30 days summed, counts and email health."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, EmailLog, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, Store
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.context import clock

STATS_DAYS = 30
KPI_TOTALS = (
    "members",
    "active_members",
    "stamps_issued",
    "stamps_redeemed",
    "points_issued",
    "points_redeemed",
    "points_liability",
)


def platform_stats(session: Session, now: datetime | None = None) -> dict:
    """Platform totals: the merchants' KPIs over 30 days (services.analytics) summed, plus counts and email health."""
    now = clock(now)
    start = now - timedelta(days=STATS_DAYS)
    merchants = []
    for merchant in session.exec(select(Merchant).where(Merchant.deleted_at.is_(None)).order_by(Merchant.name)):
        merchants.append(
            {
                "merchant_id": merchant.id,
                "name": merchant.name,
                **analytics.kpis(session, merchant.id, start, now, now=now),
            }
        )
    totals = {key: sum(m[key] for m in merchants) for key in KPI_TOTALS}

    def count(model, *where) -> int:
        return session.exec(select(sa.func.count()).select_from(model).where(*where)).one()

    emails = dict(
        session.exec(
            select(EmailLog.status, sa.func.count())
            .where(EmailLog.created_at >= now - timedelta(hours=24))
            .group_by(EmailLog.status)
        ).all()
    )
    totals.update(
        merchants=len(merchants),
        stores=count(Store, Store.deleted_at.is_(None)),
        customers=count(Customer, Customer.anonymized_at.is_(None)),
        cards=count(LoyaltyCard, LoyaltyCard.deleted_at.is_(None)),
        enrollments_7d=count(LoyaltyCard, LoyaltyCard.created_at >= now - timedelta(days=7)),
        transactions_30d=count(LoyaltyTransaction, LoyaltyTransaction.created_at >= start),
        trashed=count(LoyaltyCard, LoyaltyCard.deleted_at.is_not(None))
        + count(LoyaltyProgram, LoyaltyProgram.deleted_at.is_not(None)),
        emails_sent_24h=emails.get("sent", 0),
        emails_failed_24h=emails.get("failed", 0),
        emails_queued_24h=emails.get("queued", 0),
    )
    return {"totals": totals, "merchants": merchants}
