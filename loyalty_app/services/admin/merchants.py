"""Merchants for platform admins: the list with store and card counts, and the overview with stores and programs."""

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyProgram, Merchant, Store
from loyalty_app.models.public import MerchantPublic


def list_merchants(session: Session) -> list[MerchantPublic]:
    """Every merchant (deleted ones too) by name, with its live stores and cards counted."""
    stores = dict(
        session.exec(
            select(Store.merchant_id, sa.func.count()).where(Store.deleted_at.is_(None)).group_by(Store.merchant_id)
        ).all()
    )
    cards = dict(
        session.exec(
            select(LoyaltyCard.merchant_id, sa.func.count())
            .where(LoyaltyCard.deleted_at.is_(None))
            .group_by(LoyaltyCard.merchant_id)
        ).all()
    )
    return [
        MerchantPublic(
            id=m.id,
            name=m.name,
            timezone=m.timezone,
            default_locale=m.default_locale,
            created_at=m.created_at,
            deleted_at=m.deleted_at,
            store_count=stores.get(m.id, 0),
            card_count=cards.get(m.id, 0),
        )
        for m in session.exec(select(Merchant).order_by(Merchant.name, Merchant.id))
    ]


def merchants_overview(session: Session) -> list[dict]:
    """Every merchant (deleted ones too) with its stores and its program."""
    stores: dict[int, list[dict]] = {}
    for store in session.exec(select(Store).where(Store.deleted_at.is_(None)).order_by(Store.name)):
        stores.setdefault(store.merchant_id, []).append(
            {"code": store.code, "name": store.name, "is_active": store.is_active}
        )
    programs = {p.merchant_id: p for p in session.exec(select(LoyaltyProgram))}
    out = []
    for merchant in list_merchants(session):
        item = merchant.model_dump()
        program = programs.get(item["id"])
        out.append(
            {
                **item,
                "stores": stores.get(item["id"], []),
                "program": None
                if program is None
                else {
                    "id": program.id,
                    "loyalty_type": program.loyalty_type,
                    "card_name": program.card_name,
                    "card_color": program.card_color,
                    "deleted_at": program.deleted_at,
                },
            }
        )
    return out
