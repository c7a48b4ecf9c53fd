"""The store terminal: who may open it, the card panel, the store's feed, and one entry for every action."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, LoyaltyCard, LoyaltyTransaction, Merchant, Store
from loyalty_app.services import errors
from loyalty_app.services.cards import cards
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.ledger import points, stamps, voids
from loyalty_app.services.ledger.operations import authorize_store
from loyalty_app.services.staff import pins

HISTORY_LENGTH = 8
FEED_LENGTH = 12


@dataclass(frozen=True)
class Terminal:
    store_id: int
    store_code: str
    store_name: str
    merchant_name: str
    merchant_locale: str
    timezone: str
    loyalty_type: str
    pin_required: bool
    pin_mode: str
    pin_shift_idle_minutes: int
    stamps_target: int
    stamps_reward: str
    min_purchase_cents: int
    rewards: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class CardPanel:
    card_number: str
    customer_name: str
    is_active: bool
    stamp_count: int
    stamps_target: int
    points_balance: int
    enrolled_store_name: str
    usable_here: bool
    reward_ready: bool
    rewards: list[dict]
    history: list[LoyaltyTransaction]
    voided_ids: set[int]


@dataclass(frozen=True)
class ActionOutcome:
    transaction: LoyaltyTransaction
    staff: StaffIdentity | None
    panel: CardPanel


def open_terminal(session: Session, store_code: str, actor: Actor) -> Terminal:
    """The terminal of a store, for its staff, its merchant's owner and platform admins only."""
    store = cards.get_store(session, store_code)
    if actor.role == "system":
        raise errors.PermissionDenied()
    authorize_store(actor, store)
    program = cards.get_program(session, store.merchant_id)
    merchant = session.get(Merchant, store.merchant_id)
    return Terminal(
        store_id=store.id,
        store_code=store.code,
        store_name=store.name,
        merchant_name=merchant.name,
        merchant_locale=merchant.default_locale,
        timezone=merchant.timezone,
        loyalty_type=program.loyalty_type,
        pin_required=program.pin_required,
        pin_mode=program.pin_mode,
        pin_shift_idle_minutes=program.pin_shift_idle_minutes,
        stamps_target=program.stamps_target,
        stamps_reward=program.stamps_reward_description,
        min_purchase_cents=program.min_purchase_cents,
        rewards=[dict(r) for r in program.rewards or []],
    )


def card_panel(session: Session, store_code: str, card_ref: str, actor: Actor) -> CardPanel:
    """What the counter sees about a card: owner, balances, rewards now, recent history, home store."""
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    program = cards.get_program(session, store.merchant_id)
    card = cards.find_card(session, store.merchant_id, card_ref, store_id=store.id)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    history = list(
        session.exec(
            select(LoyaltyTransaction)
            .where(LoyaltyTransaction.card_id == card.id)
            .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc())
            .limit(HISTORY_LENGTH)
        )
    )
    usable = card.is_active and (program.cross_location or card.enrolled_store_id == store.id)
    rewards = (
        [
            {
                "id": r["id"],
                "name": r["name"],
                "points_cost": int(r["points_cost"]),
                "available": usable and card.points_balance >= int(r["points_cost"]),
            }
            for r in program.rewards or []
        ]
        if program.collects_points
        else []
    )
    name = " ".join(p for p in ((customer.first_name, customer.last_name) if customer else ()) if p)
    return CardPanel(
        card_number=card.card_number,
        customer_name=name,
        is_active=card.is_active,
        stamp_count=card.stamp_count,
        stamps_target=program.stamps_target,
        points_balance=card.points_balance,
        enrolled_store_name=session.get(Store, card.enrolled_store_id).name,
        usable_here=usable,
        reward_ready=usable and program.collects_stamps and card.stamp_count >= program.stamps_target,
        rewards=rewards,
        history=history,
        voided_ids=set(voids.voided_by_ids(session, [t.id for t in history])),
    )


def is_voidable(tx: LoyaltyTransaction, voided_ids: set[int]) -> bool:
    return tx.type in ledger.VOID_TYPE and tx.id not in voided_ids


def feed(session: Session, store_id: int, limit: int = FEED_LENGTH) -> list[tuple[LoyaltyTransaction, str]]:
    """The store's latest ledger rows, newest first, each with its card number."""
    rows = session.exec(
        select(LoyaltyTransaction, LoyaltyCard.card_number)
        .join(LoyaltyCard, LoyaltyCard.id == LoyaltyTransaction.card_id)
        .where(LoyaltyTransaction.store_id == store_id)
        .order_by(LoyaltyTransaction.id.desc())
        .limit(limit)
    )
    return [(tx, number) for tx, number in rows]


def recent_changes(session: Session, since_id: int) -> list[tuple[int, int | None]]:
    """(id, store_id) of ledger rows above an id: how a watcher learns what any process committed."""
    return list(
        session.exec(
            select(LoyaltyTransaction.id, LoyaltyTransaction.store_id)
            .where(LoyaltyTransaction.id > since_id)
            .order_by(LoyaltyTransaction.id)
        )
    )


def last_transaction_id(session: Session) -> int:
    return session.exec(select(sa.func.coalesce(sa.func.max(LoyaltyTransaction.id), 0))).one()


def parse_amount_cents(text: str) -> int:
    """'12.50', '12,50' or '12' euros as integer cents."""
    raw = (text or "").strip().replace(" ", "").replace("€", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise errors.ValidationFailed({"purchase_amount_cents": "invalid_amount"}) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise errors.ValidationFailed({"purchase_amount_cents": "invalid_amount"})
    return int(value * 100)


def start_shift(
    session: Session, store_code: str, pin: str, actor: Actor, now: datetime | None = None
) -> StaffIdentity:
    """'PIN per shift': check the PIN once; the terminal then acts for this staff member until idle."""
    store = cards.get_store(session, store_code)
    authorize_store(actor, store)
    staff = pins.verify_pin(session, store, pin, now)
    session.commit()
    return staff


def run_action(
    session: Session,
    store_code: str,
    actor: Actor,
    action: str,
    card_ref: str,
    *,
    amount_cents: int | None = None,
    reward_id: str | None = None,
    transaction_id: int | None = None,
    staff_pin: str | None = None,
    shift_staff: StaffIdentity | None = None,
) -> ActionOutcome:
    """Run one counter action through its service, then re-read the card panel."""
    signed = {"staff_pin": staff_pin, "shift_staff": shift_staff}
    if action == "stamp":
        tx = stamps.add_stamp(session, store_code, card_ref, actor, **signed).transaction
    elif action == "redeem_stamps":
        tx, _ = stamps.redeem_stamps(session, store_code, card_ref, actor, **signed)
    elif action == "earn":
        tx = points.earn_points(session, store_code, card_ref, amount_cents, actor, **signed).transaction
    elif action == "redeem_reward":
        tx, _ = points.redeem_reward(session, store_code, card_ref, reward_id, actor, **signed)
    elif action == "void":
        tx, _ = voids.void_transaction(session, store_code, transaction_id, actor, **signed)
    else:
        raise errors.ValidationFailed({"action": "invalid_choice"})
    staff = StaffIdentity(pin_id=tx.staff_pin_id, name=tx.staff_name) if tx.staff_pin_id else None
    return ActionOutcome(transaction=tx, staff=staff, panel=card_panel(session, store_code, card_ref, actor))
