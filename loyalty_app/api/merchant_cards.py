"""Merchant back office: card list and search, card detail with history, adjust, deactivate, reactivate."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from loyalty_app.models import public
from loyalty_app.services.cards import cards, lookup
from loyalty_app.services.cards.lookup import MAX_PAGE_SIZE
from loyalty_app.services.cards.public import card_public
from loyalty_app.services.ledger import points
from loyalty_app.services.ledger.history import operation
from loyalty_app.services.ledger.points import MAX_ADJUSTMENT

from .deps import MerchantActor, SessionDep
from .ratelimit import per_user
from .schemas import ERROR_RESPONSES, Body, Id, Notes, StoreCode, Text

router = APIRouter(prefix="/api/v1/merchant/cards", tags=["merchant cards"], responses=ERROR_RESPONSES)
Page = Annotated[int, Query(ge=1, le=100_000)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]


class AdjustIn(Body):
    points_delta: Annotated[int, Field(ge=-MAX_ADJUSTMENT, le=MAX_ADJUSTMENT)]
    reason: Notes


class DeactivateIn(Body):
    reason: Notes


class ReactivateIn(Body):
    reason: Notes | None = None


@router.get("", response_model=public.Page[public.CardPublic])
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
    return lookup.search_cards(
        session, actor.merchant_id, query=q, store_code=store, active=active, page=page, page_size=page_size
    )


@router.get("/{card_id}", response_model=public.CardDetail)
def card_detail(card_id: Id, session: SessionDep, actor: MerchantActor, page: Page = 1, page_size: PageSize = 25):
    """One card: customer (with phone and birthday) and a page of its history, newest first."""
    return lookup.card_detail(session, actor.merchant_id, card_id, page=page, page_size=page_size)


@router.post(
    "/{card_id}/adjust", response_model=public.Operation, status_code=201, dependencies=[per_user("points_adjust")]
)
def adjust_points(card_id: Id, body: AdjustIn, session: SessionDep, actor: MerchantActor):
    """Correct a points balance with a reason (an admin_adjustment row)."""
    tx, card = points.adjust_points(session, actor.merchant_id, card_id, body.points_delta, body.reason, actor)
    return operation(session, tx, card)


@router.post("/{card_id}/deactivate", response_model=public.CardOnly)
def deactivate(card_id: Id, body: DeactivateIn, session: SessionDep, actor: MerchantActor):
    """Deactivate a card with a reason; its balances stay."""
    card = cards.deactivate_card(session, actor.merchant_id, card_id, body.reason, actor)
    return public.CardOnly(card=card_public(session, card))


@router.post("/{card_id}/reactivate", response_model=public.CardOnly)
def reactivate(card_id: Id, session: SessionDep, actor: MerchantActor, body: ReactivateIn | None = None):
    """Bring a deactivated card back."""
    reason = body.reason if body else None
    card = cards.reactivate_card(session, actor.merchant_id, card_id, actor, reason=reason)
    return public.CardOnly(card=card_public(session, card))
