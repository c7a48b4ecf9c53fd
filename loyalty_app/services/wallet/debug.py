"""Wallet debugging for platform admins: configuration, class status, card inspector, save links, failures."""

import uuid

import jwt
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from sqlmodel import Session, select

from loyalty_app.models import AppleDeviceRegistration, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services import effects, errors
from loyalty_app.services.cards.cards import normalize_card_number
from loyalty_app.services.events import WalletResyncRequested
from loyalty_app.services.wallet import passes as wallet_passes
from loyalty_app.settings import get_settings
from loyalty_app.wallet import config, google
from loyalty_app.wallet.clients import WalletClients
from loyalty_app.wallet.retry import WalletError

MAX_FAILURES = 500


def _card(session: Session, card_id: int) -> LoyaltyCard:
    card = session.get(LoyaltyCard, card_id)
    if card is None:
        raise errors.CardNotFound()
    return card


def sync_status(card: LoyaltyCard) -> dict:
    return {
        "version": card.wallet_version,
        "synced_version": card.wallet_synced_version,
        "last_synced_at": card.wallet_last_synced_at,
        "last_error": card.wallet_last_error,
        "in_sync": card.wallet_synced_version >= card.wallet_version and card.wallet_last_error is None,
        "google_object_id": card.google_object_id,
    }


def class_status(session: Session, check_remote: bool = True) -> dict:
    """Per program: its class id, whether we created it, Google's review status, and its cards' sync health."""
    settings = get_settings()
    c = LoyaltyCard
    failing = sa.or_(c.wallet_last_error.is_not(None), c.wallet_synced_version < c.wallet_version)
    counts = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(c.program_id, sa.func.count(), sa.func.count().filter(failing))
            .where(c.deleted_at.is_(None))
            .group_by(c.program_id)
        )
    }
    programs = session.exec(
        select(LoyaltyProgram, Merchant)
        .join(Merchant, Merchant.id == LoyaltyProgram.merchant_id)
        .where(LoyaltyProgram.deleted_at.is_(None))
        .order_by(LoyaltyProgram.id)
    ).all()
    enabled = config.google_enabled(settings)
    items = []
    with WalletClients(settings, delays=()) as clients:  # an admin page should not wait through backoff
        for program, merchant in programs:
            item = {
                "program_id": program.id,
                "merchant": merchant.name,
                "card_name": program.card_name,
                "class_id": google.class_id(settings, program) if enabled else None,
                "created": program.google_class_id is not None,
                "review_status": None,
                "remote_error": None,
                "cards": counts.get(program.id, (0, 0))[0],
                "cards_out_of_sync": counts.get(program.id, (0, 0))[1],
            }
            if enabled and check_remote and item["created"]:
                try:
                    item["review_status"] = clients.google.get("loyaltyClass", item["class_id"]).get("reviewStatus")
                except WalletError as exc:
                    item["remote_error"] = str(exc)
            items.append(item)
    return {"google_enabled": enabled, "items": items}


def inspect_card(session: Session, card_id: int) -> dict:
    """The Google class and object and the Apple pass.json exactly as they would be sent (token redacted)."""
    settings = get_settings()
    card = _card(session, card_id)
    out = {
        "card_id": card.id,
        "card_number": card.card_number,
        "sync": sync_status(card),
        "google": None,
        "apple": None,
    }
    if config.google_enabled(settings):
        out["google"] = wallet_passes.google_payloads(session, card, settings)
    if config.apple_enabled(settings):
        document = wallet_passes.pass_document(session, card, settings)
        document["authenticationToken"] = "<redacted>" if card.apple_auth_token else "<made at first download>"
        r = AppleDeviceRegistration
        devices = session.exec(
            select(sa.func.count())
            .select_from(r)
            .where(r.serial_number == card.card_number, r.pass_type_id == settings.apple_pass_type_id)
        ).one()
        out["apple"] = {
            "pass_json": document,
            "registered_devices": devices,
            "pass_url": wallet_passes.pass_url(settings, card),
        }
    return out


