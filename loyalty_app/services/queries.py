"""Read-only queries: card lookup and search, card history, stores, a store's ledger, storefront."""

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.services import errors, views
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.card_list import page_of_cards, search_condition
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.operations import authorize_store
from loyalty_app.services.staff import pins

from ..models import Customer, LoyaltyCard, LoyaltyTransaction, Merchant, Store

MAX_PAGE_SIZE = 200


def _page(session: Session, stmt, page: int, page_size: int) -> tuple[list, int]:
    total = session.exec(select(sa.func.count()).select_from(stmt.order_by(None).subquery())).one()
    rows = list(session.exec(stmt.offset((page - 1) * page_size).limit(page_size)))
    return rows, total


def storefront_program(session: Session, store_code: str) -> dict:
    """What a customer sees before joining: no wallet ids, no anti-fraud settings."""
    store = cards.get_store(session, store_code)
    program = cards.get_program(session, store.merchant_id)
    merchant = session.get(Merchant, store.merchant_id)
    return {
        "store": views.store_ref(store),
        "merchant": {"name": merchant.name},
        "program": {
            "loyalty_type": program.loyalty_type,
            "card_name": program.card_name,
            "card_color": program.card_color,
            "logo_url": program.logo_url,
            "stamps_target": program.stamps_target,
            "stamps_reward_description": program.stamps_reward_description,
            "points_per_euro": program.points_per_euro,
            "rewards": [
                {"id": r["id"], "name": r["name"], "points_cost": r["points_cost"]} for r in program.rewards or []
            ],
            "welcome_bonus_points": program.welcome_bonus_points,
            "terms_url": program.terms_url,
            "terms_text": program.terms_text,
        },
    }


def lookup_card(session: Session, store_code: str, query: str, actor: Actor) -> dict:
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    return views.card_view(session, cards.find_card(session, store.merchant_id, query, store_id=store.id))


def store_transactions(session: Session, store_code: str, actor: Actor, limit: int = 50) -> dict:
    """The store's latest ledger rows, newest first."""
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    txs = list(
        session.exec(
            select(LoyaltyTransaction)
            .where(LoyaltyTransaction.store_id == store.id)
            .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc())
            .limit(min(max(limit, 1), MAX_PAGE_SIZE))
        )
    )
    return {"items": views.transaction_views(session, txs)}


def merchant_stores(session: Session, merchant_id: int) -> dict:
    stores = session.exec(
        select(Store).where(Store.merchant_id == merchant_id, Store.deleted_at.is_(None)).order_by(Store.name)
    )
    return {"items": [{"id": s.id, "code": s.code, "name": s.name, "is_active": s.is_active} for s in stores]}


def merchant_store(session: Session, merchant_id: int, store_code: str) -> Store:
    """A store of this merchant (active or not); another merchant's store is not found."""
    store = cards.get_store(session, store_code, include_inactive=True)
    if store.merchant_id != merchant_id:
        raise errors.StoreNotFound(store_code=store_code)
    return store


def staff_pins(session: Session, merchant_id: int, store_code: str | None = None) -> dict:
    store_id = merchant_store(session, merchant_id, store_code).id if store_code else None
    return {"items": views.pin_views(session, pins.list_pins(session, merchant_id, store_id))}


def search_cards(
    session: Session,
    merchant_id: int,
    *,
    query: str | None = None,
    store_code: str | None = None,
    active: bool | None = None,
    page: int = 1,
    page_size: int = 25,
) -> dict:
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
    return {"items": views.card_views(session, rows), "total": total, "page": page, "page_size": page_size}


def card_detail(session: Session, merchant_id: int, card_id: int, *, page: int = 1, page_size: int = 25) -> dict:
    """One card with its customer's details (phone, birthday) and a page of its history."""
    card = cards.get_card(session, merchant_id, card_id)
    history, total = _page(
        session,
        select(LoyaltyTransaction)
        .where(LoyaltyTransaction.card_id == card.id)
        .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc()),
        page,
        page_size,
    )
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return {
        "card": views.card_view(session, card),
        "customer": views.customer_detail(customer),
        "lifetime_stamps": card.lifetime_stamps,
        "lifetime_points": card.lifetime_points,
        "last_activity_at": card.last_activity_at,
        "created_at": card.created_at,
        "deactivated_reason": card.deactivated_reason,
        "history": {
            "items": views.transaction_views(session, history),
            "total": total,
            "page": page,
            "page_size": page_size,
        },
    }
