"""Store operations for terminals and POS: lookup, stamps, points, voids, the store's ledger, sales."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import Field

from loyalty_app.models.public import CardPublic, EarnResult, Items, Operation, SaleOnly, StampResult, TxPublic
from loyalty_app.services.cards.lookup import lookup_card
from loyalty_app.services.ledger import points, sales, stamps, voids
from loyalty_app.services.ledger.history import MAX_PAGE_SIZE, operation, store_transactions
from loyalty_app.services.ledger.points import MAX_PURCHASE_CENTS
from loyalty_app.services.ledger.sales import MAX_SALE_CENTS

from .deps import ActorDep, SessionDep
from .ratelimit import per_user
from .schemas import ERROR_RESPONSES, Body, CardRef, Id, Notes, StaffPinText, StoreCode, Text

router = APIRouter(prefix="/api/v1/stores/{store_code}", tags=["store terminal"], responses=ERROR_RESPONSES)
OrderReference = Text(100)


class CardOperationIn(Body):
    card_number: CardRef
    staff_pin: StaffPinText | None = None
    notes: Notes | None = None


class EarnIn(CardOperationIn):
    purchase_amount_cents: Annotated[int, Field(ge=1, le=MAX_PURCHASE_CENTS)]
    order_reference: OrderReference | None = None


class RedeemIn(CardOperationIn):
    reward_id: Text(64, 1)


class VoidIn(Body):
    staff_pin: StaffPinText | None = None
    reason: Notes | None = None


class SaleIn(Body):
    amount_cents: Annotated[int, Field(ge=0, le=MAX_SALE_CENTS)]
    card_number: CardRef | None = None
    order_reference: OrderReference | None = None


@router.get("/cards/lookup", response_model=CardPublic)
def lookup(
    store_code: StoreCode,
    q: Annotated[CardRef, Query(description="Card number, QR token or email.")],
    session: SessionDep,
    actor: ActorDep,
):
    """Find a card by number (spaces and dashes ignored), QR token or email."""
    return lookup_card(session, store_code, q, actor)


@router.post("/stamps", response_model=StampResult, status_code=201, dependencies=[per_user("stamp")])
def add_stamp(store_code: StoreCode, body: CardOperationIn, session: SessionDep, actor: ActorDep):
    """Add one stamp (cooldown and daily cap apply)."""
    result = stamps.add_stamp(session, store_code, body.card_number, actor, staff_pin=body.staff_pin, notes=body.notes)
    return operation(session, result.transaction, result.card, StampResult, reward_ready=result.reward_ready)


@router.post("/stamps/redeem", response_model=Operation, status_code=201, dependencies=[per_user("stamp_redeem")])
def redeem_stamps(store_code: StoreCode, body: CardOperationIn, session: SessionDep, actor: ActorDep):
    """Give the stamp reward: the counter goes back by the target."""
    tx, card = stamps.redeem_stamps(
        session, store_code, body.card_number, actor, staff_pin=body.staff_pin, notes=body.notes
    )
    return operation(session, tx, card)


@router.post(
    "/points/earn",
    response_model=EarnResult,
    status_code=201,
    dependencies=[per_user("points_earn")],
    responses={200: {"model": EarnResult, "description": "Replay of an order reference: the original row."}},
)
def earn_points(store_code: StoreCode, body: EarnIn, session: SessionDep, actor: ActorDep, response: Response):
    """Earn points for a purchase; the same order_reference again answers 200 with the original."""
    result = points.earn_points(
        session,
        store_code,
        body.card_number,
        body.purchase_amount_cents,
        actor,
        order_reference=body.order_reference,
        staff_pin=body.staff_pin,
        notes=body.notes,
    )
    if result.replayed:
        response.status_code = 200
    return operation(session, result.transaction, result.card, EarnResult, points_earned=result.points_earned)


@router.post("/points/redeem", response_model=Operation, status_code=201, dependencies=[per_user("points_redeem")])
def redeem_reward(store_code: StoreCode, body: RedeemIn, session: SessionDep, actor: ActorDep):
    """Spend points on a reward of the catalog."""
    tx, card = points.redeem_reward(
        session, store_code, body.card_number, body.reward_id, actor, staff_pin=body.staff_pin, notes=body.notes
    )
    return operation(session, tx, card)


@router.post(
    "/transactions/{transaction_id}/void", response_model=Operation, status_code=201, dependencies=[per_user("void")]
)
def void_transaction(
    store_code: StoreCode, transaction_id: Id, session: SessionDep, actor: ActorDep, body: VoidIn | None = None
):
    """Void a ledger row once, with a new reversing row."""
    body = body or VoidIn()
    tx, card = voids.void_transaction(
        session, store_code, transaction_id, actor, staff_pin=body.staff_pin, reason=body.reason
    )
    return operation(session, tx, card)


@router.get("/transactions", response_model=Items[TxPublic])
def list_transactions(
    store_code: StoreCode,
    session: SessionDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
):
    """The store's latest ledger rows, newest first."""
    return store_transactions(session, store_code, actor, limit)


@router.post(
    "/sales",
    response_model=SaleOnly,
    status_code=201,
    responses={200: {"model": SaleOnly, "description": "Replay of an order reference: the first sale."}},
)
def report_sale(store_code: StoreCode, body: SaleIn, session: SessionDep, actor: ActorDep, response: Response):
    """Report a POS sale, with or without a card, for revenue attribution."""
    sale, created = sales.report_sale(
        session, store_code, body.amount_cents, actor, card_ref=body.card_number, order_reference=body.order_reference
    )
    if not created:
        response.status_code = 200
    return SaleOnly(sale=sales.sale_public(session, sale))
