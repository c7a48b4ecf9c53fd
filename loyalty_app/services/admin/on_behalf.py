"""What an admin acting on behalf of a merchant reads: the cards to act on, and the rows they wrote."""

import re

from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.cards.cards import CARD_NUMBER_DIGITS, normalize_card_number


def card_ids_for_numbers(session: Session, merchant_id: int, text: str) -> tuple[list[int], list[str]]:
    """Card numbers typed or pasted (any separators) -> (the merchant's live card ids, the numbers not found)."""
    numbers = list(dict.fromkeys(_split_numbers(text)))
    found = (
        dict(
            session.exec(
                select(LoyaltyCard.card_number, LoyaltyCard.id).where(
                    LoyaltyCard.merchant_id == merchant_id,
                    LoyaltyCard.deleted_at.is_(None),
                    LoyaltyCard.card_number.in_(numbers),
                )
            ).all()
        )
        if numbers
        else {}
    )
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def _split_numbers(text: str) -> list[str]:
    """Lines, commas or semicolons separate numbers; spaces may sit inside one ('1234 5678 9012') or between."""
    out = []
    for piece in re.split(r"[\n,;]+", text or ""):
        digits = normalize_card_number(piece)
        if digits.isdigit() and len(digits) % CARD_NUMBER_DIGITS == 0:
            out += [digits[i : i + CARD_NUMBER_DIGITS] for i in range(0, len(digits), CARD_NUMBER_DIGITS)]
        elif digits:
            out.append(digits)
    return out


def active_card_ids(session: Session, merchant_id: int) -> list[int]:
    """Every live, active card of the merchant: the target of 'all cards' on the act-on-behalf page."""
    return list(
        session.exec(
            select(LoyaltyCard.id)
            .where(
                LoyaltyCard.merchant_id == merchant_id,
                LoyaltyCard.deleted_at.is_(None),
                LoyaltyCard.is_active.is_(True),
            )
            .order_by(LoyaltyCard.id)
        )
    )


def rows_on_behalf(session: Session, merchant_id: int, admin_id: int, limit: int = 20) -> list[dict]:
    """The latest ledger rows an admin wrote for a merchant, with the card number: proof of who acted."""
    rows = session.exec(
        select(LoyaltyTransaction, LoyaltyCard.card_number)
        .join(LoyaltyCard, LoyaltyCard.id == LoyaltyTransaction.card_id)
        .where(LoyaltyTransaction.merchant_id == merchant_id, LoyaltyTransaction.acting_admin_id == admin_id)
        .order_by(LoyaltyTransaction.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": tx.id,
            "created_at": tx.created_at,
            "card_number": number,
            "type": tx.type,
            "stamps_delta": tx.stamps_delta,
            "points_delta": tx.points_delta,
            "reason": tx.reason,
            "acting_admin_id": tx.acting_admin_id,
        }
        for tx, number in rows
    ]
