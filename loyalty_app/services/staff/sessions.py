"""Browser sessions for back-office users: a signed token kept in an HttpOnly cookie.

The login form is a Reflex event (it cannot set an HttpOnly cookie), so it trades the checked
password for a one-minute ticket; the browser posts the ticket to /api/v1/auth/session, which
answers with the cookie. JavaScript never sees the session token itself.
"""

import secrets
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

import jwt
from sqlmodel import Session

from loyalty_app.models import Store, User
from loyalty_app.services import errors
from loyalty_app.services.context import clock
from loyalty_app.services.staff import accounts
from loyalty_app.settings import get_settings

SESSION_COOKIE = "loyalty_session"
TICKET_SECONDS = 60
_TICKET_PURPOSE = "session-ticket"


def login_ticket(session: Session, email: str, password: str, now: datetime | None = None) -> tuple[str, str]:
    """Check the password; answer a one-minute ticket for the session cookie and the user's landing page."""
    user = accounts.authenticate(session, email, password)
    now = clock(now)
    claims = {
        "sub": str(user.id),
        "purpose": _TICKET_PURPOSE,
        "jti": secrets.token_urlsafe(12),
        "exp": int((now + timedelta(seconds=TICKET_SECONDS)).timestamp()),
    }
    ticket = jwt.encode(claims, get_settings().secret_key, algorithm=accounts.TOKEN_ALGORITHM)
    return ticket, landing_path(session, user)


def _user_from_ticket(session: Session, ticket: str) -> User:
    try:
        claims = jwt.decode(
            ticket,
            get_settings().secret_key,
            algorithms=[accounts.TOKEN_ALGORITHM],
            options={"require": ["sub", "exp", "purpose"]},
        )
        user = session.get(User, int(claims["sub"])) if claims["purpose"] == _TICKET_PURPOSE else None
    except (jwt.PyJWTError, ValueError, TypeError):
        user = None
    if user is None or not user.is_active:
        raise errors.InvalidCredentials()
    return user


def open_session(
    session: Session, *, ticket: str | None = None, email: str | None = None, password: str | None = None
) -> str:
    """A session token for a login ticket, or for an email and password (clients without the UI)."""
    user = _user_from_ticket(session, ticket) if ticket else accounts.authenticate(session, email, password)
    return accounts.issue_token(user)


def token_from_cookie_header(cookie_header: str | None) -> str | None:
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    return jar[SESSION_COOKIE].value if SESSION_COOKIE in jar else None


def user_from_cookie_header(session: Session, cookie_header: str | None) -> User | None:
    token = token_from_cookie_header(cookie_header)
    return accounts.user_from_token(session, token) if token else None


def safe_next(path: str | None) -> str | None:
    """Only a path on this site: never an open redirect to another host."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or "\n" in path:
        return None
    return path


def landing_path(session: Session, user: User) -> str:
    """Where a user goes after signing in when no page asked for it."""
    if user.role == "store_staff" and user.store_id:
        store = session.get(Store, user.store_id)
        if store is not None:
            return f"/store/{store.code}/terminal"
    if user.role == "merchant_owner":
        return "/merchant"
    if user.role == "platform_admin":
        return "/admin"
    return "/"
