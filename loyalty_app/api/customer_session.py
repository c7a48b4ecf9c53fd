"""Customer sign-in on the storefront: ask for a one-time link, trade it for an HttpOnly session cookie."""

from fastapi import APIRouter, Request, Response

from loyalty_app.services.cards import customer_login

from .deps import SessionDep
from .ratelimit import per_ip
from .schemas import ERROR_RESPONSES, Body, StoreCode, Text

router = APIRouter(prefix="/api/v1/storefront/{store_code}", tags=["storefront"], responses=ERROR_RESPONSES)


def _secure(request: Request) -> bool:
    return (request.headers.get("x-forwarded-proto") or request.url.scheme) == "https"


class SignInLinkIn(Body):
    email: Text(254)
    locale: Text(5) | None = None


class CustomerSessionIn(Body):
    token: Text(2000, 1)


@router.post("/sign-in-link", status_code=202, dependencies=[per_ip("sign_in_link")])
def sign_in_link(store_code: StoreCode, body: SignInLinkIn, session: SessionDep) -> dict:
    """Email a sign-in link when this address has a card here; the answer is the same either way."""
    customer_login.request_link(session, store_code, body.email, body.locale)
    return {"status": "accepted"}


@router.post("/session", status_code=204, dependencies=[per_ip("sign_in_link")])
def open_session(store_code: StoreCode, body: CustomerSessionIn, request: Request, session: SessionDep) -> Response:
    """Use a sign-in link (once, within 30 minutes): sets the HttpOnly customer session cookie."""
    token = customer_login.redeem_link(session, store_code, body.token)
    response = Response(status_code=204)
    response.set_cookie(
        customer_login.CUSTOMER_COOKIE,
        token,
        max_age=customer_login.SESSION_DAYS * 24 * 3600,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


@router.delete("/session", status_code=204)
def close_session(store_code: StoreCode, request: Request) -> Response:
    """Sign the customer out: drop the session cookie."""
    response = Response(status_code=204)
    response.delete_cookie(
        customer_login.CUSTOMER_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request)
    )
    return response
