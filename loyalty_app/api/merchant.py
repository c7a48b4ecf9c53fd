"""Merchant back office: the program and the stores (owners; admins with ?merchant_id=)."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from loyalty_app.models.public import Items, StorePublic
from loyalty_app.services.cards import cards
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.merchant import stores

from ..models import LOYALTY_TYPES
from ..models.program import PIN_MODES
from .deps import MerchantActor, SessionDep
from .schemas import ERROR_RESPONSES, Body, Text

router = APIRouter(prefix="/api/v1/merchant", tags=["merchant"], responses=ERROR_RESPONSES)
# Wide enough for every field; the service checks each field's own range.
Count = Annotated[int, Field(ge=-1_000_000_000, le=1_000_000_000)]
Url = Text(500)


class RewardIn(Body):
    id: Text(64)
    name: Text(200)
    points_cost: Count
    description: Text(500) | None = None


class Reward(BaseModel):
    id: str
    name: str
    points_cost: int
    description: str | None = None


class ProgramPatch(Body):
    """Only the fields sent change; all are validated together."""

    loyalty_type: Literal[LOYALTY_TYPES] | None = None
    stamps_target: Count | None = None
    stamps_reward_description: Text(200) | None = None
    points_per_euro: Annotated[float, Field(allow_inf_nan=False)] | None = None
    min_purchase_cents: Count | None = None
    welcome_bonus_points: Count | None = None
    rewards: Annotated[list[RewardIn], Field(max_length=50)] | None = None
    points_expiry_days: Count | None = None
    cooldown_minutes: Count | None = None
    max_stamps_per_day: Count | None = None
    pin_required: bool | None = None
    pin_max_attempts: Count | None = None
    pin_lockout_minutes: Count | None = None
    pin_mode: Literal[PIN_MODES] | None = None
    pin_shift_idle_minutes: Count | None = None
    cross_location: bool | None = None
    card_name: Text(100) | None = None
    card_color: Text(7) | None = None
    logo_url: Url | None = None
    terms_text: Text(10000) | None = None
    terms_url: Url | None = None


class ProgramOut(BaseModel):
    id: int
    merchant_id: int
    loyalty_type: Literal[LOYALTY_TYPES]
    stamps_target: int
    stamps_reward_description: str
    points_per_euro: float
    min_purchase_cents: int
    welcome_bonus_points: int
    rewards: list[Reward]
    points_expiry_days: int | None
    cooldown_minutes: int
    max_stamps_per_day: int
    pin_required: bool
    pin_max_attempts: int | None
    pin_lockout_minutes: int | None
    pin_mode: Literal[PIN_MODES]
    pin_shift_idle_minutes: int
    cross_location: bool
    card_name: str
    card_color: str
    logo_url: str | None
    terms_text: str | None
    terms_url: str | None
    updated_at: datetime


def _program_view(program) -> dict:
    return {
        "id": program.id,
        "merchant_id": program.merchant_id,
        "updated_at": program.updated_at,
        **programs.snapshot(program),
    }


@router.get("/program", response_model=ProgramOut)
def get_program(session: SessionDep, actor: MerchantActor):
    """The merchant's program with every setting."""
    return _program_view(cards.get_program(session, actor.merchant_id))


@router.patch("/program", response_model=ProgramOut)
def update_program(body: ProgramPatch, session: SessionDep, actor: MerchantActor):
    """Change some settings of the program (audited)."""
    changes = body.model_dump(exclude_unset=True)
    return _program_view(programs.update_program(session, actor.merchant_id, changes, actor))


@router.get("/stores", response_model=Items[StorePublic])
def list_stores(session: SessionDep, actor: MerchantActor):
    """The merchant's stores."""
    return Items[StorePublic](items=stores.list_stores(session, actor.merchant_id))
