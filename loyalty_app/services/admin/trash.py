"""Soft delete and restore of programs and cards; cascade restore per merchant; hard delete."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import (
    CardActivityMonth,
    EmailLog,
    LoyaltyCard,
    LoyaltyProgram,
    LoyaltyTransaction,
    Merchant,
    Sale,
)
from loyalty_app.services import errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, clock, require_manager


def _require(actor: Actor, merchant_id: int, *, admin_only: bool = False) -> None:
    require_manager(actor, merchant_id)
    if admin_only and actor.role not in ("platform_admin", "system"):
        raise errors.PermissionDenied()


def soft_delete_card(
    session: Session, merchant_id: int, card_id: int, actor: Actor, now: datetime | None = None
) -> LoyaltyCard:
    _require(actor, merchant_id)
    card = session.get(LoyaltyCard, card_id)
    if card is None or card.merchant_id != merchant_id or card.deleted_at is not None:
        raise errors.CardNotFound()
    card.deleted_at = clock(now)
    card.deleted_by_id = actor.acting_admin_id or actor.user_id
    audit.record(session, actor, "card.delete", card, {"deleted_at": None}, {"deleted_at": card.deleted_at})
    session.commit()
    return card


def restore_card(session: Session, card_id: int, actor: Actor) -> LoyaltyCard:
    card = session.get(LoyaltyCard, card_id)
    if card is None or card.deleted_at is None:
        raise errors.CardNotFound()
    _require(actor, card.merchant_id)
    old = card.deleted_at
    card.deleted_at = None
    card.deleted_by_id = None
    audit.record(session, actor, "card.restore", card, {"deleted_at": old}, {"deleted_at": None})
    session.commit()
    return card


def soft_delete_program(
    session: Session, merchant_id: int, actor: Actor, now: datetime | None = None
) -> LoyaltyProgram:
    _require(actor, merchant_id)
    program = session.exec(
        select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id, LoyaltyProgram.deleted_at.is_(None))
    ).first()
    if program is None:
        raise errors.ProgramNotFound()
    program.deleted_at = clock(now)
    program.deleted_by_id = actor.acting_admin_id or actor.user_id
    audit.record(session, actor, "program.delete", program, {"deleted_at": None}, {"deleted_at": program.deleted_at})
    session.commit()
    return program


def restore_program(session: Session, program_id: int, actor: Actor) -> LoyaltyProgram:
    program = session.get(LoyaltyProgram, program_id)
    if program is None or program.deleted_at is None:
        raise errors.ProgramNotFound()
    _require(actor, program.merchant_id)
    old = program.deleted_at
    program.deleted_at = None
    program.deleted_by_id = None
    audit.record(session, actor, "program.restore", program, {"deleted_at": old}, {"deleted_at": None})
    session.commit()
    return program


def restore_merchant(session: Session, merchant_id: int, actor: Actor) -> dict:
    """Bring back a merchant with its program and cards in one transaction."""
    _require(actor, merchant_id, admin_only=True)
    merchant = session.get(Merchant, merchant_id)
    if merchant is None:
        raise errors.NotFound("No such merchant.")
    merchant.deleted_at = None
    programs = session.execute(
        sa.update(LoyaltyProgram)
        .where(LoyaltyProgram.merchant_id == merchant_id, LoyaltyProgram.deleted_at.is_not(None))
        .values(deleted_at=None, deleted_by_id=None)
    ).rowcount
    card_count = session.execute(
        sa.update(LoyaltyCard)
        .where(LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_not(None))
        .values(deleted_at=None, deleted_by_id=None)
    ).rowcount
    counts = {"programs": programs, "cards": card_count}
    audit.record(session, actor, "merchant.restore", merchant, None, counts, merchant_id=merchant_id)
    session.commit()
    return counts


def hard_delete_card(session: Session, card_id: int, confirm_card_number: str, actor: Actor) -> None:
    """Remove a trashed card and its ledger for good; the typed card number is the confirmation."""
    card = session.get(LoyaltyCard, card_id)
    if card is None or card.deleted_at is None:
        raise errors.CardNotFound()
    _require(actor, card.merchant_id, admin_only=True)
    if confirm_card_number.replace(" ", "") != card.card_number:
        raise errors.ValidationFailed({"confirm": "confirmation_mismatch"})
    session.execute(sa.update(Sale).where(Sale.card_id == card.id).values(card_id=None))
    session.execute(sa.update(EmailLog).where(EmailLog.card_id == card.id).values(card_id=None))
    session.execute(
        sa.update(LoyaltyTransaction).where(LoyaltyTransaction.card_id == card.id).values(voided_transaction_id=None)
    )
    session.execute(sa.delete(LoyaltyTransaction).where(LoyaltyTransaction.card_id == card.id))
    session.execute(sa.delete(CardActivityMonth).where(CardActivityMonth.card_id == card.id))
    audit.record(session, actor, "card.hard_delete", card, {"card_number": card.card_number}, None)
    session.delete(card)
    session.commit()
