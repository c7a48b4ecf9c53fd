"""The cards list's state: search, filters, sort, page, and the cards ticked for a bulk action."""

import reflex as rx
from pydantic import BaseModel

from loyalty_app.models.public import CardListItem
from loyalty_app.services.cards import card_list, cards
from loyalty_app.services.cards.card_list import CardFilter
from loyalty_app.services.merchant.stores import list_stores

from ...db import new_session
from ...i18n.formats import day_and_time
from .console import console_context

PAGE_SIZE = 25
ACTIVE = {"all": None, "active": True, "inactive": False}


class CardRow(BaseModel):
    """A card as the list shows it (from services.cards.card_list's CardListItem)."""

    id: int
    number: str
    name: str
    email: str
    store: str
    stamps: str
    points: str
    active: bool
    last_activity: str


def _row(item: CardListItem, tz: str, locale: str) -> CardRow:
    customer = item.customer
    name = " ".join(p for p in (customer.first_name, customer.last_name) if p) if customer else ""
    return CardRow(
        id=item.id,
        number=cards.format_card_number(item.card_number),
        name=name,
        email=(customer.email if customer else None) or "",
        store=item.enrolled_at_store.name,
        stamps=f"{item.stamp_count}/{item.stamps_target}" if item.loyalty_type != "points" else "",
        points=str(item.points_balance) if item.loyalty_type != "stamps" else "",
        active=item.is_active,
        last_activity=day_and_time(item.last_activity_at, tz, locale) if item.last_activity_at else "",
    )


def _page(merchant_id: int, f: CardFilter, sort: str, page: int, tz: str, locale: str):
    with new_session() as session:
        result = card_list.list_cards(session, merchant_id, f, sort=sort, page=page, page_size=PAGE_SIZE)
        stores = [s.code for s in list_stores(session, merchant_id)]
    return [_row(i, tz, locale) for i in result.items], result.total, stores


class CardsState(rx.State):
    query: str = ""
    store_code: str = "all"
    active: str = "all"
    at_risk: bool = False
    sort: str = "newest"
    page: int = 1
    total: int = 0
    rows: list[CardRow] = []
    store_codes: list[str] = []
    selected: list[int] = []

    @rx.var(cache=True)
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var(cache=True)
    def selected_count(self) -> int:
        return len(self.selected)

    @rx.var(cache=True)
    def page_ids(self) -> list[int]:
        return [r.id for r in self.rows]

    def _filter(self) -> CardFilter:
        return CardFilter(
            query=self.query,
            store_code="" if self.store_code == "all" else self.store_code,
            active=ACTIVE.get(self.active),
            at_risk=self.at_risk,
        )

    async def _refresh(self):
        actor, locale, tz = await console_context(self)
        if actor is None:
            return
        f, sort, page = self._filter(), self.sort, self.page
        self.rows, self.total, self.store_codes = await rx.run_in_thread(
            lambda: _page(actor.merchant_id, f, sort, page, tz, locale)
        )

    @rx.event
    async def on_load(self):
        from .task_panel import TaskState

        self.selected, self.page = [], 1
        await self._refresh()
        return TaskState.load("bulk")

    @rx.event
    async def search(self, form: dict):
        self.query, self.page, self.selected = str(form.get("query", "")).strip(), 1, []
        await self._refresh()

    @rx.event
    async def set_filter(self, name: str, value: str):
        if name == "store_code":
            self.store_code = value
        elif name == "active" and value in ACTIVE:
            self.active = value
        elif name == "sort" and value in card_list.SORTS:
            self.sort = value
        self.page, self.selected = 1, []
        await self._refresh()

    @rx.event
    async def set_at_risk(self, value: bool):
        self.at_risk, self.page, self.selected = bool(value), 1, []
        await self._refresh()

    @rx.event
    async def go(self, delta: int):
        self.page = min(max(1, self.page + delta), self.pages)
        await self._refresh()

    @rx.event
    def toggle(self, card_id: int, on: bool):
        if on and card_id not in self.selected:
            self.selected.append(card_id)
        elif not on and card_id in self.selected:
            self.selected.remove(card_id)

    @rx.event
    def toggle_page(self, on: bool):
        ids = self.page_ids
        self.selected = [i for i in self.selected if i not in ids] + (ids if on else [])

    @rx.event
    def clear_selection(self):
        self.selected = []
