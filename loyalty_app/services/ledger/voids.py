"""Void a ledger row once, by writing a reversing row that points at it."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.db import lock_card
from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services import effects, errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor, StaffIdentity, clock
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.ledger.operations import authorize_store, check_card_usable, resolve_staff


def void_transaction(
    session: Session,
    store_code: str,
    transaction_id: int,
    actor: Actor,
    *,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> tuple[LoyaltyTransaction, LoyaltyCard]:
    now = clock(now)
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    original = session.get(LoyaltyTransaction, transaction_id)
    if original is None or original.merchant_id != store.merchant_id:
        raise errors.TransactionNotFound()
    void_type = ledger.VOID_TYPE.get(original.type)
    if void_type is None:
        raise errors.NotVoidable(type=original.type)
    program = cards.get_program(session, store.merchant_id)
    staff = resolve_staff(session, store, program, actor, staff_pin, shift_staff, now)
    card = lock_card(session, original.card_id)
    check_card_usable(card, program, store)
    stamps, points = -original.stamps_delta, -original.points_delta
    _check_reversible(session, card, original.id, stamps, points)
    tx = ledger.append(
        session,
        card,
        type=void_type,
        stamps_delta=stamps,
        points_delta=points,
        now=now,
        actor=actor,
        store_id=store.id,
        staff=staff,
        voided_transaction_id=original.id,
        counts_as_earning=original.type in ledger.EARNING_TYPES,
        reason=(reason or "").strip()[:500] or None,
        reward_id=original.reward_id,
        reward_name=original.reward_name,
    )
    effects.emit(session, CardChanged(card.id, tx.id, store.id))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise errors.AlreadyVoided() from None
    return tx, card


def _check_reversible(session: Session, card: LoyaltyCard, original_id: int, stamps: int, points: int) -> None:
    """A row is voided once, and not below zero: what it reverses may have been redeemed or spent since."""
    if _void_of(session, original_id) is not None:
        session.rollback()
        raise errors.AlreadyVoided()
    if card.stamp_count + stamps < 0:
        session.rollback()
        raise errors.InsufficientStamps("The stamps of this transaction were already redeemed.")
    if card.points_balance + points < 0:
        session.rollback()
        raise errors.InsufficientPoints("The points of this transaction were already spent.")


def _void_of(session: Session, transaction_id: int) -> LoyaltyTransaction | None:
    return session.exec(
        select(LoyaltyTransaction).where(LoyaltyTransaction.voided_transaction_id == transaction_id)
    ).first()


def voided_by_ids(session: Session, transaction_ids: list[int]) -> dict[int, int]:
    """Map each row id to the id of the row that voided it (for the API's voided_by_id)."""
    if not transaction_ids:
        return {}
    rows = session.exec(
        select(LoyaltyTransaction.voided_transaction_id, LoyaltyTransaction.id).where(
            LoyaltyTransaction.voided_transaction_id.in_(transaction_ids)
        )
    )
    return {orig: void for orig, void in rows}
