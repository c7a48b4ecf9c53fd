"""Merchant analytics from SQL aggregates: KPI tiles, cohort retention, churn risk, revenue split."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from loyalty_app.models import CardActivityMonth, Customer, LoyaltyCard, LoyaltyTransaction, Sale, Store, TxType
from loyalty_app.services import errors
from loyalty_app.services.cards.cards import get_store
from loyalty_app.services.context import clock

ACTIVE_DAYS = 30


def store_filter(session: Session, merchant_id: int, store_code: str | None) -> int | None:
    """The store id figures are narrowed to: None for every store (no code); another merchant's is not found."""
    if not (store_code or "").strip():
        return None
    store = get_store(session, store_code, include_inactive=True)
    if store.merchant_id != merchant_id:
        raise errors.StoreNotFound(store_code=store_code)
    return store.id


def _month(session: Session, column, *, is_date: bool = False):
    """'YYYY-MM' of a UTC timestamp (or of a date) on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(column if is_date else sa.func.timezone("UTC", column), "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def _epoch(column):
    return sa.cast(sa.extract("epoch", column), sa.Float)


def _live_cards(merchant_id: int, store_id: int | None):
    cond = [LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None)]
    if store_id is not None:
        cond.append(LoyaltyCard.enrolled_store_id == store_id)
    return cond


def _not_voided(merchant_id: int):
    """Excludes rows that a later row voided. The voids are few: a hashed NOT IN beats an anti-join."""
    void = sa.orm.aliased(LoyaltyTransaction)
    voided = sa.select(void.voided_transaction_id).where(
        void.merchant_id == merchant_id, void.voided_transaction_id.is_not(None)
    )
    return LoyaltyTransaction.id.not_in(voided)


def kpis(
    session: Session,
    merchant_id: int,
    start: datetime,
    end: datetime,
    *,
    store_id: int | None = None,
    now: datetime | None = None,
) -> dict:
    """Members, active members (30 days), issued/redeemed stamps and points, redemption rate, liability."""
    now = clock(now)
    tx = LoyaltyTransaction
    members, liability = session.execute(
        sa.select(sa.func.count(LoyaltyCard.id), sa.func.coalesce(sa.func.sum(LoyaltyCard.points_balance), 0)).where(
            *_live_cards(merchant_id, store_id), LoyaltyCard.is_active.is_(True)
        )
    ).one()
    active = session.execute(
        sa.select(sa.func.count(LoyaltyCard.id)).where(
            *_live_cards(merchant_id, store_id), LoyaltyCard.last_visit_at >= now - timedelta(days=ACTIVE_DAYS)
        )
    ).scalar_one()
    in_range = [tx.merchant_id == merchant_id, tx.created_at >= start, tx.created_at < end, _not_voided(merchant_id)]
    if store_id is not None:
        in_range.append(tx.store_id == store_id)

    def total(expr, *types):
        return sa.func.coalesce(sa.func.sum(sa.case((tx.type.in_(types), expr), else_=0)), 0)

    row = session.execute(
        sa.select(
            total(tx.stamps_delta, TxType.STAMP_EARNED),
            total(-tx.stamps_delta, TxType.STAMP_REDEEMED),
            total(tx.points_delta, TxType.POINTS_EARNED, TxType.WELCOME_BONUS),
            total(-tx.points_delta, TxType.POINTS_REDEEMED),
        ).where(*in_range)
    ).one()
    stamps_issued, stamps_redeemed, points_issued, points_redeemed = (int(v) for v in row)
    issued = stamps_issued + points_issued
    return {
        "members": int(members),
        "active_members": int(active),
        "stamps_issued": stamps_issued,
        "stamps_redeemed": stamps_redeemed,
        "points_issued": points_issued,
        "points_redeemed": points_redeemed,
        "redemption_rate": round((stamps_redeemed + points_redeemed) / issued, 4) if issued else 0.0,
        "points_liability": int(liability),
    }


def _month_index(key: str) -> int:
    year, month = key.split("-")
    return int(year) * 12 + int(month) - 1


def cohort_retention(
    session: Session,
    merchant_id: int,
    *,
    store_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[dict]:
    """Cards grouped by enrollment month; for each later month, the share with at least one visit.

    Reads the per-card monthly visit table (one row per card and active month), not the ledger.
    """
    cohort = _month(session, LoyaltyCard.created_at)
    card_filter = _live_cards(merchant_id, store_id)
    if start is not None:
        card_filter.append(LoyaltyCard.created_at >= start)
    if end is not None:
        card_filter.append(LoyaltyCard.created_at < end)
    sizes = dict(
        session.execute(sa.select(cohort, sa.func.count(LoyaltyCard.id)).where(*card_filter).group_by(cohort)).all()
    )
    activity = _month(session, CardActivityMonth.month, is_date=True)
    counts = session.execute(
        sa.select(cohort, activity, sa.func.count())
        .join(LoyaltyCard, LoyaltyCard.id == CardActivityMonth.card_id)
        .where(*card_filter)
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
        out.append(
            {"cohort": c, "size": sizes[c], "retention": [round(table[c].get(k, 0) / sizes[c], 4) for k in range(span)]}
        )
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


def _median_interval(session: Session, own_interval, card_filter) -> float | None:
    has_own = LoyaltyCard.visit_count >= 2
    if session.get_bind().dialect.name == "postgresql":
        return session.execute(
            sa.select(sa.func.percentile_cont(0.5).within_group(own_interval)).where(*card_filter, has_own)
        ).scalar_one()
    values = session.execute(sa.select(own_interval).where(*card_filter, has_own)).scalars().all()
    return statistics.median(values) if values else None


def _at_risk_query(session: Session, merchant_id: int, store_id: int | None, now: datetime):
    """Inactive for more than twice the card's own usual interval (fallback: the program median).

    The usual interval is (last visit - first visit) / (visits - 1), from the card's visit counters.
    """
    card_filter = [*_live_cards(merchant_id, store_id), LoyaltyCard.is_active.is_(True), LoyaltyCard.visit_count >= 1]
    first, last = _epoch(LoyaltyCard.first_visit_at), _epoch(LoyaltyCard.last_visit_at)
    own = (last - first) / sa.func.nullif(LoyaltyCard.visit_count - 1, 0)
    median = _median_interval(session, own, card_filter)
    interval = sa.func.coalesce(sa.func.nullif(own, 0), median) if median is not None else sa.func.nullif(own, 0)
    inactive = now.timestamp() - last
    return (
        sa.select(
            LoyaltyCard.id,
            LoyaltyCard.card_number,
            Customer.first_name,
            Customer.last_name,
            Customer.email,
            LoyaltyCard.last_visit_at,
            interval.label("interval"),
            inactive.label("inactive"),
        )
        .outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
        .where(*card_filter, inactive > 2 * interval)
        .order_by(inactive.desc(), LoyaltyCard.id)
    )


def at_risk_cards(
    session: Session,
    merchant_id: int,
    *,
    store_id: int | None = None,
    now: datetime | None = None,
    limit: int | None = None,
) -> list[AtRisk]:
    stmt = _at_risk_query(session, merchant_id, store_id, clock(now))
    if limit is not None:
        stmt = stmt.limit(limit)
    out = []
    for r in session.execute(stmt):
        name = " ".join(p for p in (r.first_name, r.last_name) if p) or None
        out.append(
            AtRisk(
                r.id,
                r.card_number,
                name,
                r.email,
                r.last_visit_at,
                round(r.interval / 86400, 2),
                round(r.inactive / 86400, 2),
            )
        )
    return out


def count_at_risk(
    session: Session, merchant_id: int, *, store_id: int | None = None, now: datetime | None = None
) -> int:
    stmt = _at_risk_query(session, merchant_id, store_id, clock(now)).order_by(None)
    return session.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar_one()


def revenue_attribution(
    session: Session, merchant_id: int, start: datetime, end: datetime, *, store_id: int | None = None
) -> list[dict]:
    """Per store per month: revenue and average basket of sales with a card versus without."""
    month = _month(session, Sale.occurred_at)
    with_card = Sale.card_id.is_not(None)
    cond = [Sale.merchant_id == merchant_id, Sale.occurred_at >= start, Sale.occurred_at < end]
    if store_id is not None:
        cond.append(Sale.store_id == store_id)
    rows = session.execute(
        sa.select(
            Store.code,
            Store.name,
            month,
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
        {
            "store_code": code,
            "store_name": name,
            "month": m,
            "card_revenue_cents": int(cr),
            "card_sales": int(cn),
            "card_avg_basket_cents": round(cr / cn) if cn else 0,
            "other_revenue_cents": int(orv),
            "other_sales": int(on),
            "other_avg_basket_cents": round(orv / on) if on else 0,
        }
        for code, name, m, cr, cn, orv, on in rows
    ]
