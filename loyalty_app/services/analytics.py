"""Merchant analytics from SQL aggregates: KPI tiles, cohort retention, churn risk, revenue split."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from ..models import Customer, LoyaltyCard, LoyaltyTransaction, Sale, Store
from .context import clock

# A visit is what a customer does at the counter; enrollment bonuses and admin rows are not visits.
VISIT_TYPES = ("stamp_earned", "stamp_redeemed", "points_earned", "points_redeemed")
ACTIVE_DAYS = 30


def _month(session: Session, column):
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def _epoch(column):
    return sa.cast(sa.extract("epoch", column), sa.Float)


def _live_cards(merchant_id: int, store_id: int | None):
    cond = [LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None)]
    if store_id is not None:
        cond.append(LoyaltyCard.enrolled_store_id == store_id)
    return cond


def _not_voided():
    void = sa.orm.aliased(LoyaltyTransaction)
    return ~sa.exists().where(void.voided_transaction_id == LoyaltyTransaction.id)


def kpis(session: Session, merchant_id: int, start: datetime, end: datetime, *, store_id: int | None = None,
         now: datetime | None = None) -> dict:
    """Members, active members (30 days), issued/redeemed stamps and points, redemption rate, liability."""
    now = clock(now)
    tx = LoyaltyTransaction
    members, liability = session.execute(
        sa.select(sa.func.count(LoyaltyCard.id), sa.func.coalesce(sa.func.sum(LoyaltyCard.points_balance), 0))
        .where(*_live_cards(merchant_id, store_id), LoyaltyCard.is_active.is_(True))
    ).one()
    active = session.execute(
        sa.select(sa.func.count(sa.distinct(tx.card_id)))
        .join(LoyaltyCard, LoyaltyCard.id == tx.card_id)
        .where(*_live_cards(merchant_id, store_id), tx.type.in_(VISIT_TYPES),
               tx.created_at >= now - timedelta(days=ACTIVE_DAYS), _not_voided())
    ).scalar_one()
    in_range = [tx.merchant_id == merchant_id, tx.created_at >= start, tx.created_at < end, _not_voided()]
    if store_id is not None:
        in_range.append(tx.store_id == store_id)

    def total(expr, *types):
        return sa.func.coalesce(sa.func.sum(sa.case((tx.type.in_(types), expr), else_=0)), 0)

    row = session.execute(
        sa.select(
            total(tx.stamps_delta, "stamp_earned"),
            total(-tx.stamps_delta, "stamp_redeemed"),
            total(tx.points_delta, "points_earned", "welcome_bonus"),
            total(-tx.points_delta, "points_redeemed"),
        ).where(*in_range)
    ).one()
    stamps_issued, stamps_redeemed, points_issued, points_redeemed = (int(v) for v in row)
    issued = stamps_issued + points_issued
    return {
        "members": int(members), "active_members": int(active),
        "stamps_issued": stamps_issued, "stamps_redeemed": stamps_redeemed,
        "points_issued": points_issued, "points_redeemed": points_redeemed,
        "redemption_rate": round((stamps_redeemed + points_redeemed) / issued, 4) if issued else 0.0,
        "points_liability": int(liability),
    }


def _month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def cohort_retention(session: Session, merchant_id: int, *, store_id: int | None = None,
                     start: datetime | None = None, end: datetime | None = None) -> list[dict]:
    """Cards grouped by enrollment month; for each later month, the share with at least one visit."""
    tx = LoyaltyTransaction
    cohort = _month(session, LoyaltyCard.created_at)
    card_filter = _live_cards(merchant_id, store_id)
    if start is not None:
        card_filter.append(LoyaltyCard.created_at >= start)
    if end is not None:
        card_filter.append(LoyaltyCard.created_at < end)
    sizes = dict(session.execute(
        sa.select(cohort, sa.func.count(LoyaltyCard.id)).where(*card_filter).group_by(cohort)
    ).all())
    activity = _month(session, tx.created_at)
    counts = session.execute(
        sa.select(cohort, activity, sa.func.count(sa.distinct(tx.card_id)))
        .join(LoyaltyCard, LoyaltyCard.id == tx.card_id)
        .where(*card_filter, tx.type.in_(VISIT_TYPES), _not_voided())
        .group_by(cohort, activity)
    ).all()
    last_month = max([_month_index(a) for _, a, _ in counts] + [_month_index(c) for c in sizes] or [0])
    table: dict[str, dict[int, int]] = {c: {} for c in sizes}
    for c, a, n in counts:
        offset = _month_index(a) - _month_index(c)
        if offset >= 0:
            table[c][offset] = n
    out = []
    for c in sorted(sizes):
        span = last_month - _month_index(c) + 1
        out.append({"cohort": c, "size": sizes[c],
                    "retention": [round(table[c].get(k, 0) / sizes[c], 4) for k in range(span)]})
    return out


@dataclass
class AtRisk:
    card_id: int
    card_number: str
    customer_name: str | None
    email: str | None
    last_visit_at: datetime
    usual_interval_days: float
    inactive_days: float


def at_risk_cards(session: Session, merchant_id: int, *, store_id: int | None = None,
                  now: datetime | None = None) -> list[AtRisk]:
    """Inactive for more than twice the card's own usual interval (fallback: the program median)."""
    now = clock(now)
    tx = LoyaltyTransaction
    first, last, visits = sa.func.min(tx.created_at), sa.func.max(tx.created_at), sa.func.count(tx.id)
    per_card = (
        sa.select(tx.card_id, _epoch(first).label("first_s"), _epoch(last).label("last_s"), visits.label("visits"),
                  last.label("last_at"))
        .join(LoyaltyCard, LoyaltyCard.id == tx.card_id)
        .where(*_live_cards(merchant_id, store_id), LoyaltyCard.is_active.is_(True),
               tx.type.in_(VISIT_TYPES), _not_voided())
        .group_by(tx.card_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(per_card, LoyaltyCard.card_number, Customer.first_name, Customer.last_name, Customer.email)
        .join(LoyaltyCard, LoyaltyCard.id == per_card.c.card_id)
        .outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
    ).all()
    own = {r.card_id: (r.last_s - r.first_s) / (r.visits - 1) for r in rows if r.visits >= 2 and r.last_s > r.first_s}
    median = statistics.median(own.values()) if own else None
    now_s = now.timestamp()
    out = []
    for r in rows:
        interval = own.get(r.card_id, median)
        if interval is None:
            continue
        inactive = now_s - r.last_s
        if inactive > 2 * interval:
            name = " ".join(p for p in (r.first_name, r.last_name) if p) or None
            out.append(AtRisk(r.card_id, r.card_number, name, r.email, r.last_at,
                              round(interval / 86400, 2), round(inactive / 86400, 2)))
    out.sort(key=lambda a: a.inactive_days, reverse=True)
    return out


def revenue_attribution(session: Session, merchant_id: int, start: datetime, end: datetime, *,
                        store_id: int | None = None) -> list[dict]:
    """Per store per month: revenue and average basket of sales with a card versus without."""
    month = _month(session, Sale.occurred_at)
    with_card = Sale.card_id.is_not(None)
    cond = [Sale.merchant_id == merchant_id, Sale.occurred_at >= start, Sale.occurred_at < end]
    if store_id is not None:
        cond.append(Sale.store_id == store_id)
    rows = session.execute(
        sa.select(
            Store.code, Store.name, month,
            sa.func.coalesce(sa.func.sum(sa.case((with_card, Sale.amount_cents), else_=0)), 0),
            sa.func.sum(sa.case((with_card, 1), else_=0)),
            sa.func.coalesce(sa.func.sum(sa.case((with_card, 0), else_=Sale.amount_cents)), 0),
            sa.func.sum(sa.case((with_card, 0), else_=1)),
        )
        .join(Store, Store.id == Sale.store_id)
        .where(*cond)
        .group_by(Store.code, Store.name, month)
        .order_by(Store.code, month)
    ).all()
    return [
        {"store_code": code, "store_name": name, "month": m,
         "card_revenue_cents": int(cr), "card_sales": int(cn),
         "card_avg_basket_cents": round(cr / cn) if cn else 0,
         "other_revenue_cents": int(orv), "other_sales": int(on),
         "other_avg_basket_cents": round(orv / on) if on else 0}
        for code, name, m, cr, cn, orv, on in rows
    ]
