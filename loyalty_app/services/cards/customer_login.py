"""Customer sign-in by email: a signed link valid 30 minutes and used once, then a session cookie.

The link carries a signed token whose id is recorded when the link is sent; redeeming it sets
`consumed_at` with one conditional UPDATE, so two clicks racing each other cannot both succeed.
Tokens are signed with a key derived for customers only, so they are never mistaken for staff
access tokens (and staff tokens, which carry no `purpose`, are refused here).
"""

import hashlib
import html
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

import jwt
import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.i18n import normalize_locale, t
from loyalty_app.models import Customer, CustomerSignInLink, EmailLog, LoyaltyCard, LoyaltyProgram, Merchant, Store
from loyalty_app.services import effects, errors
from loyalty_app.services.cards import cards
from loyalty_app.services.cards.enrollment import EnrollmentForm, validate_form
from loyalty_app.services.cards.storefront import card_for_customer
from loyalty_app.services.context import clock
from loyalty_app.services.events import SignInLinkRequested
from loyalty_app.settings import get_settings

LINK_MINUTES = 30
SESSION_DAYS = 30
MAX_LINKS_PER_HOUR = 5
CUSTOMER_COOKIE = "loyalty_customer"
EMAIL_CODE = "loyalty_sign_in_link"
_ALGORITHM = "HS256"
_LINK = "customer-sign-in"
_SESSION = "customer-session"


class SignInLinkInvalid(errors.InvalidCredentials):
    code = "SIGN_IN_LINK_INVALID"
    message = "This sign-in link is not valid."


class SignInLinkExpired(SignInLinkInvalid):
    code = "SIGN_IN_LINK_EXPIRED"
    message = "This sign-in link has expired."


class SignInLinkUsed(SignInLinkInvalid):
    code = "SIGN_IN_LINK_USED"
    message = "This sign-in link was already used."


def _key() -> str:
    return hashlib.sha256(f"{get_settings().secret_key}|customer-sign-in".encode()).hexdigest()


