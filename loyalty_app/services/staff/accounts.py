"""Back-office accounts: create, authenticate, and signed expiring access tokens."""

from datetime import datetime, timedelta

import jwt
from sqlmodel import Session, select

from loyalty_app.models import ROLES, User
from loyalty_app.services import errors
from loyalty_app.services.context import Actor, clock
from loyalty_app.services.staff.security import check_secret, hash_password
from loyalty_app.settings import get_settings

TOKEN_ALGORITHM = "HS256"
ACCESS_PURPOSE = "access"  # other tokens signed with the same key (login tickets) carry another purpose
_DUMMY_HASH = "$2b$12$sL2lyRsB7dq4N9gUq3qlR.JBtSjzIC8.eNkH7NTHsrU51BHlt0.OK"


def create_user(
    session: Session,
    email: str,
    password: str,
    role: str,
    *,
    merchant_id: int | None = None,
    store_id: int | None = None,
    full_name: str = "",
) -> User:
    email = (email or "").strip().lower()
    problems = {}
    if role not in ROLES:
        problems["role"] = "invalid_choice"
    if "@" not in email:
        problems["email"] = "invalid_email"
    if len(password or "") < 8:
        problems["password"] = "too_short"
    # The table's CHECKs say the same; saying it here gives a field error instead of a database error.
    if role in ("merchant_owner", "store_staff") and merchant_id is None:
        problems["merchant_id"] = "required"
    if role == "store_staff" and store_id is None:
        problems["store_id"] = "required"
    if problems:
        raise errors.ValidationFailed(problems)
    if session.exec(select(User).where(User.email == email)).first():
        raise errors.AlreadyExists("This email already has an account.", field="email")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        merchant_id=merchant_id,
        store_id=store_id,
        full_name=full_name,
    )
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    user = session.exec(select(User).where(User.email == (email or "").strip().lower())).first()
    if user is None or not user.is_active:
        check_secret(password or "", _DUMMY_HASH)  # same cost either way: no account probing by timing
        raise errors.InvalidCredentials()
    if not check_secret(password or "", user.password_hash):
        raise errors.InvalidCredentials()
    return user


def issue_token(user: User, now: datetime | None = None, acting_admin_id: int | None = None) -> str:
    now = clock(now)
    settings = get_settings()
    claims = {
        "sub": str(user.id),
        "role": user.role,
        "purpose": ACCESS_PURPOSE,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=settings.access_token_minutes)).timestamp()),
    }
    if acting_admin_id:
        claims["act"] = acting_admin_id
    return jwt.encode(claims, settings.secret_key, algorithm=TOKEN_ALGORITHM)


def user_from_token(session: Session, token: str) -> User | None:
    try:
        claims = jwt.decode(
            token,
            get_settings().secret_key,
            algorithms=[TOKEN_ALGORITHM],
            options={"require": ["sub", "exp", "purpose"]},
        )
        if claims["purpose"] != ACCESS_PURPOSE:
            return None
        user = session.get(User, int(claims["sub"]))
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if user is None or not user.is_active:
        return None
    return user


def actor_for(
    user: User, ip_address: str | None = None, user_agent: str | None = None, acting_admin_id: int | None = None
) -> Actor:
    return Actor(
        user_id=user.id,
        role=user.role,
        merchant_id=user.merchant_id,
        store_id=user.store_id,
        acting_admin_id=acting_admin_id,
        ip_address=ip_address,
        user_agent=user_agent,
    )
