"""Point expiry: after N days without activity a card's points expire, with a warning 14 days before.

Expiry is set-based and chunked: this module decides which cards are due and when, and the
ledger (`journal.expire_points`) writes one `points_expired` row per card (points_delta =
-balance) and zeroes the balance in the same transaction, so the cached balance always equals
the ledger sum. On PostgreSQL a chunk is one statement that picks its cards with FOR UPDATE SKIP
LOCKED, so two workers split the cards between them and a card being stamped right now is left
for the next run; on SQLite the whole chunk runs under the BEGIN IMMEDIATE write lock.
Re-running is safe: an expired card has a zero balance and is not picked again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, EmailLog, LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, TxType
from loyalty_app.services.context import clock
from loyalty_app.services.ledger import journal

WARNING_DAYS = 14
EXPIRED_NOTICE_WINDOW = timedelta(days=7)
CHUNK_SIZE = 10_000
REASON = "Points expired after {days} days without activity"

C, T = LoyaltyCard, LoyaltyTransaction


@dataclass
class ExpiryRun:
    cards: int = 0
    points: int = 0
    chunks: int = 0


def cycle_start(card: LoyaltyCard) -> datetime:
    """Activity starts a new cycle: the expiry clock counts from the last activity."""
    return card.last_activity_at or card.created_at


def expires_at(card: LoyaltyCard, program: LoyaltyProgram) -> datetime | None:
    if not program.points_expiry_days:
        return None
    return cycle_start(card) + timedelta(days=program.points_expiry_days)


def warning_due(card: LoyaltyCard, program: LoyaltyProgram, now: datetime) -> bool:
    """Within 14 days of expiry, with points, and not yet warned in this cycle."""
    end = expires_at(card, program)
    if end is None or program.points_expiry_days <= WARNING_DAYS or card.points_balance <= 0:
        return False
    if card.expiry_warning_sent_at is not None and card.expiry_warning_sent_at >= cycle_start(card):
        return False
    return end - timedelta(days=WARNING_DAYS) <= now < end


def _programs_with_expiry(session: Session, min_days: int = 1) -> list[tuple[int, int]]:
    return list(
        session.exec(
            select(LoyaltyProgram.id, LoyaltyProgram.points_expiry_days)
            .join(Merchant, Merchant.id == LoyaltyProgram.merchant_id)
            .where(
                LoyaltyProgram.points_expiry_days.is_not(None),
                LoyaltyProgram.points_expiry_days >= min_days,
                LoyaltyProgram.deleted_at.is_(None),
                Merchant.deleted_at.is_(None),
            )
            .order_by(LoyaltyProgram.id)
        ).all()
    )


def _due_for_expiry(program_id: int, cutoff: datetime, after: int, chunk: int) -> sa.Select:
    """The next chunk of active cards with points whose last activity is at or before the cutoff."""
    return (
        select(C.id, C.merchant_id, C.program_id, C.points_balance)
        .where(
            C.program_id == program_id,
            C.id > after,
            C.points_balance > 0,
            C.is_active.is_(True),
            C.deleted_at.is_(None),
            sa.func.coalesce(C.last_activity_at, C.created_at) <= cutoff,
        )
        .order_by(C.id)
        .limit(chunk)
    )


def expire_points(session: Session, now: datetime | None = None, chunk_size: int = CHUNK_SIZE) -> ExpiryRun:
    """Expire every card inactive past its program's expiry; one commit per chunk."""
    now = clock(now)
    run = ExpiryRun()
    for program_id, days in _programs_with_expiry(session):
        cutoff, reason, after = now - timedelta(days=days), REASON.format(days=days), 0
        session.commit()
        while True:
            due = _due_for_expiry(program_id, cutoff, after, chunk_size)
            count, points, last_id = journal.expire_points(session, due, now=now, reason=reason)
            session.commit()
            if not count:
                break
            run.cards, run.points, run.chunks, after = run.cards + count, run.points + points, run.chunks + 1, last_id
    return run


def _has_recipient():
    return (Customer.email.is_not(None), Customer.anonymized_at.is_(None))


def warnings_due(session: Session, now: datetime | None = None) -> list[tuple[int, datetime]]:
    """(card id, cycle start) of cards entering the 14-day window, not yet warned this cycle."""
    now = clock(now)
    due = []
    start = sa.func.coalesce(C.last_activity_at, C.created_at)
    for program_id, days in _programs_with_expiry(session, min_days=WARNING_DAYS + 1):
        rows = session.execute(
            select(C.id, start)
            .join(Customer, Customer.id == C.customer_id)
            .where(
                C.program_id == program_id,
                C.points_balance > 0,
                C.is_active.is_(True),
                C.deleted_at.is_(None),
                start > now - timedelta(days=days),
                start <= now - timedelta(days=days - WARNING_DAYS),
                sa.or_(C.expiry_warning_sent_at.is_(None), C.expiry_warning_sent_at < start),
                *_has_recipient(),
            )
            .order_by(C.id)
        ).all()
        due.extend((card_id, started) for card_id, started in rows)
    return due


def expired_notices_due(session: Session, now: datetime | None = None) -> list[tuple[int, int]]:
    """(card id, ledger row id) of recent expiries whose customer has no expired email yet."""
    now = clock(now)
    notified = (
        select(EmailLog.id)
        .where(
            EmailLog.card_id == T.card_id,
            EmailLog.template_code == "loyalty_points_expired",
            EmailLog.created_at >= T.created_at,
        )
        .exists()
    )
    return [
        tuple(row)
        for row in session.execute(
            select(T.card_id, T.id)
            .join(C, C.id == T.card_id)
            .join(Customer, Customer.id == C.customer_id)
            .where(
                T.type == TxType.POINTS_EXPIRED,
                T.created_at >= now - EXPIRED_NOTICE_WINDOW,
                C.is_active.is_(True),
                C.deleted_at.is_(None),
                ~notified,
                *_has_recipient(),
            )
            .order_by(T.id)
        ).all()
    ]
