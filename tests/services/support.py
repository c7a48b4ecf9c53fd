"""Helpers shared by the service tests: a fixed clock, enrollment shortcuts, the ledger invariant."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from loyalty_app.demo import PINS
from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.cards.enrollment import EnrollmentForm, EnrollmentResult, enroll
from loyalty_app.services.ledger import stamps
from loyalty_app.services.ledger.journal import find_mismatches

# 11:00 in Luxembourg (UTC+1 in winter): far from any day boundary.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
PIN = PINS  # the demo staff PIN of each store


def form(email: str = "ada@example.com", first_name: str = "Ada", **fields) -> EnrollmentForm:
    return EnrollmentForm(email=email, first_name=first_name, accept_terms=fields.pop("accept_terms", True), **fields)


def join(
    session: Session, store_code: str, email: str = "ada@example.com", now: datetime = NOW, **fields
) -> EnrollmentResult:
    return enroll(session, store_code, form(email, **fields), now=now)


def assert_ledger_balanced(session: Session) -> None:
    """The house invariant: every card's cached balances equal its ledger sums."""
    assert find_mismatches(session) == []


def reload(session: Session, card: LoyaltyCard) -> LoyaltyCard:
    session.expire_all()
    return session.get(LoyaltyCard, card.id)


def rows(session: Session, card: LoyaltyCard, type: str | None = None) -> list[LoyaltyTransaction]:
    stmt = select(LoyaltyTransaction).where(LoyaltyTransaction.card_id == card.id)
    if type:
        stmt = stmt.where(LoyaltyTransaction.type == type)
    return list(session.exec(stmt.order_by(LoyaltyTransaction.id)))


def visit_times(count: int, start: datetime = NOW, per_day: int = 5, gap_minutes: int = 20) -> list[datetime]:
    """Stamp times that respect the demo's cooldown (15 min) and daily cap (5)."""
    return [start + timedelta(days=i // per_day, minutes=(i % per_day) * gap_minutes) for i in range(count)]


def collect_stamps(
    session: Session, card: LoyaltyCard, actor, count: int, start: datetime = NOW, store_code: str = "lumiere-centre"
) -> list[stamps.StampResult]:
    return [
        stamps.add_stamp(session, store_code, card.card_number, actor, staff_pin=PIN[store_code], now=at)
        for at in visit_times(count, start)
    ]
