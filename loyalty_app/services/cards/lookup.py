"""Finding cards: by number, QR token or email at a store; the merchant's search; one card with its history."""

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Store
from loyalty_app.models.public import CardDetail, CardPublic, Page, TxPublic
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.card_list import page_of_cards, search_condition
from loyalty_app.services.cards.public import card_public, card_publics, customer_public
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.history import tx_publics
from loyalty_app.services.ledger.operations import authorize_store

MAX_PAGE_SIZE = 200


def lookup_card(session: Session, store_code: str, query: str, actor: Actor) -> CardPublic:
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    return card_public(session, cards.find_card(session, store.merchant_id, query, store_id=store.id))


def search_cards(
    session: Session,
    merchant_id: int,
    *,
    query: str | None = None,
    store_code: str | None = None,
    active: bool | None = None,
    page: int = 1,
    page_size: int = 25,
) -> Page[CardPublic]:
    """Live cards of the merchant, newest first; `query` matches card number, email or name."""
    stmt = select(LoyaltyCard.id).where(LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None))
    if (query or "").strip():
        stmt = stmt.where(search_condition(query, merchant_id))
    if store_code:
        stmt = stmt.join(Store, Store.id == LoyaltyCard.enrolled_store_id).where(
            Store.code == store_code.strip().lower()
        )
    if active is not None:
        stmt = stmt.where(LoyaltyCard.is_active.is_(active))
    total = session.exec(select(sa.func.count()).select_from(stmt.subquery())).one()
    rows = page_of_cards(session, stmt.order_by(LoyaltyCard.created_at.desc(), LoyaltyCard.id.desc()), page, page_size)
    return Page[CardPublic](items=card_publics(session, rows), total=total, page=page, page_size=page_size)


def card_detail(session: Session, merchant_id: int, card_id: int, *, page: int = 1, page_size: int = 25) -> CardDetail:
    """One card with its member's details (phone, birthday) and a page of its history."""
    card = cards.get_card(session, merchant_id, card_id)
    history = (
        select(LoyaltyTransaction)
        .where(LoyaltyTransaction.card_id == card.id)
        .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc())
    )
    total = session.exec(select(sa.func.count()).select_from(history.order_by(None).subquery())).one()
    rows = list(session.exec(history.offset((page - 1) * page_size).limit(page_size)))
    return CardDetail(
        card=card_public(session, card),
        customer=customer_public(session.get(Customer, card.customer_id) if card.customer_id else None),
        lifetime_stamps=card.lifetime_stamps,
        lifetime_points=card.lifetime_points,
        last_activity_at=card.last_activity_at,
        created_at=card.created_at,
        deactivated_reason=card.deactivated_reason,
        history=Page[TxPublic](items=tx_publics(session, rows), total=total, page=page, page_size=page_size),
    )
