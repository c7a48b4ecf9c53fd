"""The store a storefront page is about: its program as the merchant branded it, or 'missing' (404)."""

import dataclasses

import reflex as rx

from loyalty_app.services import errors
from loyalty_app.services.cards import storefront

from ...db import new_session
from ...i18n import formats, negotiate, normalize_locale
from ...state.i18n import I18nState


@dataclasses.dataclass
class RewardLine:
    id: str = ""
    name: str = ""
    cost: str = ""


@dataclasses.dataclass
class Brand:
    """Everything the page shows before anyone signs in: plain values, formatted per locale later."""

    store_code: str = ""
    store_name: str = ""
    descriptions: dict[str, str] = dataclasses.field(default_factory=dict)
    merchant_name: str = ""
    default_locale: str = "en"
    card_name: str = ""
    card_color: str = "#4F46E5"
    text_color: str = "#FFFFFF"
    accent_text: str = "#4338CA"
    logo_url: str = ""
    collects_stamps: bool = True
    collects_points: bool = False
    stamps_target: int = 0
    stamps_reward: str = ""
    points_per_euro: float = 0.0
    min_purchase_cents: int = 0
    welcome_bonus: int = 0
    rewards: list[dict] = dataclasses.field(default_factory=list)
    cross_location: bool = True
    locations: list[str] = dataclasses.field(default_factory=list)
    terms_text: str = ""
    terms_url: str = ""


def load_brand(store_code: str) -> Brand:
    """Blocking (a few queries): call through rx.run_in_thread. Raises StoreNotFound / ProgramNotFound."""
    with new_session() as session:
        front = storefront.storefront(session, store_code)
    store, program = front.store, front.program
    return Brand(
        store_code=store.code,
        store_name=store.name,
        descriptions=dict(store.description or {}),
        merchant_name=front.merchant.name,
        default_locale=front.merchant.default_locale,
        card_name=program.card_name,
        card_color=program.card_color,
        text_color=storefront.readable_text_color(program.card_color),
        accent_text=storefront.accent_text_color(program.card_color),
        logo_url=program.logo_url or "",
        collects_stamps=program.collects_stamps,
        collects_points=program.collects_points,
        stamps_target=program.stamps_target,
        stamps_reward=program.stamps_reward_description,
        points_per_euro=program.points_per_euro,
        min_purchase_cents=program.min_purchase_cents,
        welcome_bonus=program.welcome_bonus_points,
        rewards=[dataclasses.asdict(r) for r in storefront.reward_progress(program, None)],
        cross_location=program.cross_location,
        locations=[s.name for s in front.locations],
        terms_text=program.terms_text or "",
        terms_url=program.terms_url or "",
    )


class StoreState(rx.State):
    status: str = "loading"  # loading | ready | missing
    brand: Brand = Brand()
    locale_seen: str = ""
    rate_text: str = ""
    minimum_text: str = ""
    welcome_text: str = ""
    reward_lines: list[RewardLine] = []

    @rx.var(cache=True)
    def has_stamps(self) -> bool:
        return self.brand.collects_stamps

    @rx.var(cache=True)
    def has_points(self) -> bool:
        return self.brand.collects_points

    @rx.var(cache=True)
    def theme(self) -> dict[str, str]:
        """The merchant's colour as the page's accent (buttons, stamps, focus), text kept readable."""
        b = self.brand
        return {
            "--accent-9": b.card_color,
            "--accent-10": b.card_color,
            "--accent-contrast": b.text_color,
            "--accent-11": b.accent_text,
            "--accent-8": b.card_color,
            "--accent-3": f"color-mix(in srgb, {b.card_color} 12%, white)",
            "--accent-4": f"color-mix(in srgb, {b.card_color} 18%, white)",
            "--accent-a3": f"color-mix(in srgb, {b.card_color} 12%, transparent)",
            "--accent-a4": f"color-mix(in srgb, {b.card_color} 18%, transparent)",
            "--accent-a11": b.accent_text,
        }

    @rx.var(cache=True)
    def description(self) -> str:
        return self.brand.descriptions.get(self.locale_seen) or self.brand.descriptions.get("en", "")

    @rx.event
    async def load(self):
        """on_load of every storefront page: the store's brand, and the merchant's language as the fallback."""
        code = str(self.store_code or "")  # the route argument
        self.status = "loading"
        try:
            brand = await rx.run_in_thread(lambda: load_brand(code))
        except (errors.StoreNotFound, errors.ProgramNotFound):
            self.status, self.brand = "missing", Brand()
            return
        self.brand = brand
        i18n = await self.get_state(I18nState)
        if not normalize_locale(i18n.lang) and not negotiate(self.router.headers.accept_language):
            i18n.detected = normalize_locale(brand.default_locale) or i18n.detected
        self._format(i18n.locale)
        self.status = "ready"

    def _format(self, locale: str) -> None:
        """Numbers in the reader's language (re-run when the language changes)."""
        b = self.brand
        self.locale_seen = locale
        self.rate_text = formats.number(b.points_per_euro, locale)
        self.minimum_text = formats.money(b.min_purchase_cents, locale) if b.min_purchase_cents else ""
        self.welcome_text = formats.number(b.welcome_bonus, locale) if b.welcome_bonus else ""
        self.reward_lines = [
            RewardLine(r["id"], r["name"], formats.number(r["points_cost"], locale)) for r in b.rewards
        ]

    @rx.event
    def relocalize(self, lang: str):
        """After the reader picks a language: numbers follow."""
        self._format(normalize_locale(lang) or self.locale_seen)

    @rx.event
    def to_join(self):
        """`/s/{store_code}` alone: the join page (or the 404 when the store is unknown)."""
        if self.status == "ready":
            return rx.redirect(f"/s/{self.brand.store_code}/join")
