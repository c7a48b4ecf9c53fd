"""Ledger rows as the API and the UI show them (TxPublic), a store's latest rows, and what an operation answers."""

from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction, Store
from loyalty_app.models.public import Items, Operation, TxPublic
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.public import by_id, card_public
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.operations import authorize_store
from loyalty_app.services.ledger.voids import voided_by_ids

MAX_PAGE_SIZE = 200


def tx_publics(session: Session, txs: list[LoyaltyTransaction]) -> list[TxPublic]:
    """Ledger rows with their card number, store code and the row that voided them, in three queries."""
    card_numbers = {c.id: c.card_number for c in by_id(session, LoyaltyCard, (t.card_id for t in txs)).values()}
    stores = by_id(session, Store, (t.store_id for t in txs))
    voided_by = voided_by_ids(session, [t.id for t in txs])
    return [
        TxPublic(
            id=t.id,
            card_number=card_numbers[t.card_id],
            type=t.type,
            stamps_delta=t.stamps_delta,
            points_delta=t.points_delta,
            purchase_amount_cents=t.purchase_amount_cents,
            order_reference=t.order_reference,
            reward_id=t.reward_id,
            store_code=stores[t.store_id].code if t.store_id in stores else None,
            staff_name=t.staff_name,
            created_at=t.created_at,
            voided_by_id=voided_by.get(t.id),
        )
        for t in txs
    ]


def operation(
    session: Session, tx: LoyaltyTransaction, card: LoyaltyCard, model: type[Operation] = Operation, **extra
) -> Operation:
    """The ledger row a store operation wrote and the card after it; `model` adds the operation's own fields."""
    return model(transaction=tx_publics(session, [tx])[0], card=card_public(session, card), **extra)


def store_transactions(session: Session, store_code: str, actor: Actor, limit: int = 50) -> Items[TxPublic]:
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
    return Items[TxPublic](items=tx_publics(session, txs))
