"""Enroll a customer at a store: reuse or create the customer, apply the cross-location rule."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyProgram, Merchant, Store, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import PUBLIC, Actor, clock
from loyalty_app.services.events import CardChanged, Enrolled, WelcomeBonusGiven
from loyalty_app.services.ledger import journal as ledger

LOCALES = ("en", "fr", "de", "lb")
_EMAIL = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,25}$")


@dataclass
class EnrollmentForm:
    email: str
    first_name: str
    accept_terms: bool
    last_name: str | None = None
    phone: str | None = None
    birthday: date | str | None = None
    locale: str | None = None
    marketing_consent: bool = False


@dataclass
class EnrollmentResult:
    card: LoyaltyCard
    customer: Customer
    already_enrolled: bool
    locations: list[Store] = field(default_factory=list)


def _parse_birthday(value, today: date) -> tuple[date | None, str | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            return None, "invalid_date"
    if not isinstance(value, date):
        return None, "invalid_date"
    if value >= today:
        return None, "birthday_in_future"
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age > 120:
        return None, "birthday_too_old"
    return value, None


def validate_form(form: EnrollmentForm, today: date) -> tuple[dict, dict[str, str]]:
    """Clean values and per-field problem codes (translated by the caller)."""
    p: dict[str, str] = {}
    email = (form.email or "").strip().lower()
    if not email:
        p["email"] = "required"
    elif len(email) > 254 or not _EMAIL.match(email):
        p["email"] = "invalid_email"
    first = (form.first_name or "").strip()
    if not first:
        p["first_name"] = "required"
    elif len(first) > 100:
        p["first_name"] = "too_long"
    last = (form.last_name or "").strip() or None
    if last and len(last) > 100:
        p["last_name"] = "too_long"
    phone = (form.phone or "").strip() or None
    if phone and not _PHONE.match(phone):
        p["phone"] = "invalid_phone"
    birthday, problem = _parse_birthday(form.birthday, today)
    if problem:
        p["birthday"] = problem
    locale = (form.locale or "en").strip().lower()
    if locale not in LOCALES:
        p["locale"] = "invalid_choice"
    if form.accept_terms is not True:
        p["accept_terms"] = "must_accept_terms"
    clean = dict(
        email=email,
        first_name=first,
        last_name=last,
        phone=phone,
        birth_date=birthday,
        locale=locale,
        marketing_consent=bool(form.marketing_consent),
    )
    return clean, p


def locations_for(session: Session, program: LoyaltyProgram, card: LoyaltyCard) -> list[Store]:
    """Where the card works: every active store (cross-location on) or its own store."""
    if not program.cross_location:
        return [session.get(Store, card.enrolled_store_id)]
    return list(
        session.exec(
            select(Store)
            .where(Store.merchant_id == card.merchant_id, Store.is_active.is_(True), Store.deleted_at.is_(None))
            .order_by(Store.name)
        )
    )


def _existing_card(session: Session, program: LoyaltyProgram, customer_id: int, store_id: int) -> LoyaltyCard | None:
    stmt = select(LoyaltyCard).where(
        LoyaltyCard.program_id == program.id,
        LoyaltyCard.customer_id == customer_id,
        LoyaltyCard.deleted_at.is_(None),
    )
    if not program.cross_location:
        stmt = stmt.where(LoyaltyCard.enrolled_store_id == store_id)
    return session.exec(stmt.order_by(LoyaltyCard.id)).first()


def enroll(
    session: Session, store_code: str, form: EnrollmentForm, actor: Actor = PUBLIC, now: datetime | None = None
) -> EnrollmentResult:
    now = clock(now)
    store = cards.get_store(session, store_code)
    program = cards.get_program(session, store.merchant_id)
    merchant = session.get(Merchant, store.merchant_id)
    today = now.astimezone(ZoneInfo(merchant.timezone)).date()
    clean, problems = validate_form(form, today)
    if problems:
        raise errors.ValidationFailed(problems)
    try:
        return _enroll(session, store, program, clean, actor, now)
    except IntegrityError:
        # Someone enrolled the same email at the same moment: the second attempt sees their row.
        session.rollback()
        return _enroll(session, store, program, clean, actor, now)


def _enroll(session, store, program, clean, actor, now) -> EnrollmentResult:
    customer = session.exec(
        select(Customer)
        .where(Customer.merchant_id == store.merchant_id, Customer.email == clean["email"])
        .with_for_update()
    ).first()
    if customer is not None:
        card = _existing_card(session, program, customer.id, store.id)
        if card is not None:
            _fill_blanks(customer, clean)
            session.commit()
            return EnrollmentResult(
                card=card, customer=customer, already_enrolled=True, locations=locations_for(session, program, card)
            )
        _fill_blanks(customer, clean)
    else:
        customer = Customer(merchant_id=store.merchant_id, created_at=now, **clean)
        session.add(customer)
        session.flush()
    card = LoyaltyCard(
        merchant_id=store.merchant_id,
        program_id=program.id,
        customer_id=customer.id,
        enrolled_store_id=store.id,
        card_number=unique_card_number(session),
        qr_token=cards.new_qr_token(),
        last_activity_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(card)
    session.flush()
    effects.emit(session, Enrolled(card.id))
    if program.collects_points and program.welcome_bonus_points > 0:
        ledger.append(
            session,
            card,
            type=TxType.WELCOME_BONUS,
            points_delta=program.welcome_bonus_points,
            now=now,
            actor=actor,
            store_id=store.id,
        )
        effects.emit(session, WelcomeBonusGiven(card.id))
    effects.emit(session, CardChanged(card.id, store_id=store.id))
    session.commit()
    return EnrollmentResult(
        card=card, customer=customer, already_enrolled=False, locations=locations_for(session, program, card)
    )


def _fill_blanks(customer: Customer, clean: dict) -> None:
    """A returning customer keeps their data; the form only fills what was missing."""
    for key in ("first_name", "last_name", "phone", "birth_date"):
        if getattr(customer, key) in (None, "") and clean.get(key) not in (None, ""):
            setattr(customer, key, clean[key])
    if clean.get("marketing_consent") and not customer.marketing_consent:
        customer.marketing_consent = True


def unique_card_number(session: Session) -> str:
    while True:
        number = cards.new_card_number()
        taken = session.exec(
            select(sa.func.count()).select_from(LoyaltyCard).where(LoyaltyCard.card_number == number)
        ).one()
        if not taken:
            return number
