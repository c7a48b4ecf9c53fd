"""The only code that changes a balance: one ledger row and the cached totals, together."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from loyalty_app.models import CardActivityMonth, LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.context import Actor, StaffIdentity

# A visit is what a customer does at the counter; bonuses, imports and admin rows are not visits.
VISIT_TYPES = ("stamp_earned", "stamp_redeemed", "points_earned", "points_redeemed")
EARNING_TYPES = frozenset({"stamp_earned", "points_earned", "welcome_bonus", "balance_imported"})
VOID_TYPE = {
    "stamp_earned": "stamp_voided",
    "stamp_redeemed": "stamp_voided",
    "points_earned": "points_voided",
    "points_redeemed": "points_voided",
    "welcome_bonus": "points_voided",
    "admin_adjustment": "points_voided",
}


def append(
    session: Session,
    card: LoyaltyCard,
    *,
    type: str,
    now: datetime,
    actor: Actor,
    store_id: int | None = None,
    staff: StaffIdentity | None = None,
    stamps_delta: int = 0,
    points_delta: int = 0,
    counts_as_earning: bool | None = None,
    touches_activity: bool = True,
    **fields,
) -> LoyaltyTransaction:
    """Write one row and move the card's cached balances by the same deltas (card must be locked)."""
    card.stamp_count += stamps_delta
    card.points_balance += points_delta
    if counts_as_earning if counts_as_earning is not None else type in EARNING_TYPES:
        card.lifetime_stamps += stamps_delta
        card.lifetime_points += points_delta
    if stamps_delta or points_delta:
        card.wallet_version += 1
    if touches_activity:
        card.last_activity_at = now
    if type in VISIT_TYPES:
        _count_visit(session, card, now)
    card.updated_at = now
    tx = LoyaltyTransaction(
        merchant_id=card.merchant_id,
        program_id=card.program_id,
        card_id=card.id,
        store_id=store_id,
        type=type,
        stamps_delta=stamps_delta,
        points_delta=points_delta,
        staff_pin_id=staff.pin_id if staff else None,
        staff_name=staff.name if staff else None,
        user_id=actor.user_id,
        acting_admin_id=actor.acting_admin_id,
        ip_address=actor.ip_address,
        user_agent=(actor.user_agent or "")[:300] or None,
        created_at=now,
        **fields,
    )
    session.add(card)
    session.add(tx)
    session.flush()
    return tx


def _count_visit(session: Session, card: LoyaltyCard, now: datetime) -> None:
    """Keep the visit counters; a void does not undo a visit (the customer was at the counter)."""
    card.visit_count += 1
    card.first_visit_at = min(card.first_visit_at or now, now)
    card.last_visit_at = max(card.last_visit_at or now, now)
    month = now.date().replace(day=1)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(CardActivityMonth).values(card_id=card.id, month=month, visits=1)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["card_id", "month"], set_={"visits": CardActivityMonth.visits + 1})
    )


def _earning_void_condition(void_alias):
    original = sa.orm.aliased(LoyaltyTransaction)
    return (
        sa.select(original.type)
        .where(original.id == void_alias.voided_transaction_id)
        .scalar_subquery()
        .in_(EARNING_TYPES)
    )


def ledger_totals_query():
    """Per card: ledger sums of stamps, points and the lifetime earnings."""
    tx = LoyaltyTransaction
    earning = sa.or_(tx.type.in_(EARNING_TYPES), _earning_void_condition(tx))
    return (
        sa.select(
            tx.card_id,
            sa.func.coalesce(sa.func.sum(tx.stamps_delta), 0).label("stamps"),
            sa.func.coalesce(sa.func.sum(tx.points_delta), 0).label("points"),
            sa.func.coalesce(sa.func.sum(sa.case((earning, tx.stamps_delta), else_=0)), 0).label("lifetime_stamps"),
            sa.func.coalesce(sa.func.sum(sa.case((earning, tx.points_delta), else_=0)), 0).label("lifetime_points"),
        )
        .group_by(tx.card_id)
        .subquery()
    )


def find_mismatches(session: Session) -> list[dict]:
    """Cards whose cached balances differ from their ledger sums (the invariant, checked in SQL)."""
    sums = ledger_totals_query()
    stamps = sa.func.coalesce(sums.c.stamps, 0)
    points = sa.func.coalesce(sums.c.points, 0)
    life_s = sa.func.coalesce(sums.c.lifetime_stamps, 0)
    life_p = sa.func.coalesce(sums.c.lifetime_points, 0)
    stmt = (
        sa.select(
            LoyaltyCard.id,
            LoyaltyCard.card_number,
            LoyaltyCard.stamp_count,
            LoyaltyCard.points_balance,
            LoyaltyCard.lifetime_stamps,
            LoyaltyCard.lifetime_points,
            stamps,
            points,
            life_s,
            life_p,
        )
        .select_from(LoyaltyCard)
        .outerjoin(sums, sums.c.card_id == LoyaltyCard.id)
        .where(
            sa.or_(
                LoyaltyCard.stamp_count != stamps,
                LoyaltyCard.points_balance != points,
                LoyaltyCard.lifetime_stamps != life_s,
                LoyaltyCard.lifetime_points != life_p,
            )
        )
    )
    return [
        {
            "card_id": r[0],
            "card_number": r[1],
            "stamp_count": r[2],
            "points_balance": r[3],
            "lifetime_stamps": r[4],
            "lifetime_points": r[5],
            "ledger_stamps": r[6],
            "ledger_points": r[7],
            "ledger_lifetime_stamps": r[8],
            "ledger_lifetime_points": r[9],
        }
        for r in session.execute(stmt)
    ]


def count_cards(session: Session) -> int:
    return session.exec(select(sa.func.count()).select_from(LoyaltyCard)).one()
