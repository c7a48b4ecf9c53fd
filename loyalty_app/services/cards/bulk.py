"""Bulk actions on many cards: deactivate with a reason, bonus points. Each card is locked and logged."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from loyalty_app.db import lock_card
from loyalty_app.models import LoyaltyCard, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, clock, require_manager
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import journal as ledger

MAX_BONUS = 100_000
CHUNK = 500

# Called after each committed chunk with (cards handled so far, cards in all); it may write and commit.
Progress = Callable[[int, int], None]


@dataclass
class BulkResult:
    done: int = 0
    skipped: dict[int, str] = field(default_factory=dict)


def _merchant_card_ids(session: Session, merchant_id: int, card_ids: list[int]) -> list[int]:
    found = set(
        session.exec(
            select(LoyaltyCard.id).where(
                LoyaltyCard.merchant_id == merchant_id, LoyaltyCard.id.in_(card_ids), LoyaltyCard.deleted_at.is_(None)
            )
        )
    )
    return [cid for cid in dict.fromkeys(card_ids) if cid in found]


def _each_active_card(
    session: Session, merchant_id: int, card_ids: list[int], apply, progress: Progress | None = None
) -> BulkResult:
    """Lock and change each active card of the merchant, committing in chunks; report the rest as skipped."""
    result = BulkResult()
    ids = _merchant_card_ids(session, merchant_id, card_ids)
    for unknown in set(card_ids) - set(ids):
        result.skipped[unknown] = "CARD_NOT_FOUND"
    for start in range(0, len(ids), CHUNK):
        for card_id in ids[start : start + CHUNK]:
            card = lock_card(session, card_id)
            if not card.is_active:
                result.skipped[card_id] = "CARD_INACTIVE"
                continue
            tx = apply(card)
            effects.emit(session, CardChanged(card.id, tx.id))
            result.done += 1
        session.commit()
        if progress is not None:
            total = len(set(card_ids))
            progress(total - len(ids) + min(start + CHUNK, len(ids)), total)
    return result


def _checked_reason(reason: str | None, problems: dict) -> str:
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        problems["reason"] = "required" if not reason else "too_long"
    return reason


def checked_deactivate(reason: str | None) -> str:
    """The reason as it will be recorded, or ValidationFailed: checked before a job is queued, and again in it."""
    problems: dict[str, str] = {}
    reason = _checked_reason(reason, problems)
    if problems:
        raise errors.ValidationFailed(problems)
    return reason


def checked_bonus(points, reason: str | None) -> tuple[int, str]:
    problems: dict[str, str] = {}
    if not isinstance(points, int) or isinstance(points, bool) or not 0 < points <= MAX_BONUS:
        problems["points"] = "out_of_range"
    reason = _checked_reason(reason, problems)
    if problems:
        raise errors.ValidationFailed(problems)
    return points, reason


def bulk_deactivate(
    session: Session,
    merchant_id: int,
    card_ids: list[int],
    reason: str,
    actor: Actor,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> BulkResult:
    require_manager(actor, merchant_id)
    reason = checked_deactivate(reason)
    now = clock(now)

    def deactivate(card: LoyaltyCard):
        card.is_active = False
        card.deactivated_reason = reason
        card.wallet_version += 1
        return ledger.append(
            session, card, type=TxType.CARD_DEACTIVATED, now=now, actor=actor, reason=reason, touches_activity=False
        )

    result = _each_active_card(session, merchant_id, card_ids, deactivate, progress)
    audit.record(
        session,
        actor,
        "cards.bulk_deactivate",
        None,
        None,
        {"cards": result.done, "reason": reason},
        merchant_id=merchant_id,
        entity_type="LoyaltyCard",
    )
    session.commit()
    return result


def bulk_bonus(
    session: Session,
    merchant_id: int,
    card_ids: list[int],
    points: int,
    reason: str,
    actor: Actor,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> BulkResult:
    """Give bonus points (an admin_adjustment row per card), firing each card's notifications."""
    require_manager(actor, merchant_id)
    points, reason = checked_bonus(points, reason)
    now = clock(now)
    result = _each_active_card(
        session,
        merchant_id,
        card_ids,
        lambda card: ledger.append(
            session, card, type=TxType.ADMIN_ADJUSTMENT, points_delta=points, now=now, actor=actor, reason=reason
        ),
        progress,
    )
    audit.record(
        session,
        actor,
        "cards.bulk_bonus",
        None,
        None,
        {"cards": result.done, "points": points, "reason": reason},
        merchant_id=merchant_id,
        entity_type="LoyaltyCard",
    )
    session.commit()
    return result
