"""Wallet files customers and Google fetch: a card's signed .pkpass, and a program's drawn logo."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from loyalty_app.services.wallet import passes as wallet_passes

from ..wallet.pkpass import MIME_TYPE
from .deps import SessionDep
from .schemas import ERROR_RESPONSES, Id

router = APIRouter(prefix="/api/v1/storefront", tags=["storefront"], responses=ERROR_RESPONSES)
QrToken = Annotated[str, Path(min_length=1, max_length=64)]


@router.get(
    "/cards/{qr_token}/pass.pkpass",
    response_class=Response,
    responses={200: {"content": {MIME_TYPE: {}}, "description": "The signed Apple Wallet pass."}},
)
def card_pass(qr_token: QrToken, session: SessionDep):
    """The card's Apple Wallet pass (the enroll answer's apple_pass_url)."""
    card = wallet_passes.card_by_qr_token(session, qr_token)
    built = wallet_passes.build_card_pass(session, card)
    return Response(
        built.content,
        media_type=MIME_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{built.filename}"', "Cache-Control": "no-store"},
    )


@router.get(
    "/wallet/programs/{program_id}/logo.png", response_class=Response, responses={200: {"content": {"image/png": {}}}}
)
def program_logo(program_id: Id, session: SessionDep):
    """The logo Google shows on a program's class when the program has none of its own."""
    return Response(
        wallet_passes.program_logo(session, program_id),
        media_type="image/png",
        headers={"Cache-Control": "public, max-age=3600"},
    )
