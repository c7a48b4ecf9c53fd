"""The only code that changes a balance: ledger rows and the cached totals, together (one card or a bulk expiry)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from loyalty_app.models import CardActivityMonth, LoyaltyCard, LoyaltyTransaction, TxType
from loyalty_app.services.context import Actor, StaffIdentity

# A visit is what a customer does at the counter; bonuses, imports and admin rows are not visits.
VISIT_TYPES = (TxType.STAMP_EARNED, TxType.STAMP_REDEEMED, TxType.POINTS_EARNED, TxType.POINTS_REDEEMED)
EARNING_TYPES = frozenset({TxType.STAMP_EARNED, TxType.POINTS_EARNED, TxType.WELCOME_BONUS, TxType.BALANCE_IMPORTED})
VOID_TYPE = {
    TxType.STAMP_EARNED: TxType.STAMP_VOIDED,
    TxType.STAMP_REDEEMED: TxType.STAMP_VOIDED,
    TxType.POINTS_EARNED: TxType.POINTS_VOIDED,
    TxType.POINTS_REDEEMED: TxType.POINTS_VOIDED,
    TxType.WELCOME_BONUS: TxType.POINTS_VOIDED,
    TxType.ADMIN_ADJUSTMENT: TxType.POINTS_VOIDED,
}


def append(
    session: Session,
    card: LoyaltyCard,
    *,
    type: TxType,
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


_EXPIRED_COLUMNS = (
    "merchant_id",
    "program_id",
    "card_id",
    "type",
    "stamps_delta",
    "points_delta",
    "reason",
    "created_at",
)
Expired = tuple[int, int, int | None]  # cards, points, last card id


def expire_points(session: Session, due: sa.Select, *, now: datetime, reason: str) -> Expired:
    """Zero the points of the cards `due` picks, one points_expired row each: (cards, points, last card id).

    `due` selects (id, merchant_id, program_id, points_balance) ordered by id, with a limit. Lifetime
    totals and the activity clock stay as they are: expiry is neither an earning nor a visit. On
    PostgreSQL it is one statement whose cards are picked FOR UPDATE SKIP LOCKED, so concurrent runs
    split the cards and a card being stamped right now waits for the next run.
    """
    if session.get_bind().dialect.name == "postgresql":
        picked = due.with_for_update(skip_locked=True).cte("picked")
        return _expire_points_in_one_statement(session, picked, now, reason)
    return _expire_points_row_by_row(session, due.with_for_update(), now, reason)


def _expire_points_in_one_statement(session: Session, picked: sa.CTE, now: datetime, reason: str) -> Expired:
    C, T = LoyaltyCard, LoyaltyTransaction
    zeroed = (
        sa.update(C)
        .where(C.id == picked.c.id)
        .values(points_balance=0, wallet_version=C.wallet_version + 1, updated_at=now)
        .returning(C.id)
        .cte("zeroed")
    )
    rows = sa.select(
        picked.c.merchant_id,
        picked.c.program_id,
        picked.c.id,
        sa.literal(TxType.POINTS_EXPIRED.value, T.type.type),
        sa.literal(0),
        -picked.c.points_balance,
        sa.literal(reason, T.reason.type),
        sa.literal(now, T.created_at.type),
    )
    written = sa.insert(T).from_select(_EXPIRED_COLUMNS, rows).returning(T.card_id, T.points_delta).cte("written")
    count, points, last_id, zeroed_count = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(-sa.func.sum(written.c.points_delta), 0),
            sa.func.max(written.c.card_id),
            sa.select(sa.func.count()).select_from(zeroed).scalar_subquery(),
        ).select_from(written)
    ).one()
    if count != zeroed_count:  # both sides of the invariant come from the same picked rows
        raise RuntimeError(f"expiry wrote {count} ledger rows but zeroed {zeroed_count} cards")
    return count, int(points), last_id


def _expire_points_row_by_row(session: Session, due: sa.Select, now: datetime, reason: str) -> Expired:
    picked = session.execute(due).all()
    if not picked:
        return 0, 0, None
    expired = TxType.POINTS_EXPIRED
    session.execute(
        sa.insert(LoyaltyTransaction),
        [dict(zip(_EXPIRED_COLUMNS, (m, p, i, expired, 0, -b, reason, now), strict=True)) for i, m, p, b in picked],
    )
    session.execute(
        sa.update(LoyaltyCard)
        .where(LoyaltyCard.id.in_([row[0] for row in picked]))
        .values(points_balance=0, wallet_version=LoyaltyCard.wallet_version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return len(picked), sum(row[3] for row in picked), picked[-1][0]


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
