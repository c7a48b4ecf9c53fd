"""Sign in with email and password for a bearer token; who am I."""

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from loyalty_app.services.staff import accounts

from .deps import CurrentUser, SessionDep
from .ratelimit import per_ip
from .schemas import ERROR_RESPONSES, Body, Text

router = APIRouter(prefix="/api/v1/auth", tags=["auth"], responses=ERROR_RESPONSES)


class LoginIn(Body):
    email: Text(254, 1)
    password: Text(200, 1)


class UserOut(BaseModel):
    id: int
    email: str
    role: Literal["platform_admin", "merchant_owner", "store_staff"]
    merchant_id: int | None
    store_id: int | None


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    user: UserOut


@router.post("/login", response_model=TokenOut, dependencies=[per_ip("login")])
def login(body: LoginIn, session: SessionDep):
    """Exchange email and password for a bearer token."""
    user = accounts.authenticate(session, body.email, body.password)
    return {"access_token": accounts.issue_token(user), "token_type": "bearer", "user": user}


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser):
    """The signed-in account."""
    return user
