"""A card's wallet passes as the customer gets them: the save link, the signed .pkpass, and its timestamps."""

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services import errors
from loyalty_app.settings import Settings, get_settings
from loyalty_app.wallet import apple, config, google, google_objects, pkpass


def pass_url(settings: Settings, card: LoyaltyCard) -> str:
    return f"{settings.public_base_url.rstrip('/')}/api/v1/storefront/cards/{card.qr_token}/pass.pkpass"


def wallet_links(card: LoyaltyCard) -> dict[str, str | None]:
    """The enroll response's `wallet`: each link only when that wallet is configured (buttons hidden else)."""
    settings = get_settings()
    links: dict[str, str | None] = {"google_save_url": None, "apple_pass_url": None}
    if config.google_enabled(settings):
        links["google_save_url"] = google.save_url(
            google.service_account_info(settings), google.object_id(settings, card), [settings.public_base_url]
        )
    if config.apple_enabled(settings):
        links["apple_pass_url"] = pass_url(settings, card)
    return links


def card_by_qr_token(session: Session, qr_token: str) -> LoyaltyCard:
    card = session.exec(select(LoyaltyCard).where(LoyaltyCard.qr_token == qr_token)).first()
    if card is None or card.deleted_at is not None:
        raise errors.CardNotFound()
    return card


def card_by_serial(session: Session, serial_number: str) -> LoyaltyCard | None:
    return session.exec(select(LoyaltyCard).where(LoyaltyCard.card_number == serial_number)).first()


def ensure_auth_token(session: Session, card: LoyaltyCard) -> str:
    """Each card gets its own web-service token the first time its pass is built; it never changes after."""
    if not card.apple_auth_token:
        token = secrets.token_hex(16)
        session.execute(
            sa.update(LoyaltyCard)
            .where(LoyaltyCard.id == card.id, LoyaltyCard.apple_auth_token.is_(None))
            .values(apple_auth_token=token)
        )
        session.commit()
        session.refresh(card)
    return card.apple_auth_token


def program_of(session: Session, card: LoyaltyCard) -> LoyaltyProgram:
    return session.get(LoyaltyProgram, card.program_id)


def modified_at(card: LoyaltyCard, program: LoyaltyProgram) -> datetime:
    """When the pass last changed: its card (balance, state) or its program (branding)."""
    return max(card.updated_at, program.updated_at)


@dataclass
class BuiltPass:
    content: bytes
    modified_at: datetime
    filename: str


def pass_document(session: Session, card: LoyaltyCard, settings: Settings | None = None) -> dict:
    settings = settings or get_settings()
    program = session.get(LoyaltyProgram, card.program_id)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return apple.pass_json(settings, card, program, session.get(Merchant, program.merchant_id), customer)


def build_card_pass(session: Session, card: LoyaltyCard) -> BuiltPass:
    """The signed .pkpass of a card, with its token made on first use."""
    settings = get_settings()
    if not config.apple_enabled(settings):
        raise errors.NotFound("Apple Wallet is not configured on this platform.")
    ensure_auth_token(session, card)
    program = session.get(LoyaltyProgram, card.program_id)
    document = pass_document(session, card, settings)
    content = pkpass.build_pkpass(document, apple.images(program), pkpass.signer_for(settings))
    return BuiltPass(content, modified_at(card, program), f"{card.card_number}.pkpass")


def program_logo(session: Session, program_id: int) -> bytes:
    program = session.get(LoyaltyProgram, program_id)
    if program is None or program.deleted_at is not None:
        raise errors.ProgramNotFound()
    return apple.program_logo(program.card_name, program.card_color)


def google_payloads(session: Session, card: LoyaltyCard, settings: Settings | None = None) -> dict:
    """The class and object exactly as the next sync would send them."""
    settings = settings or get_settings()
    program = session.get(LoyaltyProgram, card.program_id)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return {
        "class": google_objects.loyalty_class(settings, program, session.get(Merchant, program.merchant_id)),
        "object": google_objects.loyalty_object(settings, card, program, customer),
    }
