"""The trash for platform admins: soft-deleted programs and cards, who deleted them and when, per merchant."""

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant, User

MAX_CARDS = 500


def list_trash(session: Session, limit: int = 200) -> dict:
    """Trashed programs and cards, newest deletion first, and the merchants a cascade restore would help."""
    deleter = sa.orm.aliased(User)
    programs = session.exec(
        select(LoyaltyProgram, Merchant.name, deleter.email)
        .join(Merchant, Merchant.id == LoyaltyProgram.merchant_id)
        .outerjoin(deleter, deleter.id == LoyaltyProgram.deleted_by_id)
        .where(LoyaltyProgram.deleted_at.is_not(None))
        .order_by(LoyaltyProgram.deleted_at.desc())
    ).all()
    cards = session.exec(
        select(LoyaltyCard, Merchant.name, deleter.email, Customer.first_name, Customer.last_name)
        .join(Merchant, Merchant.id == LoyaltyCard.merchant_id)
        .outerjoin(deleter, deleter.id == LoyaltyCard.deleted_by_id)
        .outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
        .where(LoyaltyCard.deleted_at.is_not(None))
        .order_by(LoyaltyCard.deleted_at.desc(), LoyaltyCard.id.desc())
        .limit(min(max(limit, 1), MAX_CARDS))
    ).all()
    return {
        "programs": [
            {
                "id": p.id,
                "merchant_id": p.merchant_id,
                "merchant": name,
                "card_name": p.card_name,
                "loyalty_type": p.loyalty_type,
                "deleted_at": p.deleted_at,
                "deleted_by": email,
            }
            for p, name, email in programs
        ],
        "cards": [
            {
                "id": c.id,
                "merchant_id": c.merchant_id,
                "merchant": name,
                "card_number": c.card_number,
                "customer": " ".join(filter(None, (first, last))),
                "stamp_count": c.stamp_count,
                "points_balance": c.points_balance,
                "deleted_at": c.deleted_at,
                "deleted_by": email,
            }
            for c, name, email, first, last in cards
        ],
        "merchants": merchants_in_trash(session),
    }


def merchants_in_trash(session: Session) -> list[dict]:
    """Merchants that are deleted or hold trashed programs or cards: what a cascade restore brings back."""
    trashed_cards = dict(
        session.exec(
            select(LoyaltyCard.merchant_id, sa.func.count())
            .where(LoyaltyCard.deleted_at.is_not(None))
            .group_by(LoyaltyCard.merchant_id)
        ).all()
    )
    trashed_programs = dict(
        session.exec(
            select(LoyaltyProgram.merchant_id, sa.func.count())
            .where(LoyaltyProgram.deleted_at.is_not(None))
            .group_by(LoyaltyProgram.merchant_id)
        ).all()
    )
    ids = set(trashed_cards) | set(trashed_programs)
    merchants = session.exec(
        select(Merchant).where(sa.or_(Merchant.deleted_at.is_not(None), Merchant.id.in_(ids))).order_by(Merchant.name)
    ).all()
    return [
        {
            "id": m.id,
            "name": m.name,
            "deleted_at": m.deleted_at,
            "programs": trashed_programs.get(m.id, 0),
            "cards": trashed_cards.get(m.id, 0),
        }
        for m in merchants
    ]
