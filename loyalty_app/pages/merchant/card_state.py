"""One card in the console: customer data, balance, a page of history; adjust points, deactivate, reactivate."""

import reflex as rx
from pydantic import BaseModel

from loyalty_app.models.public import CardDetail
from loyalty_app.services import errors
from loyalty_app.services.cards import cards, lookup
from loyalty_app.services.ledger import points

from ...components.failure import failure_text
from ...components.ledger_line import signed
from ...db import new_session
from ...i18n import t
from ...i18n.formats import day_and_time
from .console import console_context

HISTORY_PAGE = 20


class CardInfo(BaseModel):
    """The card and its member as the page shows them (from services.cards.lookup's CardDetail)."""

    number: str = ""
    type: str = ""
    stamps: str = ""
    points: str = ""
    lifetime_stamps: str = ""
    lifetime_points: str = ""
    store: str = ""
    enrolled: str = ""
    last_activity: str = ""
    reason: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    birthday: str = ""
    locale: str = ""
    consent: str = "no"


class HistoryRow(BaseModel):
    when: str
    type: str
    store: str
    staff: str
    stamps: str
    points: str
    voided: bool


def _info(d: CardDetail, when) -> CardInfo:
    card, customer = d.card, d.customer
    return CardInfo(
        number=cards.format_card_number(card.card_number),
        type=card.loyalty_type,
        stamps=f"{card.stamp_count}/{card.stamps_target}",
        points=str(card.points_balance),
        lifetime_stamps=str(d.lifetime_stamps),
        lifetime_points=str(d.lifetime_points),
        store=card.enrolled_at_store.name,
        enrolled=when(d.created_at),
        last_activity=when(d.last_activity_at),
        reason=d.deactivated_reason or "",
        first_name=(customer and customer.first_name) or "",
        last_name=(customer and customer.last_name) or "",
        email=(customer and customer.email) or "",
        phone=(customer and customer.phone) or "",
        birthday=customer.birthday.isoformat() if customer and customer.birthday else "",
        locale=(customer and customer.locale) or "",
        consent="yes" if customer and customer.marketing_consent else "no",
    )


def _detail(merchant_id: int, card_id: int, page: int, tz: str, locale: str) -> dict:
    with new_session() as session:
        d = lookup.card_detail(session, merchant_id, card_id, page=page, page_size=HISTORY_PAGE)

    def when(moment) -> str:
        return day_and_time(moment, tz, locale) if moment else ""

    history = [
        HistoryRow(
            when=when(h.created_at),
            type=h.type,
            store=h.store_code or "",
            staff=h.staff_name or "",
            stamps=signed(h.stamps_delta) if h.stamps_delta else "",
            points=signed(h.points_delta) if h.points_delta else "",
            voided=h.voided_by_id is not None,
        )
        for h in d.history.items
    ]
    return {"info": _info(d, when), "active": d.card.is_active, "history": history, "total": d.history.total}


def _act(fn, merchant_id: int, *args):
    with new_session() as session:
        return fn(session, merchant_id, *args)


class CardDetailState(rx.State):
    found: bool = False
    info: CardInfo = CardInfo()
    active: bool = True
    history: list[HistoryRow] = []
    total: int = 0
    page: int = 1
    notice: str = ""
    notice_kind: str = "ok"

    @rx.var(cache=True)
    def pages(self) -> int:
        return max(1, -(-self.total // HISTORY_PAGE))

    def _card_id(self) -> int:
        raw = str(self.console_card_id or "")  # the route argument
        return int(raw) if raw.isdigit() else 0

    async def _refresh(self):
        actor, locale, tz = await console_context(self)
        if actor is None:
            return
        card_id, page = self._card_id(), self.page
        try:
            d = await rx.run_in_thread(lambda: _detail(actor.merchant_id, card_id, page, tz, locale))
        except errors.CardNotFound:
            self.found = False
            return
        self.found, self.info, self.active = True, d["info"], d["active"]
        self.history, self.total = d["history"], d["total"]

    @rx.event
    async def on_load(self):
        self.page, self.notice, self.found = 1, "", False
        await self._refresh()

    @rx.event
    async def go(self, delta: int):
        self.page = min(max(1, self.page + delta), self.pages)
        await self._refresh()

    async def _run(self, fn, *args, done_key: str, **params):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        card_id = self._card_id()
        try:
            await rx.run_in_thread(lambda: _act(fn, actor.merchant_id, card_id, *args, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return
        self.notice, self.notice_kind, self.page = t(done_key, locale, **params), "ok", 1
        await self._refresh()

    @rx.event
    async def adjust(self, form: dict):
        raw = str(form.get("points_delta", "")).strip().replace("\u2212", "-")
        delta = int(raw) if raw.lstrip("-").isdigit() else 0
        await self._run(
            points.adjust_points,
            delta,
            str(form.get("reason", "")),
            done_key="merchant.card.adjusted",
            points=signed(delta),
        )

    @rx.event
    async def deactivate(self, form: dict):
        await self._run(cards.deactivate_card, str(form.get("reason", "")), done_key="merchant.card.deactivated")

    @rx.event
    async def reactivate(self):
        actor, locale, _ = await console_context(self)
        if actor is None:
            return
        card_id = self._card_id()
        try:
            await rx.run_in_thread(lambda: _act(cards.reactivate_card, actor.merchant_id, card_id, actor))
        except errors.DomainError as exc:
            self.notice, self.notice_kind = failure_text(exc, "merchant", locale), "error"
            return
        self.notice, self.notice_kind = t("merchant.card.reactivated", locale), "ok"
        await self._refresh()
