"""Typed dependencies: the session, the signed-in user, and the actor a service records."""

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from loyalty_app.services.context import Actor
from loyalty_app.services.staff import accounts, scope, sessions

from ..db import new_session
from ..models import User
from .errors import ApiError
from .schemas import MAX_ID


def get_session() -> Iterator[Session]:
    with new_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

_bearer = HTTPBearer(auto_error=False, description="The access_token from POST /api/v1/auth/login.")


def _unauthenticated(message: str) -> ApiError:
    return ApiError(401, "UNAUTHENTICATED", message, headers={"WWW-Authenticate": "Bearer"})


def get_current_user(
    session: SessionDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    if credentials is None:
        raise _unauthenticated("Sign in first: send Authorization: Bearer <token>.")
    user = accounts.user_from_token(session, credentials.credentials)
    if user is None:
        raise _unauthenticated("The access token is invalid or expired.")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _user_agent(request: Request) -> str | None:
    return request.headers.get("user-agent")


def get_actor(request: Request, user: CurrentUser) -> Actor:
    return scope.actor_for_request(user, client_ip(request), _user_agent(request))


ActorDep = Annotated[Actor, Depends(get_actor)]


def public_actor(request: Request) -> Actor:
    return Actor(role="customer", ip_address=client_ip(request), user_agent=_user_agent(request))


PublicActor = Annotated[Actor, Depends(public_actor)]


def get_merchant_actor(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    merchant_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Platform admins: the merchant to act on behalf of.")
    ] = None,
) -> Actor:
    return scope.merchant_actor(session, user, merchant_id, client_ip(request), _user_agent(request))


MerchantActor = Annotated[Actor, Depends(get_merchant_actor)]


def get_admin(user: CurrentUser) -> User:
    scope.require_platform_admin(user)
    return user


AdminUser = Annotated[User, Depends(get_admin)]


_session_cookie = APIKeyCookie(
    name=sessions.SESSION_COOKIE,
    scheme_name="SessionCookie",
    auto_error=False,
    description="The browser's session cookie, set by POST /api/v1/auth/session.",
)


def get_user_by_bearer_or_cookie(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    _cookie: Annotated[str | None, Depends(_session_cookie)],  # documents the cookie; read as the pages read it
) -> User:
    """The Bearer token when sent (never a fallback from a bad one), else the session cookie: for links the
    console opens directly, which cannot carry a header. Only for GET routes that change nothing."""
    if credentials is not None:
        return get_current_user(session, credentials)
    user = sessions.user_from_cookie_header(session, request.headers.get("cookie"))
    if user is None:
        raise _unauthenticated("Sign in first: send Authorization: Bearer <token>, or the session cookie.")
    return user


def get_merchant_actor_by_bearer_or_cookie(
    request: Request,
    session: SessionDep,
    user: Annotated[User, Depends(get_user_by_bearer_or_cookie)],
    merchant_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Platform admins: the merchant to act on behalf of.")
    ] = None,
) -> Actor:
    return scope.merchant_actor(session, user, merchant_id, client_ip(request), _user_agent(request))


MerchantActorOrCookie = Annotated[Actor, Depends(get_merchant_actor_by_bearer_or_cookie)]