def _decode(token: str, purpose: str) -> dict | None:
    """The claims of a well-signed token of this purpose (expiry checked by the caller), else None."""
    try:
        claims = jwt.decode(
            token or "",
            _key(),
            algorithms=[_ALGORITHM],
            options={"require": ["sub", "exp", "purpose"], "verify_exp": False},
        )
        int(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    return claims if claims.get("purpose") == purpose else None


def _clean_email(email: str) -> str:
    """The enrollment rule for an email address; raises ValidationFailed({'email': code})."""
    clean, problems = validate_form(EnrollmentForm(email=email, first_name="-", accept_terms=True), clock(None).date())
    if "email" in problems:
        raise errors.ValidationFailed({"email": problems["email"]})
    return clean["email"]


def request_link(
    session: Session, store_code: str, email: str, locale: str | None = None, now: datetime | None = None
) -> EmailLog | None:
    """Email a sign-in link when this email has a card served by this store; None otherwise.

    Callers answer the same either way, so the form does not tell who is a member.
    """
    now = clock(now)
    store = cards.get_store(session, store_code)
    program = cards.get_program(session, store.merchant_id)
    address = _clean_email(email)
    customer = session.exec(
        select(Customer).where(
            Customer.merchant_id == store.merchant_id,
            Customer.email == address,
            Customer.anonymized_at.is_(None),
        )
    ).first()
    card = card_for_customer(session, store, program, customer.id) if customer else None
    if card is None or not card.is_active:
        return None
    recent = session.exec(
        select(sa.func.count())
        .select_from(CustomerSignInLink)
        .where(
            CustomerSignInLink.customer_id == customer.id,
            CustomerSignInLink.created_at > now - timedelta(hours=1),
        )
    ).one()
    if recent >= MAX_LINKS_PER_HOUR:
        return None
    jti = secrets.token_urlsafe(24)
    expires = now + timedelta(minutes=LINK_MINUTES)
    token = jwt.encode(
        {"purpose": _LINK, "sub": str(customer.id), "store": store.code, "jti": jti, "exp": int(expires.timestamp())},
        _key(),
        algorithm=_ALGORITHM,
    )
    lang = normalize_locale(locale) or normalize_locale(customer.locale) or "en"
    row = _email(session.get(Merchant, store.merchant_id), store, card, customer, lang, link_url(store, token), now)
    session.add(
        CustomerSignInLink(jti=jti, customer_id=customer.id, store_id=store.id, created_at=now, expires_at=expires)
    )
    session.add(row)
    session.flush()
    effects.emit(session, SignInLinkRequested(row.id))
    session.commit()
    return row


def link_url(store: Store, token: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/s/{store.code}/card?login={token}"


def _email(
    merchant: Merchant, store: Store, card: LoyaltyCard, customer: Customer, locale: str, url: str, now: datetime
) -> EmailLog:
    """The sign-in email, written from the UI's catalog in the reader's language."""
    params = {"name": customer.first_name or "", "merchant": merchant.name, "minutes": LINK_MINUTES}
    subject = t("storefront.email.subject", locale, **params)
    lines = [
        t("storefront.email.greeting", locale, **params),
        t("storefront.email.body", locale, **params),
        t("storefront.email.ignore", locale, **params),
    ]
    text = f"{lines[0]}\n\n{lines[1]}\n\n{url}\n\n{lines[2]}\n"
    esc = html.escape
    body_html = (
        f'<!doctype html><html lang="{locale}"><body style="font-family:sans-serif;line-height:1.5">'
        f"<p>{esc(lines[0])}</p><p>{esc(lines[1])}</p>"
        f'<p><a href="{esc(url)}" style="display:inline-block;padding:12px 20px;background:#1f2937;color:#fff;'
        f'border-radius:8px;text-decoration:none">{esc(t("storefront.email.button", locale))}</a></p>'
        f'<p style="color:#555">{esc(lines[2])}</p></body></html>'
    )
    return EmailLog(
        merchant_id=merchant.id,
        card_id=card.id,
        template_code=EMAIL_CODE,
        locale=locale,
        recipient=customer.email,
        subject=subject[:300],
        body_text=text,
        body_html=body_html,
        status="queued",
        created_at=now,
    )


def redeem_link(session: Session, store_code: str, token: str, now: datetime | None = None) -> str:
    """Use a sign-in link once: answers a customer session token; raises SignInLink* errors."""
    now = clock(now)
    claims = _decode(token, _LINK)
    if claims is None or not claims.get("jti"):
        raise SignInLinkInvalid()
    store = cards.get_store(session, store_code)
    if claims.get("store") != store.code:
        raise SignInLinkInvalid()
    link = session.exec(select(CustomerSignInLink).where(CustomerSignInLink.jti == claims["jti"])).first()
    if link is None or link.store_id != store.id or str(link.customer_id) != claims["sub"]:
        raise SignInLinkInvalid()
    used = session.execute(
        sa.update(CustomerSignInLink)
        .where(
            CustomerSignInLink.id == link.id,
            CustomerSignInLink.consumed_at.is_(None),
            CustomerSignInLink.expires_at > now,
        )
        .values(consumed_at=now)
    )
    session.commit()
    if used.rowcount != 1:
        session.refresh(link)
        raise SignInLinkUsed() if link.consumed_at is not None else SignInLinkExpired()
    customer = session.get(Customer, link.customer_id)
    if customer is None or customer.anonymized_at is not None:
        raise SignInLinkInvalid()
    return issue_session(customer, now)


def issue_session(customer: Customer, now: datetime | None = None) -> str:
    now = clock(now)
    claims = {
        "purpose": _SESSION,
        "sub": str(customer.id),
        "mid": customer.merchant_id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(days=SESSION_DAYS)).timestamp()),
    }
    return jwt.encode(claims, _key(), algorithm=_ALGORITHM)


def customer_from_session(session: Session, token: str | None, now: datetime | None = None) -> Customer | None:
    """The signed-in customer of a session token; None when absent, forged, expired or anonymized."""
    claims = _decode(token or "", _SESSION)
    if claims is None or claims["exp"] <= clock(now).timestamp():
        return None
    customer = session.get(Customer, int(claims["sub"]))
    if customer is None or customer.anonymized_at is not None or customer.merchant_id != claims.get("mid"):
        return None
    merchant = session.get(Merchant, customer.merchant_id)
    return customer if merchant is not None and merchant.deleted_at is None else None


@dataclass(frozen=True)
class SignedIn:
    customer: Customer
    card: LoyaltyCard | None  # None: signed in, but no card this store serves


def signed_in_card(
    session: Session, store: Store, program: LoyaltyProgram, token: str | None, now: datetime | None = None
) -> SignedIn | None:
    """The signed-in customer and the card they may see at this store.

    None when nobody is signed in, or when the session is a customer of another merchant: a session opens
    the cards of the merchant it was issued for, never another one's.
    """
    customer = customer_from_session(session, token, now)
    if customer is None or customer.merchant_id != store.merchant_id:
        return None
    return SignedIn(customer, card_for_customer(session, store, program, customer.id))


def session_token_from_cookie_header(cookie_header: str | None) -> str | None:
    try:
        jar = SimpleCookie(cookie_header or "")
    except CookieError:
        return None
    return jar[CUSTOMER_COOKIE].value if CUSTOMER_COOKIE in jar else None
