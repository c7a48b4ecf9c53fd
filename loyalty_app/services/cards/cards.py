"""Card numbers, QR tokens, lookup within a merchant, deactivation and reactivation."""

import re
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.db import lock_card
from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant, Store, TxType
from loyalty_app.models.card import format_card_number  # noqa: F401  (the services' name for it)
from loyalty_app.services import errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.ledger import journal as ledger

CARD_NUMBER_DIGITS = 12
_SEPARATORS = re.compile(r"[\s\-]+")


def luhn_check_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def new_card_number() -> str:
    """Twelve digits, the last a Luhn check digit."""
    payload = str(secrets.randbelow(9) + 1) + "".join(str(secrets.randbelow(10)) for _ in range(CARD_NUMBER_DIGITS - 2))
    return payload + luhn_check_digit(payload)


def new_qr_token() -> str:
    return secrets.token_urlsafe(24)


def normalize_card_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def get_store(session: Session, store_code: str, *, include_inactive: bool = False) -> Store:
    store = session.exec(select(Store).where(Store.code == (store_code or "").strip().lower())).first()
    if store is None or store.deleted_at is not None or (not include_inactive and not store.is_active):
        raise errors.StoreNotFound(store_code=store_code)
    merchant = session.get(Merchant, store.merchant_id)
    if merchant is None or merchant.deleted_at is not None:
        raise errors.StoreNotFound(store_code=store_code)
    return store


def get_program(session: Session, merchant_id: int) -> LoyaltyProgram:
    program = session.exec(
        select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == merchant_id, LoyaltyProgram.deleted_at.is_(None))
    ).first()
    if program is None:
        raise errors.ProgramNotFound()
    return program


def find_card(session: Session, merchant_id: int, query: str, *, store_id: int | None = None) -> LoyaltyCard:
    """A live card of the merchant by card number (spaces and dashes ignored), QR token or email."""
    q = (query or "").strip()
    if not q:
        raise errors.CardNotFound()
    live = (LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None))
    number = normalize_card_number(q)
    if number.isdigit():
        card = session.exec(select(LoyaltyCard).where(LoyaltyCard.card_number == number, *live)).first()
    elif "@" in q:
        stmt = (
            select(LoyaltyCard)
            .join(Customer, Customer.id == LoyaltyCard.customer_id)
            .where(Customer.email == q.lower(), *live)
            .order_by(sa.case((LoyaltyCard.enrolled_store_id == store_id, 0), else_=1), LoyaltyCard.id)
        )
        card = session.exec(stmt).first()
    else:
        card = session.exec(select(LoyaltyCard).where(LoyaltyCard.qr_token == q, *live)).first()
    if card is None:
        raise errors.CardNotFound()
    return card


def get_card(session: Session, merchant_id: int, card_id: int) -> LoyaltyCard:
    card = session.get(LoyaltyCard, card_id)
    if card is None or card.merchant_id != merchant_id or card.deleted_at is not None:
        raise errors.CardNotFound()
    return card


def deactivate_card(
    session: Session, merchant_id: int, card_id: int, reason: str, actor: Actor, now: datetime | None = None
) -> LoyaltyCard:
    """Deactivate with a reason; the ledger records it, balances stay for a later reactivation."""
    require_manager(actor, merchant_id)
    reason = (reason or "").strip()
    if not reason:
        raise errors.ValidationFailed({"reason": "required"})
    now = clock(now)
    card = lock_card(session, get_card(session, merchant_id, card_id).id)
    if not card.is_active:
        raise errors.CardInactive()
    card.is_active = False
    card.deactivated_reason = reason[:500]
    card.wallet_version += 1
    ledger.append(
        session, card, type=TxType.CARD_DEACTIVATED, now=now, actor=actor, reason=reason[:500], touches_activity=False
    )
    audit.record(session, actor, "card.deactivate", card, {"is_active": True}, {"is_active": False, "reason": reason})
    session.commit()
    return card


def reactivate_card(
    session: Session,
    merchant_id: int,
    card_id: int,
    actor: Actor,
    reason: str | None = None,
    now: datetime | None = None,
) -> LoyaltyCard:
    require_manager(actor, merchant_id)
    now = clock(now)
    card = lock_card(session, get_card(session, merchant_id, card_id).id)
    if card.is_active:
        raise errors.CardAlreadyActive()
    if card.customer_id is None:
        raise errors.CardInactive("An anonymized card cannot be reactivated.")
    card.is_active = True
    card.deactivated_reason = None
    card.wallet_version += 1
    ledger.append(
        session,
        card,
        type=TxType.CARD_REACTIVATED,
        now=now,
        actor=actor,
        reason=(reason or "").strip()[:500] or None,
        touches_activity=False,
    )
    audit.record(session, actor, "card.reactivate", card, {"is_active": False}, {"is_active": True})
    session.commit()
    return card
