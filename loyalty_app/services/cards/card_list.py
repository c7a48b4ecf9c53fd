"""The merchant's card list: search, filters (active, at risk, store), sorting and pages; bulk targets."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, Store
from loyalty_app.models.customer import member_search_text
from loyalty_app.models.public import CardListItem, Page
from loyalty_app.services.analytics.metrics import _at_risk_query
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.public import card_publics
from loyalty_app.services.context import clock

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


def search_condition(query: str, merchant_id: int):
    """Card number, email or name. A whole email or card number is an indexed equality (the common
    case at a counter); anything else is a substring of the member's 'first last email' or of the number.

    Every branch is a condition on the card alone (the member sits in a subquery), so the list joins the
    member only to sort by name, and its pages come from an index without reading the skipped cards."""
    q = query.strip().lower()
    number = cards.normalize_card_number(q)
    if number.isdigit() and len(number) == cards.CARD_NUMBER_DIGITS:
        return LoyaltyCard.card_number == number
    card, member = aliased(LoyaltyCard), aliased(Customer)
    if "@" in q and "." in q.rsplit("@", 1)[-1] and " " not in q:
        return LoyaltyCard.customer_id.in_(
            select(member.id).where(member.merchant_id == merchant_id, member.email == q)
        )
    # Each branch is the exact expression of a GIN trigram index on PostgreSQL (see the models); a digit
    # fragment unites the two sets of card ids, as an OR across two tables could use neither index.
    members = select(member.id).where(
        member.merchant_id == merchant_id, member_search_text(member).contains(q, autoescape=True)
    )
    if not number.isdigit():
        return LoyaltyCard.customer_id.in_(members)
    numbers = select(card.id).where(card.card_number.contains(number, autoescape=True))
    return LoyaltyCard.id.in_(select(card.id).where(card.customer_id.in_(members)).union(numbers))


def _where(session: Session, merchant_id: int, f: CardFilter, now: datetime) -> list:
    cond = [LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.deleted_at.is_(None)]
    q = (f.query or "").strip().lower()
    if q:
        cond.append(search_condition(q, merchant_id))
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
    return select(*columns).select_from(LoyaltyCard).where(*_where(session, merchant_id, f, now))


def count_cards(session: Session, merchant_id: int, f: CardFilter, *, now: datetime | None = None) -> int:
    return session.exec(_base(session, merchant_id, f, clock(now), sa.func.count(LoyaltyCard.id))).one()


def card_ids(session: Session, merchant_id: int, f: CardFilter, *, now: datetime | None = None) -> list[int]:
    """Every card the filter matches: the target of a bulk action 'on the current filter'."""
    stmt = _base(session, merchant_id, f, clock(now), LoyaltyCard.id).order_by(LoyaltyCard.id)
    return list(session.exec(stmt))


def page_of_cards(session: Session, ordered_ids, page: int, page_size: int) -> list[LoyaltyCard]:
    """One page of an ordered select of card ids. The skipped cards cost an index entry each, not a row:
    only the page's own cards are read, in a second query."""
    ids = list(session.exec(ordered_ids.offset((page - 1) * page_size).limit(page_size)))
    if not ids:
        return []
    found = {card.id: card for card in session.exec(select(LoyaltyCard).where(LoyaltyCard.id.in_(ids)))}
    return [found[card_id] for card_id in ids if card_id in found]


def list_cards(
    session: Session,
    merchant_id: int,
    f: CardFilter,
    *,
    sort: str = "newest",
    page: int = 1,
    page_size: int = 25,
    now: datetime | None = None,
) -> Page[CardListItem]:
    """One page of the filtered cards with the total, each card with its last activity."""
    now = clock(now)
    page, page_size = max(1, page), min(max(1, page_size), MAX_PAGE_SIZE)
    ordered_ids = _base(session, merchant_id, f, now, LoyaltyCard.id)
    if sort == "name":  # the one order that reads the member
        ordered_ids = ordered_ids.outerjoin(Customer, Customer.id == LoyaltyCard.customer_id)
    ordered_ids = ordered_ids.order_by(*SORTS.get(sort, SORTS["newest"]))
    rows = page_of_cards(session, ordered_ids, page, page_size)
    items = card_publics(session, rows, CardListItem)
    total = count_cards(session, merchant_id, f, now=now)
    return Page[CardListItem](items=items, total=total, page=page, page_size=page_size)
