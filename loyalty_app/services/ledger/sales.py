"""Sales reported by a store (POS call, terminal earn or CSV import): revenue attribution's base."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, Sale, Store
from loyalty_app.models.public import SalePublic
from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor, clock
from loyalty_app.services.ledger.operations import authorize_store

MAX_SALE_CENTS = 100_000_000


def attach_sale(
    session: Session,
    store: Store,
    card_id: int | None,
    amount_cents: int,
    order_reference: str | None,
    now: datetime,
    source: str,
) -> Sale:
    """Record a sale, or link the card to the sale already reported under this order reference."""
    if order_reference:
        existing = session.exec(
            select(Sale).where(Sale.store_id == store.id, Sale.order_reference == order_reference)
        ).first()
        if existing is not None:
            if existing.card_id is None and card_id is not None:
                existing.card_id = card_id
                session.add(existing)
            return existing
    sale = Sale(
        merchant_id=store.merchant_id,
        store_id=store.id,
        card_id=card_id,
        amount_cents=amount_cents,
        order_reference=order_reference,
        source=source,
        occurred_at=now,
        created_at=now,
    )
    session.add(sale)
    session.flush()
    return sale


def report_sale(
    session: Session,
    store_code: str,
    amount_cents: int,
    actor: Actor,
    *,
    card_ref: str | None = None,
    order_reference: str | None = None,
    occurred_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[Sale, bool]:
    """Record a POS sale; the same order reference again returns the first sale (created=False)."""
    now = clock(now)
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    if not isinstance(amount_cents, int) or not 0 <= amount_cents <= MAX_SALE_CENTS:
        raise errors.ValidationFailed({"amount_cents": "out_of_range"})
    order_reference = (order_reference or "").strip() or None
    card_id = cards.find_card(session, store.merchant_id, card_ref, store_id=store.id).id if card_ref else None
    if order_reference:
        existing = session.exec(
            select(Sale).where(Sale.store_id == store.id, Sale.order_reference == order_reference)
        ).first()
        if existing is not None:
            if existing.amount_cents != amount_cents or (card_id and existing.card_id not in (None, card_id)):
                raise errors.OrderReferenceConflict(order_reference=order_reference)
            return existing, False
    sale = Sale(
        merchant_id=store.merchant_id,
        store_id=store.id,
        card_id=card_id,
        amount_cents=amount_cents,
        order_reference=order_reference,
        source="pos",
        occurred_at=occurred_at or now,
        created_at=now,
    )
    session.add(sale)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        existing = session.exec(
            select(Sale).where(Sale.store_id == store.id, Sale.order_reference == order_reference)
        ).one()
        return existing, False
    return sale, True


def sale_public(session: Session, sale: Sale) -> SalePublic:
    card = session.get(LoyaltyCard, sale.card_id) if sale.card_id else None
    return SalePublic(
        id=sale.id,
        store_code=session.get(Store, sale.store_id).code,
        amount_cents=sale.amount_cents,
        card_number=card.card_number if card else None,
        order_reference=sale.order_reference,
        occurred_at=sale.occurred_at,
    )
