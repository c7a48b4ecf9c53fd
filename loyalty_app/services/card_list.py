"""The merchant's card list: search, filters (active, at risk, store), sorting and pages; bulk targets."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from ..models import Customer, LoyaltyCard, Store
from . import cards, views
from .analytics import _at_risk_query
from .context import clock

MAX_PAGE_SIZE = 200
SORTS = {
    "newest": (LoyaltyCard.created_at.desc(), LoyaltyCard.id.desc()),
    "oldest": (LoyaltyCard.created_at, LoyaltyCard.id),
    "number": (LoyaltyCard.card_number,),
    "name": (Customer.last_name, Customer.first_name, LoyaltyCard.id),
    "points": (LoyaltyCard.points_balance.desc(), LoyaltyCard.id),
    "stamps": (LoyaltyCard.stamp_count.desc(), LoyaltyCard.id),
    "last_activity": (LoyaltyCard.last_activity_at.desc().nulls_last(), LoyaltyCard.id),
}


@dataclass(frozen=True)
class CardFilter:
    query: str = ""
    store_code: str = ""
    active: bool | None = None
    at_risk: bool = False


def search_condition(query: str):
    """Card number, email or name. A whole email or card number is an indexed equality (the common
    case at a counter); anything else is a substring match over email, name and number."""
    q = query.strip().lower()
    number = cards.normalize_card_number(q)
    if number.isdigit() and len(number) == cards.CARD_NUMBER_DIGITS:
        return LoyaltyCard.card_number == number
    if "@" in q and "." in q.rsplit("@", 1)[-1] and " " not in q:
        return Customer.email == q
    name = sa.func.lower(sa.func.coalesce(Customer.first_name, "") + " " + sa.func.coalesce(Customer.last_name, ""))
    matches = [Customer.email.contains(q, autoescape=True), name.contains(q, autoescape=True)]
    if number.isdigit():
        matches.append(LoyaltyCard.card_number.contains(number, autoescape=True))
    return sa.or_(*matches)


def _where(session: Session, merchant_id: int, f: CardFilter, now: datetime) -> list:
    cond = [LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None)]
    q = (f.query or "").strip().lower()
    if q:
        cond.append(search_condition(q))
    if f.store_code:
        store_ids = select(Store.id).where(Store.merchant_id == merchant_id, Store.code == f.store_code.strip().lower())
        cond.append(LoyaltyCard.enrolled_store_id.in_(store_ids))
    if f.active is not None:
        cond.append(LoyaltyCard.is_active.is_(f.active))
    if f.at_risk:
        # The same rule as the analytics page (services.analytics): one definition of "at risk".
        at_risk = _at_risk_query(session, merchant_id, None, now).order_by(None).subquery()
        cond.append(LoyaltyCard.id.in_(select(at_risk.c.id)))
    return cond


def _base(session: Session, merchant_id: int, f: CardFilter, now: datetime, *columns):
    return (
        select(*columns)
        .select_from(LoyaltyCard)
        .outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
        .where(*_where(session, merchant_id, f, now))
    )


def count_cards(session: Session, merchant_id: int, f: CardFilter, *, now: datetime | None = None) -> int:
    return session.exec(_base(session, merchant_id, f, clock(now), sa.func.count(LoyaltyCard.id))).one()


def card_ids(session: Session, merchant_id: int, f: CardFilter, *, now: datetime | None = None) -> list[int]:
    """Every card the filter matches: the target of a bulk action 'on the current filter'."""
    stmt = _base(session, merchant_id, f, clock(now), LoyaltyCard.id).order_by(LoyaltyCard.id)
    return list(session.exec(stmt))


def list_cards(session: Session, merchant_id: int, f: CardFilter, *, sort: str = "newest", page: int = 1,
               page_size: int = 25, now: datetime | None = None) -> dict:
    """One page of the filtered cards with the total, each card with its last activity."""
    now = clock(now)
    page, page_size = max(1, page), min(max(1, page_size), MAX_PAGE_SIZE)
    stmt = _base(session, merchant_id, f, now, LoyaltyCard).order_by(*SORTS.get(sort, SORTS["newest"]))
    rows = list(session.exec(stmt.offset((page - 1) * page_size).limit(page_size)))
    items = views.card_views(session, rows)
    for item, card in zip(items, rows, strict=True):
        item["last_activity_at"] = card.last_activity_at
        item["created_at"] = card.created_at
    total = count_cards(session, merchant_id, f, now=now)
    return {"items": items, "total": total, "page": page, "page_size": page_size}
