"""Cards, ledger rows, sales and staff PINs as plain dicts: the shapes the API and the UI show."""

from sqlmodel import Session, select

from loyalty_app.services.ledger.voids import voided_by_ids
from loyalty_app.services.staff.pins import is_locked

from ..models import Customer, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Sale, StaffPin, Store


def _by_id(session: Session, model, ids) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return {row.id: row for row in session.exec(select(model).where(model.id.in_(ids)))}


def store_ref(store: Store) -> dict:
    return {"code": store.code, "name": store.name}


def card_views(session: Session, cards: list[LoyaltyCard]) -> list[dict]:
    """Cards with their program's type and target, enrolling store and customer, in three queries."""
    stores = _by_id(session, Store, (c.enrolled_store_id for c in cards))
    programs = _by_id(session, LoyaltyProgram, (c.program_id for c in cards))
    customers = _by_id(session, Customer, (c.customer_id for c in cards))
    out = []
    for card in cards:
        program, customer = programs[card.program_id], customers.get(card.customer_id)
        out.append(
            {
                "id": card.id,
                "card_number": card.card_number,
                "qr_token": card.qr_token,
                "loyalty_type": program.loyalty_type,
                "stamp_count": card.stamp_count,
                "stamps_target": program.stamps_target,
                "points_balance": card.points_balance,
                "is_active": card.is_active,
                "enrolled_at_store": store_ref(stores[card.enrolled_store_id]),
                "customer": None
                if customer is None
                else {
                    "first_name": customer.first_name,
                    "last_name": customer.last_name,
                    "email": customer.email,
                },
            }
        )
    return out


def card_view(session: Session, card: LoyaltyCard) -> dict:
    return card_views(session, [card])[0]


def customer_detail(customer: Customer | None) -> dict | None:
    if customer is None:
        return None
    return {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "email": customer.email,
        "phone": customer.phone,
        "birthday": customer.birth_date,
        "locale": customer.locale,
        "marketing_consent": customer.marketing_consent,
    }


def transaction_views(session: Session, txs: list[LoyaltyTransaction]) -> list[dict]:
    cards = _by_id(session, LoyaltyCard, (t.card_id for t in txs))
    stores = _by_id(session, Store, (t.store_id for t in txs))
    voided_by = voided_by_ids(session, [t.id for t in txs])
    return [
        {
            "id": t.id,
            "card_number": cards[t.card_id].card_number,
            "type": t.type,
            "stamps_delta": t.stamps_delta,
            "points_delta": t.points_delta,
            "purchase_amount_cents": t.purchase_amount_cents,
            "order_reference": t.order_reference,
            "reward_id": t.reward_id,
            "store_code": stores[t.store_id].code if t.store_id in stores else None,
            "staff_name": t.staff_name,
            "created_at": t.created_at,
            "voided_by_id": voided_by.get(t.id),
        }
        for t in txs
    ]


def transaction_view(session: Session, tx: LoyaltyTransaction) -> dict:
    return transaction_views(session, [tx])[0]


def operation_view(session: Session, tx: LoyaltyTransaction, card: LoyaltyCard, **extra) -> dict:
    """What a store operation answers: the ledger row it wrote and the card after it."""
    return {"transaction": transaction_view(session, tx), "card": card_view(session, card), **extra}


def sale_view(session: Session, sale: Sale) -> dict:
    card = session.get(LoyaltyCard, sale.card_id) if sale.card_id else None
    return {
        "id": sale.id,
        "store_code": session.get(Store, sale.store_id).code,
        "amount_cents": sale.amount_cents,
        "card_number": card.card_number if card else None,
        "order_reference": sale.order_reference,
        "occurred_at": sale.occurred_at,
    }


def pin_views(session: Session, rows: list[StaffPin]) -> list[dict]:
    """Staff PINs without their hash or lookup digest."""
    stores = _by_id(session, Store, (p.store_id for p in rows))
    return [
        {
            "id": p.id,
            "store_code": stores[p.store_id].code,
            "staff_name": p.staff_name,
            "is_active": p.is_active,
            "failed_attempts": p.failed_attempts,
            "locked_until": p.locked_until,
            "is_locked": is_locked(p),
            "last_used_at": p.last_used_at,
            "created_at": p.created_at,
        }
        for p in rows
    ]


def pin_view(session: Session, row: StaffPin) -> dict:
    return pin_views(session, [row])[0]
