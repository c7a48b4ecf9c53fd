"""Public storefront: a store's program, and enrollment."""

from datetime import date

from fastapi import APIRouter, Response
from pydantic import BaseModel

from loyalty_app.models.public import CardPublic, StorefrontPublic, StoreRef
from loyalty_app.services.cards import enrollment, storefront
from loyalty_app.services.cards.public import card_public
from loyalty_app.services.wallet import passes as wallet_passes

from .deps import PublicActor, SessionDep
from .ratelimit import per_ip
from .schemas import ERROR_RESPONSES, Body, StoreCode, Text

router = APIRouter(prefix="/api/v1/storefront/{store_code}", tags=["storefront"], responses=ERROR_RESPONSES)


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
    card: CardPublic
    already_enrolled: bool
    locations: list[StoreRef]
    wallet: WalletLinks


@router.get("/program", response_model=StorefrontPublic)
def program(store_code: StoreCode, session: SessionDep):
    """The store's program as a customer sees it."""
    return storefront.for_customers(storefront.storefront(session, store_code))


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
        "card": card_public(session, result.card),
        "already_enrolled": result.already_enrolled,
        "locations": [StoreRef.model_validate(s) for s in result.locations],
        "wallet": wallet_passes.wallet_links(result.card),
    }
