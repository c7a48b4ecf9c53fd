"""Merchant back office: the program and the stores (owners; admins with ?merchant_id=)."""

from typing import Annotated, Any

from fastapi import APIRouter, Body

from loyalty_app.models.public import Items, StorePublic
from loyalty_app.services.cards import cards
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.merchant import stores

from ..models.program import ProgramPublic, ProgramUpdate
from .deps import MerchantActor, SessionDep
from .schemas import ERROR_RESPONSES, request_body

router = APIRouter(prefix="/api/v1/merchant", tags=["merchant"], responses=ERROR_RESPONSES)


def _program_view(program) -> dict:
    return {
        "id": program.id,
        "merchant_id": program.merchant_id,
        "updated_at": program.updated_at,
        **programs.snapshot(program),
    }


@router.get("/program", response_model=ProgramPublic)
def get_program(session: SessionDep, actor: MerchantActor):
    """The merchant's program with every setting."""
    return _program_view(cards.get_program(session, actor.merchant_id))


# The body is read as sent: the service checks it against ProgramUpdate and names each field's problem codes.
@router.patch("/program", response_model=ProgramPublic, openapi_extra=request_body(ProgramUpdate))
def update_program(changes: Annotated[dict[str, Any], Body()], session: SessionDep, actor: MerchantActor):
    """Change some settings of the program (only the fields sent; all are validated together; audited)."""
    return _program_view(programs.update_program(session, actor.merchant_id, changes, actor))


@router.get("/stores", response_model=Items[StorePublic])
def list_stores(session: SessionDep, actor: MerchantActor):
    """The merchant's stores."""
    return Items[StorePublic](items=stores.list_stores(session, actor.merchant_id))
