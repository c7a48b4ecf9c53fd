"""Add stamps (cooldown, daily cap, cross-location) and redeem the stamp reward."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction, Merchant, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.context import Actor, StaffIdentity, clock
from loyalty_app.services.events import CardChanged, RewardReady
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.ledger.operations import prepare


@dataclass
class StampResult:
    transaction: LoyaltyTransaction
    card: LoyaltyCard
    reward_ready: bool


def _live_stamps(card_id: int):
    voided = sa.select(LoyaltyTransaction.voided_transaction_id).where(
        LoyaltyTransaction.card_id == card_id, LoyaltyTransaction.voided_transaction_id.is_not(None)
    )
    return (
        LoyaltyTransaction.card_id == card_id,
        LoyaltyTransaction.type == TxType.STAMP_EARNED,
        LoyaltyTransaction.id.not_in(voided),
    )


def start_of_local_day(now: datetime, tz_name: str) -> datetime:
    tz = ZoneInfo(tz_name)
    local = now.astimezone(tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)


def add_stamp(
    session: Session,
    store_code: str,
    card_ref: str,
    actor: Actor,
    *,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> StampResult:
    now = clock(now)
    op = prepare(session, store_code, card_ref, actor, now, staff_pin, shift_staff, needs="stamps")
    card, program = op.card, op.program
    last = session.exec(select(sa.func.max(LoyaltyTransaction.created_at)).where(*_live_stamps(card.id))).one()
    if last is not None and program.cooldown_minutes:
        ready_at = last + timedelta(minutes=program.cooldown_minutes)
        if ready_at > now:
            session.rollback()
            raise errors.CooldownActive(retry_after_seconds=math.ceil((ready_at - now).total_seconds()))
    merchant = session.get(Merchant, card.merchant_id)
    day_start = start_of_local_day(now, merchant.timezone)
    today = session.exec(
        select(sa.func.count())
        .select_from(LoyaltyTransaction)
        .where(*_live_stamps(card.id), LoyaltyTransaction.created_at >= day_start)
    ).one()
    if today >= program.max_stamps_per_day:
        session.rollback()
        raise errors.DailyLimitReached(max_stamps_per_day=program.max_stamps_per_day)
    before = card.stamp_count
    tx = ledger.append(
        session,
        card,
        type=TxType.STAMP_EARNED,
        stamps_delta=1,
        now=now,
        actor=actor,
        store_id=op.store.id,
        staff=op.staff,
        reason=notes,
    )
    if before < program.stamps_target <= card.stamp_count:
        effects.emit(session, RewardReady(card.id))
    effects.emit(session, CardChanged(card.id, tx.id, op.store.id))
    session.commit()
    return StampResult(transaction=tx, card=card, reward_ready=card.stamp_count >= program.stamps_target)


def redeem_stamps(
    session: Session,
    store_code: str,
    card_ref: str,
    actor: Actor,
    *,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> tuple[LoyaltyTransaction, LoyaltyCard]:
    now = clock(now)
    op = prepare(session, store_code, card_ref, actor, now, staff_pin, shift_staff, needs="stamps")
    card, program = op.card, op.program
    if card.stamp_count < program.stamps_target:
        session.rollback()
        raise errors.InsufficientStamps(stamp_count=card.stamp_count, stamps_target=program.stamps_target)
    tx = ledger.append(
        session,
        card,
        type=TxType.STAMP_REDEEMED,
        stamps_delta=-program.stamps_target,
        now=now,
        actor=actor,
        store_id=op.store.id,
        staff=op.staff,
        reward_name=program.stamps_reward_description or None,
        reason=notes,
    )
    effects.emit(session, CardChanged(card.id, tx.id, op.store.id))
    session.commit()
    return tx, card