def save_link_test(session: Session, card_id: int, check_remote: bool = True) -> dict:
    """Make the card's save link and check it: length, signature with our key, and that the object exists."""
    settings = get_settings()
    if not config.google_enabled(settings):
        raise errors.NotFound("Google Wallet is not configured on this platform.")
    card = _card(session, card_id)
    url = wallet_passes.wallet_links(card)["google_save_url"]
    token = url.removeprefix(google.SAVE_URL)
    info = google.service_account_info(settings)
    public_key = serialization.load_pem_private_key(info["private_key"].encode(), None).public_key()
    try:
        claims, problem = jwt.decode(token, public_key, algorithms=["RS256"], audience="google"), None
    except jwt.PyJWTError as exc:
        claims, problem = jwt.decode(token, options={"verify_signature": False}), str(exc)
    result = {
        "url": url,
        "length": len(url),
        "max_length": google.MAX_SAVE_URL_LENGTH,
        "under_limit": len(url) <= google.MAX_SAVE_URL_LENGTH,
        "signature_valid": problem is None,
        "problem": problem,
        "header": jwt.get_unverified_header(token),
        "claims": claims,
        "object_exists": None,
        "remote_error": None,
    }
    if check_remote:
        with WalletClients(settings, delays=()) as clients:
            try:
                clients.google.get("loyaltyObject", google.object_id(settings, card))
                result["object_exists"] = True
            except WalletError as exc:
                result["object_exists"] = False if exc.status == 404 else None
                result["remote_error"] = str(exc)
    return result


def failures(session: Session, limit: int = 100) -> dict:
    """Cards whose last sync failed or whose wallet lags their balance, most recently changed first."""
    c = LoyaltyCard
    rows = session.exec(
        select(c, Merchant.name)
        .join(Merchant, Merchant.id == c.merchant_id)
        .where(sa.or_(c.wallet_last_error.is_not(None), c.wallet_synced_version < c.wallet_version))
        .order_by(c.updated_at.desc(), c.id.desc())
        .limit(min(limit, MAX_FAILURES))
    ).all()
    total = session.exec(
        select(sa.func.count())
        .select_from(c)
        .where(sa.or_(c.wallet_last_error.is_not(None), c.wallet_synced_version < c.wallet_version))
    ).one()
    return {
        "total": total,
        "items": [
            {"card_id": card.id, "card_number": card.card_number, "merchant": name, **sync_status(card)}
            for card, name in rows
        ],
    }


def request_resync(session: Session, card_id: int | None = None) -> str:
    """An admin's re-sync of one card (sent even if it looks in sync) or of every failing card, after commit.

    Answers the id the queued job gets; CardNotFound for an unknown card.
    """
    if card_id is not None:
        _card(session, card_id)
    target = f"card-{card_id}" if card_id is not None else "failing"
    request_id = f"wallet-resync-{target}-{uuid.uuid4().hex[:12]}"
    effects.emit(session, WalletResyncRequested(request_id, card_id))
    session.commit()
    return request_id


def recent_enrollments(session: Session, limit: int = 20) -> list[dict]:
    """The newest cards on the platform with their wallet sync state (wallet debug)."""
    rows = session.exec(
        select(LoyaltyCard, Merchant.name)
        .join(Merchant, Merchant.id == LoyaltyCard.merchant_id)
        .where(LoyaltyCard.deleted_at.is_(None))
        .order_by(LoyaltyCard.created_at.desc(), LoyaltyCard.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "card_id": card.id,
            "card_number": card.card_number,
            "merchant": name,
            "created_at": card.created_at,
            "google_object_id": card.google_object_id,
            "version": card.wallet_version,
            "synced_version": card.wallet_synced_version,
            "last_error": card.wallet_last_error,
        }
        for card, name in rows
    ]


def card_id_by_number(session: Session, reference: str) -> int:
    """Any merchant's card (trashed ones too) by its number: the wallet inspector's lookup."""
    number = normalize_card_number(reference)
    card_id = (
        session.exec(select(LoyaltyCard.id).where(LoyaltyCard.card_number == number)).first()
        if number.isdigit()
        else None
    )
    if card_id is None:
        raise errors.CardNotFound()
    return card_id
