"""Public storefront: a store's program, and enrollment."""

from datetime import date
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel

from loyalty_app.services import queries, views
from loyalty_app.services.cards import enrollment
from loyalty_app.services.wallet import passes as wallet_passes

from ..models import LOYALTY_TYPES
from .deps import PublicActor, SessionDep
from .ratelimit import per_ip
from .schemas import ERROR_RESPONSES, Body, Card, StoreCode, StoreRef, Text

router = APIRouter(prefix="/api/v1/storefront/{store_code}", tags=["storefront"], responses=ERROR_RESPONSES)


class Reward(BaseModel):
    id: str
    name: str
    points_cost: int


class PublicProgram(BaseModel):
    loyalty_type: Literal[LOYALTY_TYPES]
    card_name: str
    card_color: str
    logo_url: str | None
    stamps_target: int
    stamps_reward_description: str
    points_per_euro: float
    rewards: list[Reward]
    welcome_bonus_points: int
    terms_url: str | None
    terms_text: str | None


class MerchantName(BaseModel):
    name: str


class StorefrontOut(BaseModel):
    store: StoreRef
    merchant: MerchantName
    program: PublicProgram


class EnrollIn(Body):
    email: Text(254)
    first_name: Text(100)
    last_name: Text(100) | None = None
    phone: Text(40) | None = None
    birthday: date | None = None
    locale: Text(5) | None = None
    marketing_consent: bool = False
    accept_terms: bool


class WalletLinks(BaseModel):
    google_save_url: str | None
    apple_pass_url: str | None


class EnrollOut(BaseModel):
    card: Card
    already_enrolled: bool
    locations: list[StoreRef]
    wallet: WalletLinks


@router.get("/program", response_model=StorefrontOut)
def program(store_code: StoreCode, session: SessionDep):
    """The store's program as a customer sees it."""
    return queries.storefront_program(session, store_code)


@router.post(
    "/enroll",
    response_model=EnrollOut,
    status_code=201,
    dependencies=[per_ip("enroll")],
    responses={200: {"model": EnrollOut, "description": "Already enrolled: the existing card."}},
)
def enroll(store_code: StoreCode, body: EnrollIn, session: SessionDep, actor: PublicActor, response: Response):
    """Join the program: 201 with a new card, 200 with the card the customer already has."""
    result = enrollment.enroll(session, store_code, enrollment.EnrollmentForm(**body.model_dump()), actor)
    if result.already_enrolled:
        response.status_code = 200
    return {
        "card": views.card_view(session, result.card),
        "already_enrolled": result.already_enrolled,
        "locations": [views.store_ref(s) for s in result.locations],
        "wallet": wallet_passes.wallet_links(result.card),
    }
