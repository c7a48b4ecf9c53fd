"""Customers of every merchant for platform admins: search, their cards, and the cards after an erasure."""

import re

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Merchant
from loyalty_app.services.cards.cards import normalize_card_number

MAX_CUSTOMERS = 100


def search_customers(session: Session, query: str = "", limit: int = 50) -> list[dict]:
    """Customers of every merchant by email, name, phone or card number (part of); newest first.

    Anonymized customers have no personal fields left, so no search can find them again.
    """
    q = (query or "").strip().lower()
    stmt = (
        select(Customer, Merchant.name)
        .join(Merchant, Merchant.id == Customer.merchant_id)
        .where(Customer.anonymized_at.is_(None))
    )
    if q:
        name = sa.func.lower(sa.func.coalesce(Customer.first_name, "") + " " + sa.func.coalesce(Customer.last_name, ""))
        matches = [sa.func.lower(Customer.email).contains(q, autoescape=True), name.contains(q, autoescape=True)]
        digits = re.sub(r"\D", "", q)
        if len(digits) >= 3:
            phone = sa.func.replace(sa.func.replace(sa.func.coalesce(Customer.phone, ""), " ", ""), "+", "")
            matches.append(phone.contains(digits, autoescape=True))
            number = normalize_card_number(q)
            if number.isdigit():
                matches.append(
                    Customer.id.in_(
                        select(LoyaltyCard.customer_id).where(LoyaltyCard.card_number.contains(number, autoescape=True))
                    )
                )
        stmt = stmt.where(sa.or_(*matches))
    rows = session.exec(
        stmt.order_by(Customer.created_at.desc(), Customer.id.desc()).limit(min(max(limit, 1), MAX_CUSTOMERS))
    ).all()
    cards = customer_cards(session, [c.id for c, _ in rows])
    return [
        {
            "id": c.id,
            "merchant_id": c.merchant_id,
            "merchant": name,
            "email": c.email,
            "first_name": c.first_name,
            "last_name": c.last_name,
            "phone": c.phone,
            "birth_date": c.birth_date,
            "created_at": c.created_at,
            "cards": cards.get(c.id, []),
        }
        for c, name in rows
    ]


def customer_cards(session: Session, customer_ids: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    if not customer_ids:
        return out
    for card in session.exec(
        select(LoyaltyCard).where(LoyaltyCard.customer_id.in_(customer_ids)).order_by(LoyaltyCard.id)
    ):
        out.setdefault(card.customer_id, []).append(card_summary(card))
    return out


def card_summary(card: LoyaltyCard) -> dict:
    return {
        "id": card.id,
        "card_number": card.card_number,
        "is_active": card.is_active,
        "customer_id": card.customer_id,
        "deleted_at": card.deleted_at,
        "stamp_count": card.stamp_count,
        "points_balance": card.points_balance,
    }


def cards_after_erasure(session: Session, card_ids: list[int]) -> list[dict]:
    """The cards of an anonymized customer as they are now, with the ledger rows each one kept."""
    if not card_ids:
        return []
    kept = dict(
        session.exec(
            select(LoyaltyTransaction.card_id, sa.func.count())
            .where(LoyaltyTransaction.card_id.in_(card_ids))
            .group_by(LoyaltyTransaction.card_id)
        ).all()
    )
    return [
        {**card_summary(card), "ledger_rows": kept.get(card.id, 0)}
        for card in session.exec(select(LoyaltyCard).where(LoyaltyCard.id.in_(card_ids)).order_by(LoyaltyCard.id))
    ]
