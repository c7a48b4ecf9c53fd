"""What a customer sees: the store's program before joining, and their own card after."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import LoyaltyCard, LoyaltyProgram, LoyaltyTransaction, Merchant, Store
from loyalty_app.models.public import MerchantName, ProgramForCustomers, RewardPublic, StorefrontPublic, StoreRef
from loyalty_app.services.cards import cards

HISTORY_PAGE_SIZE = 10


@dataclass
class Storefront:
    store: Store
    merchant: Merchant
    program: LoyaltyProgram
    locations: list[Store] = field(default_factory=list)


def storefront(session: Session, store_code: str) -> Storefront:
    """The store, its merchant and program, and every active store of the merchant; StoreNotFound else."""
    store = cards.get_store(session, store_code)
    program = cards.get_program(session, store.merchant_id)
    locations = list(
        session.exec(
            select(Store)
            .where(Store.merchant_id == store.merchant_id, Store.is_active.is_(True), Store.deleted_at.is_(None))
            .order_by(Store.name)
        )
    )
    return Storefront(store, session.get(Merchant, store.merchant_id), program, locations)


def for_customers(front: Storefront) -> StorefrontPublic:
    """What a customer sees before joining: no wallet ids, no anti-fraud settings."""
    program = front.program
    return StorefrontPublic(
        store=StoreRef.model_validate(front.store),
        merchant=MerchantName(name=front.merchant.name),
        program=ProgramForCustomers.model_validate(
            {
                **program.model_dump(),
                "rewards": [RewardPublic.model_validate(r) for r in program.rewards or []],
            }
        ),
    )


def card_for_customer(session: Session, store: Store, program: LoyaltyProgram, customer_id: int) -> LoyaltyCard | None:
    """The customer's card that this store serves: the merchant's card (cross-location) or this store's own."""
    stmt = select(LoyaltyCard).where(
        LoyaltyCard.program_id == program.id,
        LoyaltyCard.customer_id == customer_id,
        LoyaltyCard.deleted_at.is_(None),
    )
    if not program.cross_location:
        stmt = stmt.where(LoyaltyCard.enrolled_store_id == store.id)
    return session.exec(stmt.order_by(LoyaltyCard.id)).first()


@dataclass
class RewardProgress:
    id: str
    name: str
    points_cost: int
    points_to_go: int  # 0: the balance covers it


@dataclass
class NextReward:
    kind: str  # stamps | points
    name: str
    missing: int  # stamps or points still needed; 0: ready now


def reward_progress(program: LoyaltyProgram, card: LoyaltyCard | None) -> list[RewardProgress]:
    """The catalog, cheapest first, with the points each reward still needs (a whole catalog before joining)."""
    balance = card.points_balance if card else 0
    rewards = sorted(program.rewards or [], key=lambda r: (r["points_cost"], r["name"]))
    return [RewardProgress(r["id"], r["name"], r["points_cost"], max(r["points_cost"] - balance, 0)) for r in rewards]


def next_rewards(program: LoyaltyProgram, card: LoyaltyCard) -> list[NextReward]:
    """The stamp reward and the next points reward within reach (the dearest one ready when all are)."""
    found = []
    if program.collects_stamps:
        found.append(
            NextReward("stamps", program.stamps_reward_description, max(program.stamps_target - card.stamp_count, 0))
        )
    if program.collects_points:
        progress = reward_progress(program, card)
        pending = [r for r in progress if r.points_to_go > 0]
        pick = pending[0] if pending else (progress[-1] if progress else None)
        if pick is not None:
            found.append(NextReward("points", pick.name, pick.points_to_go))
    return found


@dataclass
class HistoryPage:
    rows: list[LoyaltyTransaction]
    store_names: dict[int, str]
    page: int
    pages: int
    total: int


def history_page(session: Session, card: LoyaltyCard, page: int = 1, page_size: int = HISTORY_PAGE_SIZE) -> HistoryPage:
    """One page of the card's ledger, newest first; the page number is clamped to what exists."""
    where = LoyaltyTransaction.card_id == card.id
    total = session.exec(select(sa.func.count()).select_from(LoyaltyTransaction).where(where)).one()
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    rows = list(
        session.exec(
            select(LoyaltyTransaction)
            .where(where)
            .order_by(LoyaltyTransaction.created_at.desc(), LoyaltyTransaction.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    ids = {r.store_id for r in rows if r.store_id}
    names = {s.id: s.name for s in session.exec(select(Store).where(Store.id.in_(ids)))} if ids else {}
    return HistoryPage(rows, names, page, pages, total)


def _luminance(colour: str) -> float | None:
    value = (colour or "").lstrip("#")
    if len(value) != 6:
        return None
    try:
        channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    except ValueError:
        return None
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_text_color(background: str) -> str:
    """Near-black or white, whichever contrasts more with a #RRGGBB brand colour (WCAG relative luminance)."""
    luminance = _luminance(background)
    if luminance is None:
        return "#FFFFFF"
    dark = (luminance + 0.05) / (0.0056 + 0.05)  # #111111
    light = 1.05 / (luminance + 0.05)
    return "#111111" if dark > light else "#FFFFFF"


def accent_text_color(brand: str) -> str:
    """The brand colour for links and text on white, or near-black when it is too light.

    5.5:1 on white rather than AA's 4.5:1, so it still passes on the brand's light tint (soft buttons).
    """
    luminance = _luminance(brand)
    return brand if luminance is not None and 1.05 / (luminance + 0.05) >= 5.5 else "#111111"
