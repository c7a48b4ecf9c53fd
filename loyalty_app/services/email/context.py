"""What a card email's template can use: names, balances, dates and numbers formatted for the locale."""

import logging
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction, Store, TxType
from loyalty_app.services.cards.cards import format_card_number
from loyalty_app.services.ledger import expiry
from loyalty_app.settings import get_settings

if TYPE_CHECKING:
    from loyalty_app.services.email.card_emails import CardFacts

log = logging.getLogger(__name__)

QR_CID = "card-qr"


def latest_tx(session: Session, card_id: int, type_: str) -> LoyaltyTransaction | None:
    return session.exec(
        select(LoyaltyTransaction)
        .where(LoyaltyTransaction.card_id == card_id, LoyaltyTransaction.type == type_)
        .order_by(LoyaltyTransaction.id.desc())
    ).first()


def card_url(store: Store, card: LoyaltyCard) -> str:
    """The storefront card page; it signs the customer in by a one-time emailed link (never by the QR token)."""
    return f"{get_settings().public_base_url.rstrip('/')}/s/{store.code}/card"


def wallet_links(session: Session, card: LoyaltyCard) -> dict[str, str | None]:
    """Save-to-wallet links for the enrollment email, each only when that wallet is configured."""
    from loyalty_app.services.wallet.passes import (
        wallet_links as save_links,  # loads the signing libraries only when needed
    )

    try:
        links = save_links(card)
    except Exception:  # a broken wallet setup must not hold back the enrollment email: send it without
        log.exception("wallet links for card %s could not be built; the email goes without them", card.id)
        return {"google_wallet_url": None, "apple_wallet_url": None}
    return {"google_wallet_url": links.get("google_save_url"), "apple_wallet_url": links.get("apple_pass_url")}


def build_context(session: Session, facts: "CardFacts", code: str, locale: str, now: datetime) -> dict:
    """Every value a template may use, with numbers and dates formatted for the locale."""
    card, program, merchant, customer = facts.card, facts.program, facts.merchant, facts.customer

    def number(value: int) -> str:
        return format_decimal(value, locale=locale)

    def day(moment: datetime) -> str:
        return format_date(moment.astimezone(ZoneInfo(merchant.timezone)).date(), "long", locale=locale)

    ctx = {
        "first_name": customer.first_name or "",
        "last_name": customer.last_name or "",
        "merchant_name": merchant.name,
        "store_name": facts.store.name,
        "card_name": program.card_name,
        "card_color": program.card_color,
        "card_number": format_card_number(card.card_number),
        "loyalty_type": program.loyalty_type,
        "points_balance": number(card.points_balance),
        "stamp_count": card.stamp_count,
        "stamps_target": program.stamps_target,
        "stamps_missing": max(program.stamps_target - card.stamp_count, 0),
        "reward": program.stamps_reward_description or "",
        "card_url": card_url(facts.store, card),
        "qr_cid": QR_CID,
        **wallet_links(session, card),
    }
    if code == "loyalty_welcome_bonus":
        bonus = latest_tx(session, card.id, TxType.WELCOME_BONUS)
        ctx["welcome_points"] = number(bonus.points_delta if bonus else program.welcome_bonus_points)
    elif code == "loyalty_points_expiring":
        ctx["expiry_date"] = day(expiry.expires_at(card, program))
        ctx["expiry_days"] = program.points_expiry_days
    elif code == "loyalty_points_expired":
        expired = latest_tx(session, card.id, TxType.POINTS_EXPIRED)
        ctx["points_expired"] = number(-expired.points_delta)
        ctx["expired_on"] = day(expired.created_at)
        ctx["expiry_days"] = program.points_expiry_days or ""
    elif code == "loyalty_reengagement":
        ctx["last_visit"] = day(expiry.cycle_start(card))
    return ctx
