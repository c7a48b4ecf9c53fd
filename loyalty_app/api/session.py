"""Browser sign-in: the session token in an HttpOnly cookie (the UI's login page posts a ticket here)."""

from fastapi import APIRouter, Request, Response
from pydantic import model_validator

from loyalty_app.services.staff import sessions

from ..settings import get_settings
from .deps import SessionDep
from .ratelimit import per_ip
from .schemas import ERROR_RESPONSES, Body, Text

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=ERROR_RESPONSES)


class SessionIn(Body):
    ticket: Text(2000, 1) | None = None
    email: Text(254, 1) | None = None
    password: Text(200, 1) | None = None

    @model_validator(mode="after")
    def _one_way_in(self) -> "SessionIn":
        if not self.ticket and not (self.email and self.password):
            raise ValueError("send a ticket, or an email and a password")
        return self


def _secure(request: Request) -> bool:
    return (request.headers.get("x-forwarded-proto") or request.url.scheme) == "https"


@router.post("/session", status_code=204, dependencies=[per_ip("login")])
def open_session(body: SessionIn, request: Request, session: SessionDep) -> Response:
    """Set the HttpOnly session cookie, for a login ticket or an email and password."""
    token = sessions.open_session(session, ticket=body.ticket, email=body.email, password=body.password)
    response = Response(status_code=204)
    response.set_cookie(
        sessions.SESSION_COOKIE,
        token,
        max_age=get_settings().access_token_minutes * 60,
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


@router.delete("/session", status_code=204)
def close_session(request: Request) -> Response:
    """Sign out: drop the session cookie."""
    response = Response(status_code=204)
    response.delete_cookie(sessions.SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return response
