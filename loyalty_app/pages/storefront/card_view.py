"""A customer's card as the storefront shows it: number, QR, progress, next rewards, wallets, where it works."""

import base64
import dataclasses

from sqlmodel import Session

from loyalty_app.services.cards import cards, qr, storefront
from loyalty_app.services.cards.enrollment import EnrollmentResult, locations_for
from loyalty_app.services.wallet import passes as wallet_passes

from ...i18n import formats
from ...models import Customer, LoyaltyCard, LoyaltyProgram, Merchant, Store

MAX_DOTS = 50


@dataclasses.dataclass
class NextLine:
    key: str = ""  # the catalog key for this count: ready, one, or many
    reward: str = ""
    missing: int = 0
    count: str = ""


@dataclasses.dataclass
class RewardRow:
    id: str = ""
    name: str = ""
    cost_points: int = 0
    to_go_points: int = 0
    cost: str = ""
    to_go: str = ""
    status_key: str = ""


@dataclasses.dataclass
class CardView:
    first_name: str = ""
    card_number: str = ""
    qr_src: str = ""
    loyalty_type: str = ""
    stamp_count: int = 0
    stamps_target: int = 0
    dots: list[bool] = dataclasses.field(default_factory=list)
    points: int = 0
    points_text: str = ""
    is_active: bool = True
    already_enrolled: bool = False
    cross_location: bool = True
    store_name: str = ""
    merchant_name: str = ""
    locations: list[str] = dataclasses.field(default_factory=list)
    google_url: str = ""
    apple_url: str = ""
    next: list[NextLine] = dataclasses.field(default_factory=list)
    rewards: list[RewardRow] = dataclasses.field(default_factory=list)

    def relocalized(self, locale: str) -> "CardView":
        """The same card with its numbers written for another language."""
        return dataclasses.replace(
            self,
            points_text=formats.number(self.points, locale),
            next=[dataclasses.replace(n, count=formats.number(n.missing, locale)) for n in self.next],
            rewards=[
                dataclasses.replace(
                    r, cost=formats.number(r.cost_points, locale), to_go=formats.number(r.to_go_points, locale)
                )
                for r in self.rewards
            ],
        )


def _count_key(prefix: str, missing: int) -> str:
    return f"{prefix}_ready" if missing <= 0 else f"{prefix}_one" if missing == 1 else f"{prefix}_many"


def build(
    session: Session,
    card: LoyaltyCard,
    locale: str,
    *,
    already_enrolled: bool = False,
    locations: list[Store] | None = None,
) -> CardView:
    program = session.get(LoyaltyProgram, card.program_id)
    store = session.get(Store, card.enrolled_store_id)
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    links = wallet_passes.wallet_links(card)
    view = CardView(
        first_name=(customer.first_name or "") if customer else "",
        card_number=cards.format_card_number(card.card_number),
        qr_src="data:image/png;base64," + base64.b64encode(qr.card_qr_png(card.qr_token)).decode(),
        loyalty_type=program.loyalty_type,
        stamp_count=card.stamp_count,
        stamps_target=program.stamps_target,
        dots=[i < card.stamp_count for i in range(min(program.stamps_target, MAX_DOTS))],
        points=card.points_balance,
        is_active=card.is_active,
        already_enrolled=already_enrolled,
        cross_location=program.cross_location,
        store_name=store.name,
        merchant_name=session.get(Merchant, card.merchant_id).name,
        locations=[s.name for s in (locations if locations is not None else locations_for(session, program, card))],
        google_url=links.get("google_save_url") or "",
        apple_url=links.get("apple_pass_url") or "",
        next=[
            NextLine(_count_key(f"storefront.next.{n.kind}", n.missing), n.name, n.missing)
            for n in storefront.next_rewards(program, card)
        ],
        rewards=[
            RewardRow(
                r.id,
                r.name,
                r.points_cost,
                r.points_to_go,
                status_key=_count_key("storefront.rewards.to_go", r.points_to_go),
            )
            for r in storefront.reward_progress(program, card)
        ]
        if program.collects_points
        else [],
    )
    return view.relocalized(locale)


def card_view(session: Session, result: EnrollmentResult, locale: str) -> CardView:
    """The success view of an enrollment: the new card, or for a member the stores where theirs works."""
    view = build(session, result.card, locale, already_enrolled=result.already_enrolled, locations=result.locations)
    if result.already_enrolled:
        # Whoever typed the email is not known to own the card: no number, no QR, no balance here.
        view = CardView(
            first_name="",
            already_enrolled=True,
            cross_location=view.cross_location,
            store_name=view.store_name,
            merchant_name=view.merchant_name,
            locations=view.locations,
            loyalty_type=view.loyalty_type,
        )
    return view
