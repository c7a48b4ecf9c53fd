"""Earn points from a purchase (idempotent by order reference), redeem rewards, adjust balances."""

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.db import lock_card
from loyalty_app.models import LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor, StaffIdentity, clock, require_manager
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.ledger import sales
from loyalty_app.services.ledger.operations import authorize_store, prepare

MAX_ADJUSTMENT = 100_000
MAX_PURCHASE_CENTS = 100_000_000


@dataclass
class EarnResult:
    transaction: LoyaltyTransaction
    card: LoyaltyCard
    points_earned: int
    replayed: bool = False


def points_for(program: LoyaltyProgram, purchase_amount_cents: int) -> int:
    """floor(cents / 100 * points_per_euro), in exact decimal arithmetic."""
    rate = Decimal(str(program.points_per_euro))
    return math.floor(Decimal(purchase_amount_cents) * rate / 100)


def _replay(session: Session, store_id: int, order_reference: str, card_id: int, amount: int) -> EarnResult | None:
    tx = session.exec(
        select(LoyaltyTransaction).where(
            LoyaltyTransaction.store_id == store_id, LoyaltyTransaction.order_reference == order_reference
        )
    ).first()
    if tx is None:
        return None
    if tx.card_id != card_id or tx.purchase_amount_cents != amount:
        raise errors.OrderReferenceConflict(order_reference=order_reference)
    return EarnResult(
        transaction=tx, card=session.get(LoyaltyCard, card_id), points_earned=tx.points_delta, replayed=True
    )


def _checked_purchase(purchase_amount_cents: int, order_reference: str | None) -> str | None:
    """Refuse an impossible amount or an over-long order reference; return the trimmed reference."""
    if not isinstance(purchase_amount_cents, int) or not 0 < purchase_amount_cents <= MAX_PURCHASE_CENTS:
        raise errors.ValidationFailed({"purchase_amount_cents": "out_of_range"})
    order_reference = (order_reference or "").strip() or None
    if order_reference and len(order_reference) > 100:
        raise errors.ValidationFailed({"order_reference": "too_long"})
    return order_reference


def _earlier_earn(
    session: Session, store_code: str, card_ref: str, actor: Actor, order_reference: str | None, amount: int
) -> EarnResult | None:
    """A POS retry of an earn already written: its row, before any PIN or lock."""
    if not order_reference:
        return None
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    card = cards.find_card(session, store.merchant_id, card_ref, store_id=store.id)
    replay = _replay(session, store.id, order_reference, card.id, amount)
    if replay:
        session.rollback()
    return replay


def earn_points(
    session: Session,
    store_code: str,
    card_ref: str,
    purchase_amount_cents: int,
    actor: Actor,
    *,
    order_reference: str | None = None,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> EarnResult:
    now = clock(now)
    order_reference = _checked_purchase(purchase_amount_cents, order_reference)
    replay = _earlier_earn(session, store_code, card_ref, actor, order_reference, purchase_amount_cents)
    if replay:
        return replay
    op = prepare(session, store_code, card_ref, actor, now, staff_pin, shift_staff, needs="points")
    program, card = op.program, op.card
    if purchase_amount_cents < program.min_purchase_cents:
        session.rollback()
        raise errors.BelowMinimumPurchase(min_purchase_cents=program.min_purchase_cents)
    earned = points_for(program, purchase_amount_cents)
    store_id, card_id = op.store.id, card.id
    try:  # the ledger row is flushed at once, so the unique order reference can fail here, not only at commit
        tx = ledger.append(
            session,
            card,
            type=TxType.POINTS_EARNED,
            points_delta=earned,
            now=now,
            actor=actor,
            store_id=store_id,
            staff=op.staff,
            purchase_amount_cents=purchase_amount_cents,
            order_reference=order_reference,
            reason=notes,
        )
        sales.attach_sale(session, op.store, card_id, purchase_amount_cents, order_reference, now, source="terminal")
        effects.emit(session, CardChanged(card_id, tx.id, store_id))
        session.commit()
    except IntegrityError:
        # Two POS retries raced past the replay check: the other one committed first; answer with its row.
        session.rollback()
        if order_reference and (replay := _replay(session, store_id, order_reference, card_id, purchase_amount_cents)):
            return replay
        raise
    return EarnResult(transaction=tx, card=card, points_earned=earned)


def find_reward(program: LoyaltyProgram, reward_id: str) -> dict:
    for reward in program.rewards or []:
        if reward.get("id") == reward_id:
            return reward
    raise errors.RewardNotFound(reward_id=reward_id)


def redeem_reward(
    session: Session,
    store_code: str,
    card_ref: str,
    reward_id: str,
    actor: Actor,
    *,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> tuple[LoyaltyTransaction, LoyaltyCard]:
    now = clock(now)
    store = cards.get_store(session, store_code)
    reward = find_reward(cards.get_program(session, store.merchant_id), reward_id)
    op = prepare(session, store_code, card_ref, actor, now, staff_pin, shift_staff, needs="points")
    card = op.card
    cost = int(reward["points_cost"])
    if card.points_balance < cost:
        session.rollback()
        raise errors.InsufficientPoints(points_balance=card.points_balance, points_cost=cost)
    tx = ledger.append(
        session,
        card,
        type=TxType.POINTS_REDEEMED,
        points_delta=-cost,
        now=now,
        actor=actor,
        store_id=op.store.id,
        staff=op.staff,
        reward_id=reward["id"],
        reward_name=reward["name"],
        reason=notes,
    )
    effects.emit(session, CardChanged(card.id, tx.id, op.store.id))
    session.commit()
    return tx, card


def adjust_points(
    session: Session,
    merchant_id: int,
    card_id: int,
    points_delta: int,
    reason: str,
    actor: Actor,
    now: datetime | None = None,
) -> tuple[LoyaltyTransaction, LoyaltyCard]:
    """Merchant owner or platform admin only; bounded; a reason is required; never below zero."""
    require_manager(actor, merchant_id)
    problems = {}
    if not isinstance(points_delta, int) or points_delta == 0 or abs(points_delta) > MAX_ADJUSTMENT:
        problems["points_delta"] = "out_of_range"
    if not (reason or "").strip():
        problems["reason"] = "required"
    elif len(reason.strip()) > 500:
        problems["reason"] = "too_long"
    if problems:
        raise errors.ValidationFailed(problems)
    now = clock(now)
    card = lock_card(session, cards.get_card(session, merchant_id, card_id).id)
    if card.points_balance + points_delta < 0:
        session.rollback()
        raise errors.InsufficientPoints(points_balance=card.points_balance)
    old = card.points_balance
    tx = ledger.append(
        session,
        card,
        type=TxType.ADMIN_ADJUSTMENT,
        points_delta=points_delta,
        now=now,
        actor=actor,
        reason=reason.strip(),
    )
    audit.record(
        session,
        actor,
        "card.adjust_points",
        card,
        {"points_balance": old},
        {"points_balance": card.points_balance, "reason": reason.strip()},
    )
    effects.emit(session, CardChanged(card.id, tx.id))
    session.commit()
    return tx, card
