"""The PassKit web service rules: which device holds which pass, and which passes changed since a tag."""

import hmac
import logging
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.models import AppleDeviceRegistration, LoyaltyCard, LoyaltyProgram
from loyalty_app.services.wallet.passes import card_by_serial, modified_at
from loyalty_app.settings import get_settings
from loyalty_app.wallet import config

log = logging.getLogger(__name__)
SCHEME = "ApplePass "
_NO_TOKEN = "x" * 32  # compared against when there is no card, so timing says nothing about serials


def pass_type_served(pass_type_id: str) -> bool:
    settings = get_settings()
    return config.apple_enabled(settings) and pass_type_id == settings.apple_pass_type_id


def authenticate(
    session: Session, pass_type_id: str, serial_number: str, authorization: str | None
) -> LoyaltyCard | None:
    """The card when the header is `ApplePass <its token>` (compared in constant time), else None."""
    card = card_by_serial(session, serial_number) if pass_type_served(pass_type_id) else None
    expected = card.apple_auth_token if card is not None and card.apple_auth_token else _NO_TOKEN
    given = authorization[len(SCHEME) :].strip() if authorization and authorization.startswith(SCHEME) else ""
    matches = hmac.compare_digest(given.encode(), expected.encode())
    return card if matches and card is not None and card.apple_auth_token else None


def _registration(session: Session, device_id: str, pass_type_id: str, serial_number: str):
    r = AppleDeviceRegistration
    return session.exec(
        select(r).where(
            r.device_library_id == device_id, r.pass_type_id == pass_type_id, r.serial_number == serial_number
        )
    ).first()


def register(session: Session, device_id: str, pass_type_id: str, serial_number: str, push_token: str) -> bool:
    """True when the device is new for this pass (201), False when it was already registered (200)."""
    existing = _registration(session, device_id, pass_type_id, serial_number)
    if existing is not None:
        if existing.push_token != push_token:
            existing.push_token = push_token
            session.add(existing)
        session.commit()
        return False
    session.add(
        AppleDeviceRegistration(
            device_library_id=device_id, push_token=push_token, pass_type_id=pass_type_id, serial_number=serial_number
        )
    )
    try:
        session.commit()
    except IntegrityError:  # the same device registered twice at once: the other request made it
        session.rollback()
        return False
    return True


def unregister(session: Session, device_id: str, pass_type_id: str, serial_number: str) -> None:
    existing = _registration(session, device_id, pass_type_id, serial_number)
    if existing is not None:
        session.delete(existing)
    session.commit()


def tag_for(moment: datetime) -> str:
    """`lastUpdated`: our own opaque tag, microseconds since the epoch."""
    return str(int(moment.astimezone(UTC).timestamp() * 1_000_000))


def _parse_tag(tag: str | None) -> int | None:
    return int(tag) if tag and tag.isdigit() else None


def updated_serials(
    session: Session, device_id: str, pass_type_id: str, since: str | None
) -> tuple[list[str], str | None]:
    """Serial numbers of this device's passes changed after the tag (all of them without one)."""
    r = AppleDeviceRegistration
    rows = session.exec(
        select(LoyaltyCard, LoyaltyProgram)
        .join(r, r.serial_number == LoyaltyCard.card_number)
        .join(LoyaltyProgram, LoyaltyProgram.id == LoyaltyCard.program_id)
        .where(r.device_library_id == device_id, r.pass_type_id == pass_type_id)
    ).all()
    after = _parse_tag(since)
    changed = [(card.card_number, tag_for(modified_at(card, program))) for card, program in rows]
    changed = [(serial, tag) for serial, tag in changed if after is None or int(tag) > after]
    if not changed:
        return [], None
    return sorted(serial for serial, _ in changed), max(changed, key=lambda item: int(item[1]))[1]


def log_messages(messages: list[str]) -> None:
    for message in messages:
        log.warning("Apple Wallet device log: %s", message[:1000])
