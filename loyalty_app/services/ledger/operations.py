"""What every store operation does first: store, card, scope, PIN, then the card's row lock."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from loyalty_app.db import lock_card
from loyalty_app.models import LoyaltyCard, LoyaltyProgram, Store
from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.staff import pins


@dataclass
class Prepared:
    store: Store
    program: LoyaltyProgram
    card: LoyaltyCard
    staff: StaffIdentity | None


def authorize_store(actor: Actor, store: Store) -> None:
    if actor.role not in ("store_staff", "merchant_owner", "platform_admin", "system") or not actor.reaches_store(
        store
    ):
        raise errors.PermissionDenied()


def resolve_staff(
    session: Session,
    store: Store,
    program: LoyaltyProgram,
    actor: Actor,
    staff_pin: str | None,
    shift_staff: StaffIdentity | None,
    now: datetime,
) -> StaffIdentity | None:
    if shift_staff is not None:
        return pins.confirm_shift_staff(session, store, shift_staff, now)
    if staff_pin:
        return pins.verify_pin(session, store, staff_pin, now)
    if program.pin_required:
        raise errors.PinRequired()
    return None


def prepare(
    session: Session,
    store_code: str,
    card_ref: str,
    actor: Actor,
    now: datetime,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    *,
    needs: str | None = None,
) -> Prepared:
    """Resolve and check in the order a counter expects: store, card, PIN, then lock and re-check."""
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    program = cards.get_program(session, store.merchant_id)
    card = cards.find_card(session, store.merchant_id, card_ref, store_id=store.id)
    if needs and not (program.collects_stamps if needs == "stamps" else program.collects_points):
        raise errors.WrongProgramType(loyalty_type=program.loyalty_type)
    staff = resolve_staff(session, store, program, actor, staff_pin, shift_staff, now)
    card = lock_card(session, card.id)
    check_card_usable(card, program, store)
    return Prepared(store=store, program=program, card=card, staff=staff)


def check_card_usable(card: LoyaltyCard, program: LoyaltyProgram, store: Store) -> None:
    if not card.is_active:
        raise errors.CardInactive()
    if not program.cross_location and card.enrolled_store_id != store.id:
        raise errors.CrossLocationNotAllowed()
