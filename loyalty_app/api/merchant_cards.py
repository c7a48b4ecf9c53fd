"""Merchant back office: card list and search, card detail with history, adjust, deactivate, reactivate."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from loyalty_app.services import queries, views
from loyalty_app.services.cards import cards
from loyalty_app.services.ledger import points
from loyalty_app.services.ledger.points import MAX_ADJUSTMENT
from loyalty_app.services.queries import MAX_PAGE_SIZE

from .deps import MerchantActor, SessionDep
from .ratelimit import per_user
from .schemas import ERROR_RESPONSES, Body, Card, CardOnly, Id, Notes, Operation, StoreCode, Text, TxPage

router = APIRouter(prefix="/api/v1/merchant/cards", tags=["merchant cards"], responses=ERROR_RESPONSES)
Page = Annotated[int, Query(ge=1, le=100_000)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


class CardPage(BaseModel):
    items: list[Card]
    total: int
    page: int
    page_size: int


class CustomerDetail(BaseModel):
    first_name: str | None
    last_name: str | None
    email: str | None
    phone: str | None
    birthday: date | None
    locale: str
    marketing_consent: bool


class CardDetail(BaseModel):
    card: Card
    customer: CustomerDetail | None
    lifetime_stamps: int
    lifetime_points: int
    last_activity_at: datetime | None
    created_at: datetime
    deactivated_reason: str | None
    history: TxPage


class AdjustIn(Body):
    points_delta: Annotated[int, Field(ge=-MAX_ADJUSTMENT, le=MAX_ADJUSTMENT)]
    reason: Notes


class DeactivateIn(Body):
    reason: Notes


class ReactivateIn(Body):
    reason: Notes | None = None


@router.get("", response_model=CardPage)
def list_cards(
    session: SessionDep,
    actor: MerchantActor,
    q: Annotated[Text(254) | None, Query(description="Card number, email or name (part of).")] = None,
    store: Annotated[StoreCode | None, Query(description="Cards enrolled at this store.")] = None,
    active: bool | None = None,
    page: Page = 1,
    page_size: PageSize = 25,
):
    """The merchant's cards, newest first, searched and filtered, one page."""
    return queries.search_cards(
        session, actor.merchant_id, query=q, store_code=store, active=active, page=page, page_size=page_size
    )


@router.get("/{card_id}", response_model=CardDetail)
def card_detail(card_id: Id, session: SessionDep, actor: MerchantActor, page: Page = 1, page_size: PageSize = 25):
    """One card: customer (with phone and birthday) and a page of its history, newest first."""
    return queries.card_detail(session, actor.merchant_id, card_id, page=page, page_size=page_size)


@router.post("/{card_id}/adjust", response_model=Operation, status_code=201, dependencies=[per_user("points_adjust")])
def adjust_points(card_id: Id, body: AdjustIn, session: SessionDep, actor: MerchantActor):
    """Correct a points balance with a reason (an admin_adjustment row)."""
    tx, card = points.adjust_points(session, actor.merchant_id, card_id, body.points_delta, body.reason, actor)
    return views.operation_view(session, tx, card)


@router.post("/{card_id}/deactivate", response_model=CardOnly)
def deactivate(card_id: Id, body: DeactivateIn, session: SessionDep, actor: MerchantActor):
    """Deactivate a card with a reason; its balances stay."""
    return {
        "card": views.card_view(session, cards.deactivate_card(session, actor.merchant_id, card_id, body.reason, actor))
    }


@router.post("/{card_id}/reactivate", response_model=CardOnly)
def reactivate(card_id: Id, session: SessionDep, actor: MerchantActor, body: ReactivateIn | None = None):
    """Bring a deactivated card back."""
    reason = body.reason if body else None
    return {
        "card": views.card_view(
            session, cards.reactivate_card(session, actor.merchant_id, card_id, actor, reason=reason)
        )
    }
